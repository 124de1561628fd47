//go:build !unix

package generate

import (
	"errors"
	"io/fs"
	"os"
)

// acquire creates the lock file path exclusively. Without flock, a lock
// file whose process is gone (on this host) is stale: it is taken over,
// and its content returned as the previous holder's.
func acquire(path string) (*os.File, []byte, error) {
	for range 2 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, nil, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, nil, err
		}
		data, _ := os.ReadFile(path)
		h := decodeHolder(data)
		host, _ := os.Hostname()
		if h.PID == 0 || h.Host != host || alive(h.PID) {
			return nil, nil, &LockedError{Holder: h}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, err
		}
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, data, nil
		}
	}
	data, _ := os.ReadFile(path)
	return nil, nil, &LockedError{Holder: decodeHolder(data)}
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

func release(f *os.File) error { return f.Close() }

// lockAdvice says what ends a lock.
func lockAdvice(path string) string {
	return "if that process is gone, remove " + path
}
