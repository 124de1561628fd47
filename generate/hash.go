package generate

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"

	"github.com/migragen/migragen/render"
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
// the migration files present, whatever the old sum says.
//
// It refuses, writing nothing, when a migration file does not parse, and
// when the re-summed directory would not pass Load: the revisions must
// form one graph with a single head and replaying them must still give
// schema.json. An edit that changes the schema is thus refused rather than
// summed, since schema.json would no longer be the head of the graph;
// migrations are frozen, so such a change belongs in a new revision.
func Hash(dir string) error {
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
	if err := st.verify(files, df.snapData); err != nil {
		return fmt.Errorf("%w\nmigragen hash wrote nothing: it re-sums edits that keep the graph and schema.json as they are "+
			"(an edit that changes the schema must not be summed, since schema.json would no longer match the migrations: "+
			"undo it and make it a new revision with migragen generate)", err)
	}
	w := &writer{dir: dir}
	if err := w.write(SumFile, encodeSum(sums)); err != nil {
		return err
	}
	return nil
}
