package sqlserver

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestFingerprintQueryGolden holds the drift check's catalog query, which
// no server here can run, to testdata/fingerprint.golden: one bare table,
// looked up in the default schema, and one a schema qualifies. Refresh
// with -update after reading the diff.
func TestFingerprintQueryGolden(t *testing.T) {
	q, args := Dialect{}.FingerprintQuery([]string{"users", "sales.orders"})
	got := fmt.Sprintf("%s\n-- args: %q\n", q, args)
	path := filepath.Join("testdata", "fingerprint.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the fingerprint query differs from %s:\n%s", path, got)
	}
}
