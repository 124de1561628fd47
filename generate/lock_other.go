//go:build !unix

package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// acquire creates the lock file path exclusively. Without flock, a lock
// file whose process is gone (on this host) is stale, and so is an empty
// one older than a few seconds (its run died before writing it). A stale
// file is taken over by renaming it aside first: of two runs that both
// find it stale, only one rename succeeds, so only one run can create
// the new lock file. Its content is returned as the previous holder's.
func acquire(path string) (*os.File, []byte, error) {
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, nil, nil
		}
		if !errors.Is(err, fs.ErrExist) || attempt == 2 {
			data, _ := os.ReadFile(path)
			if err == nil || errors.Is(err, fs.ErrExist) {
				err = &LockedError{Holder: decodeHolder(data)}
			}
			return nil, nil, err
		}
		data, _ := os.ReadFile(path)
		if !stale(path, decodeHolder(data)) {
			return nil, nil, &LockedError{Holder: decodeHolder(data)}
		}
		aside := fmt.Sprintf("%s.stale%d", path, os.Getpid())
		if err := os.Rename(path, aside); err != nil {
			continue // another run took it over first
		}
		os.Remove(aside)
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, data, nil
		}
	}
}

// stale reports whether the lock file path, holding h, belongs to no live
// run.
func stale(path string, h Holder) bool {
	if h.PID == 0 {
		info, err := os.Stat(path)
		return err == nil && time.Since(info.ModTime()) > 10*time.Second
	}
	host, _ := os.Hostname()
	return h.Host == host && !alive(h.PID)
}

// alive reports whether process pid exists; os.FindProcess opens the
// process on Windows, and fails when it is gone.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// unlockFile gives up the lock file f at path: closed first, since a
// file that is still open cannot be removed on Windows.
func unlockFile(path string, f *os.File) error {
	return errors.Join(f.Close(), os.Remove(path))
}

// lockAdvice says what ends a lock.
func lockAdvice(path string) string {
	return "if that process is gone, remove " + path
}
