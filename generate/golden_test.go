package generate

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.go sections of testdata/golden/*.txtar")

// TestGolden has one case per kind of change: testdata/golden/<case>.txtar
// holds the models before and after and the migration file generate must
// write for the step. Run with -update to rewrite want.go after reviewing
// the difference; the compile and replay checks elsewhere keep the
// rewritten files honest.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			section := func(name string) []byte {
				for _, f := range ar.Files {
					if f.Name == name {
						return f.Data
					}
				}
				return nil
			}
			// A fixed place, since the package path is written into the
			// migration (each table's Go model).
			models := filepath.Join("..", "_goldenmodels")
			os.RemoveAll(models)
			t.Cleanup(func() { os.RemoveAll(models) })
			pkg := "./" + filepath.Join(models, "models")
			if err := os.MkdirAll(filepath.Join(models, "models"), 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "migrations")
			step := func(src []byte, msg string, at string, allow []string) *Result {
				t.Helper()
				if err := os.WriteFile(filepath.Join(models, "models", "models.go"), src, 0o644); err != nil {
					t.Fatal(err)
				}
				res, err := Generate(context.Background(), Config{Dir: dir, Patterns: []string{pkg}, Message: msg, Allow: allow, Now: clock(at)})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			step(section("before.go"), "before", "2026-01-01T00:00:00Z", nil)
			allow := strings.Fields(string(section("allow")))
			res := step(section("after.go"), "after", "2026-01-02T00:00:00Z", allow)
			if res.ID == "" {
				t.Fatal("the step changed nothing")
			}
			got, err := os.ReadFile(filepath.Join(dir, res.ID+".go"))
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want.go" {
						ar.Files[i].Data = got
					}
				}
				if section("want.go") == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want.go", Data: got})
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := section("want.go"); !bytes.Equal(got, want) {
				t.Errorf("migration differs from want.go (run go test ./generate -run TestGolden -update after reviewing):\n%s", got)
			}
		})
	}
}
