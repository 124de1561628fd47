package generate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteSetRestoresOnFailure fails each rename of a four-file write in
// turn: the directory must afterwards hold exactly what it held before,
// byte for byte and with the same modes, with no temp file or backup left.
func TestWriteSetRestoresOnFailure(t *testing.T) {
	files := []file{{"20260102030405_a.go", []byte("new revision")}, {IndexFile, []byte("new index")},
		{SnapshotFile, []byte("new snapshot")}, {SumFile, []byte("new sum")}}
	for failAt := range files {
		t.Run(files[failAt].name, func(t *testing.T) {
			dir := t.TempDir()
			before := map[string]string{IndexFile: "old index", SnapshotFile: "old snapshot", SumFile: "old sum"}
			for name, data := range before {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			renames := 0
			rename = func(from, to string) error {
				if renames++; renames == failAt+1 {
					return errors.New("injected failure")
				}
				return os.Rename(from, to)
			}
			defer func() { rename = os.Rename }()
			_, err := writeSet(dir, files)
			if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("writeSet: %v, want the failure and that nothing changed", err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(before) {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("the directory holds %q, want only the three old files", names)
			}
			for name, data := range before {
				path := filepath.Join(dir, name)
				got, err := os.ReadFile(path)
				if err != nil || string(got) != data {
					t.Errorf("%s: %q, %v; want %q", name, got, err, data)
				}
				if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o640 {
					t.Errorf("%s: mode %v, %v; want 0640", name, info.Mode().Perm(), err)
				}
			}
		})
	}
}
