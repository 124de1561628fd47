package render

import (
	"slices"
	"strings"
	"testing"
)

// TestDependsOnRoundTrip writes a revision's dependencies and reads them
// back from the syntax; a revision without any writes no DependsOn field.
func TestDependsOnRoundTrip(t *testing.T) {
	for _, deps := range [][]string{nil, {"20260101000000_a", "20260102000000_b"}} {
		f := File{Package: "migrations", ID: "20260103000000_c", Parents: []string{"20260101000000_root"}, DependsOn: deps, Message: "c"}
		src, err := Migration(f)
		if err != nil {
			t.Fatal(err)
		}
		wantField := `DependsOn: []string{"20260101000000_a", "20260102000000_b"},`
		if got := strings.Contains(string(src), wantField); got != (deps != nil) {
			t.Errorf("DependsOn %q: the source has %q: %v, want %v\n%s", deps, wantField, got, deps != nil, src)
		}
		if got := strings.Contains(string(src), "// Depends:  20260101000000_a, 20260102000000_b\n"); got != (deps != nil) {
			t.Errorf("DependsOn %q: header line present %v, want %v\n%s", deps, got, deps != nil, src)
		}
		back := readSource(t, "m.go", src).File
		if !slices.Equal(back.DependsOn, deps) {
			t.Errorf("read back DependsOn %q, want %q", back.DependsOn, deps)
		}
	}
}
