package generate

import (
	"errors"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// readAll parses every migration file of df. It returns the revisions by
// ID and the hashes of their files by file name.
func readAll(dir string, df *dirFiles) (map[string]render.File, map[string]string, string, error) {
	fset := token.NewFileSet()
	files := map[string]render.File{}
	sums := map[string]string{}
	pkg := PackageName(dir)
	for _, n := range df.migrations {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, nil, "", err
		}
		f, err := readMigration(fset, dir, n, data)
		if err != nil {
			return nil, nil, "", err
		}
		files[f.ID] = f
		sums[n] = hashFile(data)
		pkg = f.Package
	}
	return files, sums, pkg, nil
}

// Hash re-sums the migration files of dir, as after deliberate edits (a
// data step, a fixed message): it rewrites migragen.sum, atomically, from
// the migration files present, whatever the old sum says. It rewrites the
// index (migrations.go) too, which is generated from the revisions.
// lock is the caller's held lock on dir; when nil, Hash takes it.
//
// It refuses, writing nothing, when a migration file does not parse, and
// when the re-summed directory would not pass Load: the revisions must
// form one graph with a single head and replaying them must still give
// schema.json. An edit that changes the schema is thus refused rather than
// summed, since schema.json would no longer be the head of the graph;
// migrations are frozen, so such a change belongs in a new revision.
func Hash(dir string, lock *DirLock) error {
	_, unlock, err := holdLock(dir, lock, "hash")
	if err != nil {
		return err
	}
	defer unlock()
	df, err := scanDir(dir)
	if err != nil {
		return err
	}
	if df == nil || len(df.migrations) == 0 {
		return fmt.Errorf("%s holds no migration files; nothing to hash", dir)
	}
	files, sums, pkg, err := readAll(dir, df)
	if err != nil {
		return err
	}
	st := &State{Dir: dir, Package: pkg, Sums: sums}
	if err := st.verify(files, func() (*schema.Snapshot, error) { return decodeSnapshot(dir, df.snapData) }); err != nil {
		return hashRefusal(dir, df.sumData, sums, err)
	}
	index, err := render.Index(pkg, st.IDs(), st.Snapshot.Settings)
	if err != nil {
		return err
	}
	// An edited file's Sum, the checksum generate wrote, no longer says
	// what the revision does: it goes, and the runtime computes the
	// checksum.
	var writes []file
	old, _ := decodeSum(filepath.Join(dir, SumFile), df.sumData)
	for _, id := range slices.Sorted(maps.Keys(files)) {
		name := id + ".go"
		if files[id].Sum == "" || (old != nil && old[name] == sums[name]) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if data, err = render.DropSum(data); err != nil {
			return fmt.Errorf("%s: removing Sum: %w", filepath.Join(dir, name), err)
		}
		writes = append(writes, file{name, data})
		sums[name] = hashFile(data)
	}
	sums[IndexFile] = hashFile(index)
	_, err = writeSet(dir, append(writes, file{IndexFile, index}, file{SumFile, encodeSum(sums)}))
	return err
}

// hashRefusal explains why Hash wrote nothing after verify failed with err.
// When replaying no longer gives schema.json and migration files differ
// from the old sum, an edit of those files changed the schema: they are
// named, rather than schema.json, which still matches the migrations as
// summed.
func hashRefusal(dir string, sumData []byte, sums map[string]string, err error) error {
	var mismatch *snapshotMismatch
	old, sumErr := decodeSum(filepath.Join(dir, SumFile), sumData)
	if errors.As(err, &mismatch) && sumData != nil && sumErr == nil {
		var edited []string
		for _, n := range slices.Sorted(maps.Keys(sums)) {
			if n != IndexFile && old[n] != sums[n] {
				edited = append(edited, filepath.Join(dir, n))
			}
		}
		if len(edited) > 0 {
			return fmt.Errorf("the edit of %s changes the schema: replayed, the migrations no longer give %s: %s (first: replayed migrations, second: %s)\n"+
				"migragen hash wrote nothing: it re-sums edits that keep the schema, such as a data step or a message. "+
				"Undo the schema change in the edited file (migrations are frozen) and make it a new revision with migragen generate",
				strings.Join(edited, ", "), SnapshotFile, strings.Join(mismatch.diffs, "; "), SnapshotFile)
		}
	}
	return fmt.Errorf("%w\nmigragen hash wrote nothing: it re-sums edits that keep the graph and schema.json as they are "+
		"(an edit that changes the schema must not be summed, since schema.json would no longer match the migrations: "+
		"undo it and make it a new revision with migragen generate)", err)
}
