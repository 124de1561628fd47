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
			var settings schema.Settings
			if data, err := os.ReadFile(filepath.Join(dir, "settings.json")); err == nil {
				if err := json.Unmarshal(data, &settings); err != nil {
					t.Fatal(err)
				}
			}
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
