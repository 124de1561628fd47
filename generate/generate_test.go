package generate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migragen/migragen/analyzer"
)

const exampleModels = "github.com/migragen/migragen/example/models"

var (
	exampleOnce sync.Once
	exampleRes  *analyzer.Result
	exampleErr  error
)

// example analyses the example models once per test binary.
func example(t *testing.T) *analyzer.Result {
	t.Helper()
	exampleOnce.Do(func() {
		exampleRes, exampleErr = analyzer.Analyze(context.Background(), analyzer.Config{}, exampleModels)
		if exampleErr == nil {
			exampleErr = exampleRes.Err()
		}
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return exampleRes
}

func clock(s string) func() time.Time {
	return func() time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
}

// readDir returns the files of dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func generateExample(t *testing.T, dir string) *Result {
	t.Helper()
	res, err := Generate(context.Background(), Config{
		Dir: dir, Analysis: example(t), Message: "Initial schema", Now: clock("2026-01-02T03:04:05Z"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestGenerateFirstThenClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	res := generateExample(t, dir)
	if res.ID != "20260102030405_initial_schema" {
		t.Errorf("ID = %q", res.ID)
	}
	files := readDir(t, dir)
	want := []string{res.ID + ".go", IndexFile, SnapshotFile, SumFile}
	if len(files) != len(want) {
		t.Errorf("wrote %d files, want %d: %v", len(files), len(want), res.Written)
	}
	for _, n := range want {
		if _, ok := files[n]; !ok {
			t.Errorf("%s not written", n)
		}
	}
	if !bytes.Contains(files[res.ID+".go"], []byte("package migrations\n")) {
		t.Errorf("migration file has the wrong package:\n%s", files[res.ID+".go"])
	}
	if !strings.HasSuffix(res.Written[len(res.Written)-1], SumFile) {
		t.Errorf("the sum was not written last: %v", res.Written)
	}

	// check: nothing pending.
	p, err := Plan(context.Background(), Config{Dir: dir, Analysis: example(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 0 {
		t.Errorf("check after generate finds changes: %v", p.Summary())
	}
	if p.State.Head != res.ID || len(p.State.Migrations) != 1 {
		t.Errorf("state head %q, %d migrations", p.State.Head, len(p.State.Migrations))
	}

	// A second generate with the same models writes nothing.
	res2, err := Generate(context.Background(), Config{Dir: dir, Analysis: example(t), Now: clock("2026-01-02T04:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if res2.ID != "" || len(res2.Written) != 0 {
		t.Errorf("second generate wrote %s: %v", res2.ID, res2.Written)
	}
	after := readDir(t, dir)
	if len(after) != len(files) {
		t.Errorf("second generate changed the directory: %d files, was %d", len(after), len(files))
	}
	for n, data := range files {
		if !bytes.Equal(after[n], data) {
			t.Errorf("second generate changed %s", n)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a := filepath.Join(t.TempDir(), "migrations")
	b := filepath.Join(t.TempDir(), "migrations")
	generateExample(t, a)
	// A fresh analysis, so the determinism covers the analyzer too.
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{}, exampleModels)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(context.Background(), Config{
		Dir: b, Analysis: res, Message: "Initial schema", Now: clock("2026-01-02T03:04:05Z"),
	}); err != nil {
		t.Fatal(err)
	}
	fa, fb := readDir(t, a), readDir(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for n, data := range fa {
		if !bytes.Equal(data, fb[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir, id string)
		want   string
	}{
		{"edited migration", func(t *testing.T, dir, id string) {
			appendTo(t, filepath.Join(dir, id+".go"), "\n// an edit\n")
		}, "does not match its hash in"},
		{"corrupt schema.json", func(t *testing.T, dir, id string) {
			appendTo(t, filepath.Join(dir, SnapshotFile), "{")
		}, "schema.json"},
		{"schema.json differs from the migrations", func(t *testing.T, dir, id string) {
			path := filepath.Join(dir, SnapshotFile)
			data, _ := os.ReadFile(path)
			data = bytes.Replace(data, []byte(`"size": 100`), []byte(`"size": 101`), 1)
			os.WriteFile(path, data, 0o644)
		}, "schema.json does not match the migrations"},
		{"half-written", func(t *testing.T, dir, id string) {
			data, _ := os.ReadFile(filepath.Join(dir, id+".go"))
			os.WriteFile(filepath.Join(dir, "20270101000000_next.go"), data, 0o644)
		}, "half-written set"},
		{"no sum", func(t *testing.T, dir, id string) {
			os.Remove(filepath.Join(dir, SumFile))
		}, "half-written set"},
		{"edited sum", func(t *testing.T, dir, id string) {
			appendTo(t, filepath.Join(dir, SumFile), "x.go h1:AAAA\n")
		}, "total hash does not match"},
		{"missing migration", func(t *testing.T, dir, id string) {
			os.Remove(filepath.Join(dir, id+".go"))
		}, "but missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "migrations")
			res := generateExample(t, dir)
			tt.break_(t, dir, res.ID)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error %v, want one containing %q", err, tt.want)
			}
			// generate refuses too, and writes nothing.
			before := readDir(t, dir)
			_, err = Generate(context.Background(), Config{Dir: dir, Analysis: example(t), Now: clock("2027-06-01T00:00:00Z")})
			if err == nil {
				t.Fatal("generate accepted a broken directory")
			}
			if after := readDir(t, dir); len(after) != len(before) {
				t.Errorf("generate wrote to a broken directory")
			}
		})
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func TestLoadEmpty(t *testing.T) {
	st, err := Load(filepath.Join(t.TempDir(), "does-not-exist"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Empty() || st.Head != "" || st.Package != "doesnotexist" {
		t.Errorf("state %+v", st)
	}
}

// tempModels writes a model package inside the repository module, so that
// its gorm import resolves, and returns its directory.
func tempModels(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("..", "_gentest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func writeModels(t *testing.T, dir, body string) {
	t.Helper()
	src := "package models\n\nimport \"gorm.io/gorm\"\n\n" + body
	if err := os.WriteFile(filepath.Join(dir, "models.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGenerateSecondRevisionAndDestructive(t *testing.T) {
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "db-migrations")
	cfg := func(now string, allow ...string) Config {
		return Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."}, Now: clock(now), Message: "step", Allow: allow}
	}
	ctx := context.Background()

	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string\n\tAge  int\n}\n")
	first, err := Generate(ctx, cfg("2026-01-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}

	// Adding a column: a second revision whose parent is the first.
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName  string\n\tAge   int\n\tEmail string\n}\n")
	second, err := Generate(ctx, cfg("2026-01-02T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Package != "dbmigrations" || st.Head != second.ID || len(st.Migrations) != 2 ||
		len(st.Migrations[1].Parents) != 1 || st.Migrations[1].Parents[0] != first.ID {
		t.Errorf("state after two revisions: package %s, head %s, %+v", st.Package, st.Head, st.IDs())
	}
	index, _ := os.ReadFile(filepath.Join(dir, IndexFile))
	if !bytes.Contains(index, []byte("m"+first.ID+",\n\t\tm"+second.ID+",")) {
		t.Errorf("index lists the revisions out of order:\n%s", index)
	}

	// Dropping a column needs an acknowledgement.
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName  string\n\tEmail string\n}\n")
	before := readDir(t, dir)
	_, err = Generate(ctx, cfg("2026-01-03T00:00:00Z"))
	var de *DestructiveError
	if !errors.As(err, &de) {
		t.Fatalf("dropping a column: err %v, want a DestructiveError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "- column users.age") || !strings.Contains(msg, "-allow users.age") || !strings.Contains(msg, `"name":"age"`) {
		t.Errorf("destructive error lacks the change, its entry or the flag:\n%s", msg)
	}
	if after := readDir(t, dir); len(after) != len(before) {
		t.Errorf("a refused generate wrote files")
	}
	for _, allow := range []string{"users.age", "users"} {
		p, err := Plan(ctx, cfg("2026-01-03T00:00:00Z", allow))
		if err != nil || len(p.Unacknowledged) != 0 {
			t.Errorf("-allow %s: err %v, unacknowledged %v", allow, err, p.Unacknowledged)
		}
	}
	third, err := Generate(ctx, cfg("2026-01-03T00:00:00Z", "users.age"))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := Load(dir); err != nil || st.Head != third.ID {
		t.Fatalf("after the drop: %v", err)
	}

	// A rename without a hint is suggested.
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName  string\n\tMail string\n}\n")
	_, err = Generate(ctx, cfg("2026-01-04T00:00:00Z"))
	if err == nil || !strings.Contains(err.Error(), "renamed_from:email") {
		t.Errorf("rename suggestion missing: %v", err)
	}
}

func TestSeveralHeads(t *testing.T) {
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	ctx := context.Background()
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string\n}\n")
	first, err := Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Now: clock("2026-01-01T00:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	// A second root revision, summed as if generated on another branch.
	data, _ := os.ReadFile(filepath.Join(dir, first.ID+".go"))
	other := "20260101000001"
	data = bytes.ReplaceAll(data, []byte(first.ID), []byte(other))
	if err := os.WriteFile(filepath.Join(dir, other+".go"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	sumData, _ := os.ReadFile(filepath.Join(dir, SumFile))
	sums, err := decodeSum(SumFile, sumData)
	if err != nil {
		t.Fatal(err)
	}
	sums[other+".go"] = hashFile(data)
	if err := os.WriteFile(filepath.Join(dir, SumFile), encodeSum(sums), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "several heads") || !strings.Contains(err.Error(), "migragen merge") {
		t.Fatalf("Load: %v", err)
	}
	if _, err := Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Now: clock("2026-01-02T00:00:00Z")}); err == nil {
		t.Error("generate accepted several heads")
	}
}

func TestSlugAndPackageName(t *testing.T) {
	for in, want := range map[string]string{"Add orders!": "add_orders", "  ": "", "Ünïcode & more": "n_code_more"} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"migrations": "migrations", "db-migrations": "dbmigrations", "2024": "migrations2024", "go": "migrationsgo"} {
		if got := PackageName(in); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGenerateRollsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	// schema.json as a directory makes its rename fail after the migration
	// file and the index were written.
	if err := os.MkdirAll(filepath.Join(dir, SnapshotFile, "x"), 0o777); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(context.Background(), Config{Dir: dir, Analysis: example(t), Now: clock("2026-01-02T03:04:05Z")})
	if err == nil {
		t.Fatal("generate succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != SnapshotFile {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after a failed generate the directory holds %v, want only what was there", names)
	}
}
