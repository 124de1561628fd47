package generate

import (
	"context"
	"path/filepath"
	"testing"
)

// TestExampleUpToDate keeps the example's committed migrations in step with
// its models, as `migragen check` would in an application's CI: an edit of
// example/models without a regenerated revision fails here.
func TestExampleUpToDate(t *testing.T) {
	p, err := Plan(context.Background(), Config{
		Dir:      filepath.Join("..", "example", "migrations"),
		Patterns: []string{"github.com/migragen/migragen/example/models"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) > 0 {
		t.Errorf("example/migrations is behind example/models; run: go run ./cmd/migragen generate -dir example/migrations -m \"...\" ./example/models\n%v", p.Summary())
	}
}
