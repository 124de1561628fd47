//go:build unix

package generate

import (
	"errors"
	"io"
	"os"
	"syscall"
	"time"
)

// acquire opens and flocks the lock file path, creating it if needed, and
// returns its previous content. The kernel releases a flock when its
// process dies, so a killed run's lock file is free to take: no pid needs
// checking. A file another run holds is a *LockedError naming it.
func acquire(path string) (*os.File, []byte, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			defer f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, nil, &LockedError{Holder: holderOf(f)}
			}
			return nil, nil, err
		}
		// The holder before us may have removed the file between our open
		// and our flock; then we hold an unlinked file, and must retry on
		// the path's current one.
		held, err1 := f.Stat()
		cur, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, cur) {
			data, err := io.ReadAll(f)
			if err != nil {
				f.Close()
				return nil, nil, err
			}
			return f, data, nil
		}
		f.Close()
	}
}

// unlockFile gives up the lock file f at path: removed while still held,
// so that a run that opened the old file finds it unlinked and tries
// again, then closed, which releases the flock.
func unlockFile(path string, f *os.File) error {
	return errors.Join(os.Remove(path), f.Close())
}

// lockAdvice says what ends a lock.
func lockAdvice(string) string {
	return "the lock ends when that process exits"
}

// holderOf reads who holds the lock file f. The holder writes it just
// after it takes the lock, so a file still empty is read again for a
// moment: the error should name the run, not "another run".
func holderOf(f *os.File) Holder {
	for range 10 {
		data, _ := io.ReadAll(io.NewSectionReader(f, 0, 1<<16))
		if len(data) > 0 {
			return decodeHolder(data)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return Holder{}
}
