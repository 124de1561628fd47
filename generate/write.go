package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// file is one file of a migrations directory to write.
type file struct {
	name string
	data []byte
}

// writeRevision writes a new revision's file, the index, the snapshot and,
// last, the sum — the commit record — each atomically.
func writeRevision(dir, id string, migration, index, snap []byte, sums map[string]string) ([]string, error) {
	return writeSet(dir, []file{
		{id + ".go", migration},
		{IndexFile, index},
		{SnapshotFile, snap},
		{SumFile, encodeSum(sums)},
	})
}

// writeSet writes files in order, each atomically. If a write fails it
// restores every file written before it, byte for byte (the ones it
// created are removed), so that the directory is as the run found it.
func writeSet(dir string, files []file) ([]string, error) {
	w := &writer{dir: dir}
	for _, f := range files {
		if err := w.write(f.name, f.data); err != nil {
			if rerr := w.rollback(); rerr != nil {
				return nil, fmt.Errorf("%w\nrestoring the files written before it failed too: %w", err, rerr)
			}
			return nil, fmt.Errorf("%w\nnothing was changed: the files written before it were restored", err)
		}
	}
	return w.written, nil
}

// writer writes files atomically and remembers what each one held.
type writer struct {
	dir     string
	written []string
	// before holds, in the order written, each file's previous content;
	// nil data for a file the run created.
	before []saved
}

type saved struct {
	path string
	data []byte
	mode fs.FileMode
}

// write replaces the file name with data. A file made read-only is
// refused rather than replaced: a rename would replace it silently, and
// its owner meant it to stay as it is.
func (w *writer) write(name string, data []byte) error {
	path := filepath.Join(w.dir, name)
	old := saved{path: path, mode: 0o644}
	if info, err := os.Lstat(path); err == nil {
		if info.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("writing %s: %w: the file is read-only (mode %v); make it writable and run again", path, fs.ErrPermission, info.Mode().Perm())
		}
		if old.data, err = os.ReadFile(path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if old.data == nil {
			old.data = []byte{}
		}
		old.mode = info.Mode().Perm()
	}
	if err := writeAtomic(path, data, old.mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	w.written = append(w.written, path)
	w.before = append(w.before, old)
	return nil
}

// rollback undoes the writes, last first: it removes the files the run
// created and writes back the previous content of the others.
func (w *writer) rollback() error {
	var errs []error
	for i := len(w.before) - 1; i >= 0; i-- {
		s := w.before[i]
		var err error
		if s.data == nil {
			err = os.Remove(s.path)
		} else {
			err = writeAtomic(s.path, s.data, s.mode)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w; restore it from version control", s.path, err))
		}
	}
	return errors.Join(errs...)
}

// writeAtomic writes data to path through a temp file beside it, synced
// and renamed over it, so that a reader sees the old or the new content,
// never a part. A killed run leaves the temp file, whose name
// leftoverName matches.
func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
