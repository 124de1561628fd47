package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// file is one file of a migrations directory to write.
type file struct {
	name string
	data []byte
}

// writeRevision writes a new revision's file, the index, the snapshot and,
// last, the sum — the commit record.
func writeRevision(dir, id string, migration, index, snap []byte, sums map[string]string) ([]string, error) {
	return writeRevisions(dir, []file{{id + ".go", migration}}, index, snap, sums)
}

// writeRevisions is writeRevision for several new revisions at once (an
// expansion and its contraction): all of them or none.
func writeRevisions(dir string, migrations []file, index, snap []byte, sums map[string]string) ([]string, error) {
	return writeSet(dir, append(slices.Clone(migrations),
		file{IndexFile, index},
		file{SnapshotFile, snap},
		file{SumFile, encodeSum(sums)},
	))
}

// writeSet replaces files in order so that the directory holds either
// all of the old files or all of the new ones, whatever fails:
//
//  1. every target is checked (a read-only file is refused: a rename would
//     replace it silently, and its owner meant it to stay);
//  2. every new content is written to a synced temp file beside its target;
//     a failure here (a full disk) removes the temp files and has changed
//     nothing;
//  3. each existing target is kept under a backup name by a hard link,
//     which needs no space;
//  4. the temp files are renamed over their targets in order, with the
//     directory synced before the last one (the sum, the commit record)
//     and after it; a failed rename puts the backups back by renames.
//
// Temp files and backups share the leftover pattern (leftoverName), so a
// run killed half-way leaves nothing that the next run does not remove.
func writeSet(dir string, files []file) ([]string, error) {
	s := &swap{dir: dir}
	defer s.cleanup()
	for _, f := range files {
		if err := s.check(f.name); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if err := s.stage(f); err != nil {
			return nil, fmt.Errorf("%w\nnothing was changed", err)
		}
	}
	if err := s.commit(); err != nil {
		if rerr := s.rollback(); rerr != nil {
			return nil, fmt.Errorf("%w\nrestoring the files replaced before it failed too: %w", err, rerr)
		}
		return nil, fmt.Errorf("%w\nnothing was changed: the files replaced before it were restored", err)
	}
	return s.written(), nil
}

// swap is one writeSet in progress.
type swap struct {
	dir    string
	staged []staged
	// done counts the targets already replaced.
	done int
}

// staged is one file whose new content waits in a temp file.
type staged struct {
	path, tmp string
	// backup is a hard link to the target's previous content, or "" for
	// a file the run creates.
	backup string
	mode   fs.FileMode
}

func (s *swap) check(name string) error {
	path := filepath.Join(s.dir, name)
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("writing %s: %w", path, err)
	case info.Mode().Perm()&0o200 == 0:
		return fmt.Errorf("writing %s: %w: the file is read-only (mode %v); make it writable and run again; nothing was changed", path, fs.ErrPermission, info.Mode().Perm())
	}
	return nil
}

// stage writes f's content to a synced temp file beside its target, with
// the target's mode.
func (s *swap) stage(f file) error {
	st := staged{path: filepath.Join(s.dir, f.name), mode: 0o644}
	if info, err := os.Lstat(st.path); err == nil {
		st.mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(s.dir, "."+f.name+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", st.path, err)
	}
	st.tmp = tmp.Name()
	s.staged = append(s.staged, st)
	_, err = tmp.Write(f.data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(st.tmp, st.mode)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", st.path, err)
	}
	return nil
}

// commit keeps each existing target under a backup name, then renames the
// temp files over the targets in order.
func (s *swap) commit() error {
	for i := range s.staged {
		st := &s.staged[i]
		if _, err := os.Lstat(st.path); err != nil {
			continue // created by this run
		}
		st.backup = filepath.Join(s.dir, "."+filepath.Base(st.path)+".tmp"+strconv.FormatInt(time.Now().UnixNano(), 10))
		if err := os.Link(st.path, st.backup); err != nil {
			st.backup = ""
			return fmt.Errorf("keeping %s until the write is complete: %w", st.path, err)
		}
	}
	for i, st := range s.staged {
		if i == len(s.staged)-1 {
			// What the sum commits must be on disk before it is.
			if err := syncDir(s.dir); err != nil {
				return err
			}
		}
		if err := rename(st.tmp, st.path); err != nil {
			return fmt.Errorf("writing %s: %w", st.path, err)
		}
		s.staged[i].tmp = ""
		s.done++
	}
	return syncDir(s.dir)
}

// rename is os.Rename; a test replaces it to fail a write half-way.
var rename = os.Rename

// rollback puts back the targets already replaced, last first: a backup
// is renamed over its target, a created file removed.
func (s *swap) rollback() error {
	var errs []error
	for i := s.done - 1; i >= 0; i-- {
		st := &s.staged[i]
		var err error
		if st.backup == "" {
			err = os.Remove(st.path)
		} else if err = os.Rename(st.backup, st.path); err == nil {
			st.backup = ""
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w; restore it from version control", st.path, err))
		}
	}
	return errors.Join(errs...)
}

// cleanup removes the temp files and backups left.
func (s *swap) cleanup() {
	for _, st := range s.staged {
		for _, p := range []string{st.tmp, st.backup} {
			if p != "" {
				os.Remove(p)
			}
		}
	}
}

func (s *swap) written() []string {
	out := make([]string, len(s.staged))
	for i, st := range s.staged {
		out[i] = st.path
	}
	return out
}

// syncDir makes the directory's entries (the renames) durable. Not every
// system can sync a directory; where it cannot, the renames stand as the
// file system orders them.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
