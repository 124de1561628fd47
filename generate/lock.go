package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// LockFile is the file a run that writes a migrations directory (generate,
// merge, hash) holds while it reads and writes it. It exists only during
// such a run, or after one was killed.
const LockFile = ".migragen.lock"

// leftoverName matches the temp files and backups of a write (writeSet):
// "." + one of migragen's file names + ".tmp" + digits. A run killed
// between writing them and removing them leaves some.
var leftoverName = regexp.MustCompile(`^\.(` + regexp.QuoteMeta(SnapshotFile) + `|` + regexp.QuoteMeta(SumFile) + `|` +
	regexp.QuoteMeta(IndexFile) + `|[0-9]{14}(_[A-Za-z0-9_]*)?\.go)\.tmp[0-9]+$`)

// DirLock is a held lock on a migrations directory: one writer at a time,
// so that two runs cannot both add a revision after the same head and
// leave a half-written set.
type DirLock struct {
	dir  string
	file *os.File
	// madeDir says Lock created the directory, which Unlock removes
	// again if nothing was written to it.
	madeDir bool
	// Removed lists the leftovers of interrupted runs Lock removed: temp
	// files of migragen's atomic writes, and the lock file of a run that
	// was killed.
	Removed []string
}

// Holder describes the run that holds, or held, a directory's lock, as
// its lock file records it.
type Holder struct {
	Command string
	PID     int
	Host    string
	Since   time.Time
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "another migragen run"
	}
	return fmt.Sprintf("migragen %s (pid %d on host %s, since %s)", h.Command, h.PID, h.Host, h.Since.Format(time.RFC3339))
}

// encode is the lock file's content.
func (h Holder) encode() []byte {
	return fmt.Appendf(nil, "command %s\npid %d\nhost %s\nsince %s\n", h.Command, h.PID, h.Host, h.Since.UTC().Format(time.RFC3339))
}

// decodeHolder reads a lock file's content; a zero Holder when it is
// empty (its run has not written it yet) or not a lock file.
func decodeHolder(data []byte) Holder {
	var h Holder
	for line := range strings.Lines(string(data)) {
		key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "command":
			h.Command = val
		case "pid":
			h.PID, _ = strconv.Atoi(val)
		case "host":
			h.Host = val
		case "since":
			h.Since, _ = time.Parse(time.RFC3339, val)
		}
	}
	return h
}

// LockedError reports a directory whose lock another run holds.
type LockedError struct {
	Dir    string
	Holder Holder
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s is locked by %s, which is writing it (%s); run again when it has finished",
		e.Dir, e.Holder, lockAdvice(filepath.Join(e.Dir, LockFile)))
}

// Lock takes the lock on the migrations directory dir for command,
// creating the directory if needed. It fails with a *LockedError, at
// once, when another run holds it. Holding it, it removes the leftovers
// of interrupted runs: only migragen's own temp files, which no other
// run can be writing now.
func Lock(dir, command string) (*DirLock, error) {
	_, err := os.Stat(dir)
	made := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, LockFile)
	f, prev, err := acquire(path)
	if err != nil {
		var locked *LockedError
		if errors.As(err, &locked) {
			locked.Dir = dir
		}
		return nil, err
	}
	host, _ := os.Hostname()
	l := &DirLock{dir: dir, file: f, madeDir: made}
	if len(prev) > 0 {
		// A lock file with content that nobody holds: its run was killed.
		l.Removed = append(l.Removed, fmt.Sprintf("%s, taken over (left by %s)", path, decodeHolder(prev)))
	}
	me := Holder{Command: command, PID: os.Getpid(), Host: host, Since: time.Now()}
	if err := record(f, me.encode()); err != nil {
		l.Unlock()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	if err := l.removeLeftovers(); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

// record replaces the content of the lock file f with data.
func record(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt(data, 0)
	return err
}

// removeLeftovers removes the temp files of migragen's atomic writes.
func (l *DirLock) removeLeftovers() error {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	for _, path := range leftovers(l.dir, names) {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("removing a leftover of an interrupted run: %w", err)
		}
		l.Removed = append(l.Removed, path)
	}
	return nil
}

// Unlock releases the lock and removes the lock file, and the directory
// when Lock created it and it is still empty.
func (l *DirLock) Unlock() error {
	if l == nil || l.file == nil {
		return nil
	}
	err := unlockFile(filepath.Join(l.dir, LockFile), l.file)
	l.file = nil
	if l.madeDir {
		os.Remove(l.dir) // fails, as it should, unless empty
	}
	return err
}

// holds reports whether l is a held lock on dir.
func (l *DirLock) holds(dir string) bool {
	return l != nil && l.file != nil && filepath.Clean(l.dir) == filepath.Clean(dir)
}

// leftovers lists the temp files of interrupted runs in entries' names.
func leftovers(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if leftoverName.MatchString(n) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}
