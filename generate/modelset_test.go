package generate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubsetOfModelSet: a migrations directory is one model set, possibly
// spanning packages; generating from some of them must not drop the
// others' tables.
func TestSubsetOfModelSet(t *testing.T) {
	root := tempModels(t)
	for pkg, src := range map[string]string{
		"users":   "package users\n\ntype User struct {\n\tID   uint\n\tName string `gorm:\"size:64\"`\n}\n",
		"billing": "package billing\n\ntype Invoice struct {\n\tID    uint\n\tTotal int64 `gorm:\"not null\"`\n}\n",
	} {
		if err := os.MkdirAll(filepath.Join(root, pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, pkg, "models.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	users, billing := "./"+filepath.Join(root, "users"), "./"+filepath.Join(root, "billing")
	dir := t.TempDir()
	if _, err := Generate(context.Background(), Config{Dir: dir, Patterns: []string{users, billing}, Message: "both"}); err != nil {
		t.Fatal(err)
	}
	_, err := Plan(context.Background(), Config{Dir: dir, Patterns: []string{users}})
	if err == nil || !strings.Contains(err.Error(), "did not analyze every package") || !strings.Contains(err.Error(), "billing (tables invoices)") {
		t.Fatalf("a run on a subset: got %v", err)
	}
	// Dropping the package on purpose is acknowledged table by table.
	p, err := Plan(context.Background(), Config{Dir: dir, Patterns: []string{users}, Allow: []string{"invoices"}})
	if err != nil {
		t.Fatalf("with -allow: %v", err)
	}
	if len(p.Unacknowledged) != 0 || len(p.Changes) != 1 {
		t.Errorf("changes %v, unacknowledged %v; want only the acknowledged drop", p.Changes, p.Unacknowledged)
	}
}
