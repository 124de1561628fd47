package lint

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migragen/migragen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files testdata/*/want.txt")

// TestGolden lints each case of testdata: the case's revision files, in
// name order, after testdata/base.go, which builds the tables every case
// starts from and is replayed without being linted. settings.json, when
// present, holds the model set's schema.Settings. The findings, one per
// line with positions relative to the case's directory, must be
// want.txt, which -update rewrites; each want.txt was checked by hand
// against the reasoning in its case's revision file.
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join("testdata", e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			settings := caseSettings(t, dir)
			files, err := filepath.Glob(filepath.Join(dir, "*.go"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no revision files in %s (%v)", dir, err)
			}
			first, err := ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			findings, err := CheckFiles(nil, append([]string{"testdata/base.go"}, files...), settings, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range findings {
				b.WriteString(strings.TrimPrefix(f.String(), dir+string(filepath.Separator)) + "\n")
			}
			golden := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("findings differ from %s (-update rewrites it; review the result):\ngot:\n%swant:\n%s", golden, got, want)
			}
		})
	}
}

// TestCheckLeavesBeforeAlone runs every golden case over a head snapshot
// built from testdata/base.go, as generate and check hand lint theirs:
// the snapshot must come out as it went in, byte for byte in schema.json
// form, although lint's replay shares its tables (schema.Share).
func TestCheckLeavesBeforeAlone(t *testing.T) {
	base, err := ReadFile("testdata/base.go")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob("testdata/*/want.txt")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases (%v)", err)
	}
	for _, want := range dirs {
		dir := filepath.Dir(want)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			settings := caseSettings(t, dir)
			before, err := schema.Apply(schema.New(settings), base.Up)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
			encoded, err := schema.Encode(before)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := CheckFiles(before, files, settings, ""); err != nil {
				t.Fatal(err)
			}
			after, _ := schema.Encode(before)
			if string(after) != string(encoded) {
				t.Errorf("linting %s changed the snapshot it started from", dir)
			}
		})
	}
}

// caseSettings reads a golden case's settings.json, the model set's
// schema.Settings; none when the case has no such file.
func caseSettings(t *testing.T, dir string) schema.Settings {
	t.Helper()
	var settings schema.Settings
	if data, err := os.ReadFile(filepath.Join(dir, "settings.json")); err == nil {
		if err := json.Unmarshal(data, &settings); err != nil {
			t.Fatal(err)
		}
	}
	return settings
}
