package generate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
)

// copyDir copies the files of src into dst, creating it.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o777); err != nil {
		t.Fatal(err)
	}
	for n, data := range readDir(t, src) {
		if err := os.WriteFile(filepath.Join(dst, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// branches generates a base revision, then one revision on each of two
// copies of the directory with the models bodies a and b, and returns the
// models directory, the two branch directories and the IDs of their heads.
func branches(t *testing.T, a, b string) (models, dirA, dirB, idA, idB string) {
	t.Helper()
	ctx := context.Background()
	models = tempModels(t)
	dirA = filepath.Join(t.TempDir(), "migrations")
	dirB = filepath.Join(t.TempDir(), "migrations")
	gen := func(dir, now, msg string) string {
		res, err := Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Now: clock(now), Message: msg})
		if err != nil {
			t.Fatal(err)
		}
		return res.ID
	}
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n}\n")
	gen(dirA, "2026-01-01T00:00:00Z", "base")
	copyDir(t, dirA, dirB)
	writeModels(t, models, a)
	idA = gen(dirA, "2026-01-02T00:00:00Z", "branch a")
	writeModels(t, models, b)
	idB = gen(dirB, "2026-01-03T00:00:00Z", "branch b")
	return
}

// gitMerge brings the files of dirB into dirA as a git merge with
// conflicts in the sum, the index and schema.json would.
func gitMerge(t *testing.T, dirA, dirB string) {
	t.Helper()
	a, b := readDir(t, dirA), readDir(t, dirB)
	for n, data := range b {
		switch {
		case n == SumFile || n == SnapshotFile || n == IndexFile:
			conflicted := "<<<<<<< HEAD\n" + string(a[n]) + "=======\n" + string(data) + ">>>>>>> branch-b\n"
			if err := os.WriteFile(filepath.Join(dirA, n), []byte(conflicted), 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(filepath.Join(dirA, n), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestMerge(t *testing.T) {
	ctx := context.Background()
	models, dir, dirB, idA, idB := branches(t,
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tEmail string\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge int\n}\n")
	sumA, _ := os.ReadFile(filepath.Join(dir, SumFile))
	snapA, _ := os.ReadFile(filepath.Join(dir, SnapshotFile))
	gitMerge(t, dir, dirB)

	// The sum of one branch lists a subset of the files.
	os.WriteFile(filepath.Join(dir, SumFile), sumA, 0o644)
	os.WriteFile(filepath.Join(dir, SnapshotFile), snapA, 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not listed") || !strings.Contains(err.Error(), "migragen merge") {
		t.Fatalf("Load with one branch's sum: %v", err)
	}
	// A sum listing every file: two heads.
	files, sums, _, err := readAll(dir, mustScan(t, dir))
	if err != nil || len(files) != 3 {
		t.Fatalf("readAll: %d files, %v", len(files), err)
	}
	os.WriteFile(filepath.Join(dir, SumFile), encodeSum(sums), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "several heads") || !strings.Contains(err.Error(), "migragen merge") {
		t.Fatalf("Load with two heads: %v", err)
	}

	// Merge works from the conflicted files too.
	gitMerge(t, dir, dirB)
	res, err := Merge(ctx, Config{Dir: dir, Now: clock("2026-01-04T00:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "20260104000000_merge" || !slices.Equal(res.Heads, []string{idA, idB}) {
		t.Fatalf("merge revision %q joins %v", res.ID, res.Heads)
	}
	if !strings.HasSuffix(res.Written[len(res.Written)-1], SumFile) {
		t.Errorf("the sum was not written last: %v", res.Written)
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	last := st.Migrations[len(st.Migrations)-1]
	if st.Head != res.ID || len(st.Migrations) != 4 || last.ID != res.ID || !slices.Equal(last.Parents, []string{idA, idB}) || len(last.Up) != 0 {
		t.Errorf("after merge: head %s, revisions %v, last %+v", st.Head, st.IDs(), last)
	}
	index, _ := os.ReadFile(filepath.Join(dir, IndexFile))
	if !bytes.Contains(index, []byte("m"+idA+",\n\t\tm"+idB+",\n\t\tm"+res.ID+",")) {
		t.Errorf("index not in graph order:\n%s", index)
	}

	// Models with both edits are up to date.
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tEmail string\n\tAge int\n}\n")
	p, err := Plan(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 0 {
		t.Errorf("after merge the models have changes: %v", p.Summary())
	}

	// Nothing more to merge.
	before := readDir(t, dir)
	res, err = Merge(ctx, Config{Dir: dir, Now: clock("2026-01-05T00:00:00Z")})
	if err != nil || res.ID != "" || len(res.Heads) != 1 {
		t.Errorf("second merge: %+v, %v", res, err)
	}
	if after := readDir(t, dir); len(after) != len(before) {
		t.Errorf("a merge with nothing to do wrote files")
	}
}

func mustScan(t *testing.T, dir string) *dirFiles {
	t.Helper()
	df, err := scanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return df
}

func TestMergeConflict(t *testing.T) {
	body := "type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tEmail string\n}\n"
	_, dir, dirB, idA, idB := branches(t, body, body)
	gitMerge(t, dir, dirB)
	before := readDir(t, dir)
	_, err := Merge(context.Background(), Config{Dir: dir, Now: clock("2026-01-04T00:00:00Z")})
	if err == nil {
		t.Fatal("merge accepted conflicting branches")
	}
	for _, want := range []string{idA, idB, "users.email", "nothing was written"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	after := readDir(t, dir)
	if len(after) != len(before) {
		t.Errorf("a refused merge wrote files")
	}
	for n, data := range before {
		if !bytes.Equal(after[n], data) {
			t.Errorf("a refused merge changed %s", n)
		}
	}
}

func TestMergeRefusesEditedFile(t *testing.T) {
	_, dir, dirB, idA, _ := branches(t,
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tEmail string\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge int\n}\n")
	gitMerge(t, dir, dirB)
	appendTo(t, filepath.Join(dir, idA+".go"), "\n// an edit\n")
	if _, err := Merge(context.Background(), Config{Dir: dir, Now: clock("2026-01-04T00:00:00Z")}); err == nil || !strings.Contains(err.Error(), "does not match its hash") {
		t.Fatalf("merge with an edited file: %v", err)
	}
}

func TestHash(t *testing.T) {
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n}\n")
	res, err := Generate(context.Background(), Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Now: clock("2026-01-01T00:00:00Z"), Message: "step"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, res.ID+".go")
	orig, _ := os.ReadFile(path)
	sum, _ := os.ReadFile(filepath.Join(dir, SumFile))

	// A deliberate edit of the message: Load refuses until hash re-sums it.
	edited := bytes.Replace(orig, []byte(`Message: "step"`), []byte(`Message: "create users"`), 1)
	if bytes.Equal(edited, orig) {
		t.Fatalf("no Message in the migration:\n%s", orig)
	}
	os.WriteFile(path, edited, 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "migragen hash") {
		t.Fatalf("Load after an edit: %v", err)
	}
	if err := Hash(dir, nil); err != nil {
		t.Fatal(err)
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Migrations[0].Message != "create users" {
		t.Errorf("message %q", st.Migrations[0].Message)
	}

	// An edit that changes the schema is refused, and the sum kept.
	sum, _ = os.ReadFile(filepath.Join(dir, SumFile))
	changed := bytes.ReplaceAll(edited, []byte("Size: 100"), []byte("Size: 101"))
	if bytes.Equal(changed, edited) {
		t.Fatalf("no Size: 100 in the migration:\n%s", edited)
	}
	os.WriteFile(path, changed, 0o644)
	err = Hash(dir, nil)
	if err == nil || !strings.Contains(err.Error(), "the edit of "+path+" changes the schema") || !strings.Contains(err.Error(), "wrote nothing") {
		t.Fatalf("Hash after a schema edit: %v", err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, SumFile)); !bytes.Equal(now, sum) {
		t.Error("a refused hash changed the sum")
	}

	// A file that does not parse is refused with its position.
	os.WriteFile(path, []byte("package migrations\n\nvar x = \n"), 0o644)
	err = Hash(dir, nil)
	if err == nil || !strings.Contains(err.Error(), res.ID+".go:") {
		t.Fatalf("Hash of a broken file: %v", err)
	}
	os.WriteFile(path, []byte("package migrations\n"), 0o644)
	err = Hash(dir, nil)
	if err == nil || !strings.Contains(err.Error(), res.ID+".go:1") {
		t.Fatalf("Hash of a file without a migration: %v", err)
	}
}
