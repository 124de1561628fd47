package generate

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/schema"
)

// TestGenerateProvesTheDiffReachesTheModels makes the diff wrong and
// expects Generate's proof (the replay of the changes compared with the
// models) to refuse it and write nothing: a change left out on a table no
// other change touches, which a proof comparing only the touched tables
// would miss, and a change that says less than the models.
func TestGenerateProvesTheDiffReachesTheModels(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	generateExample(t, dir)
	models := *example(t)
	models.Snapshot = models.Snapshot.Clone()
	tables := models.Snapshot.Tables
	first, last := tables[0], tables[len(tables)-1]
	for _, tb := range []*schema.Table{first, last} {
		tb.Columns = append(tb.Columns, &schema.Column{Name: "proof_note", DataType: schema.String, GORMDataType: schema.String, Size: 64})
	}
	wrongs := []struct {
		name string
		// change makes the diff wrong.
		change func([]schema.Change) []schema.Change
		// want is what the refusal must name.
		want string
	}{
		{"a table's change left out", func(changes []schema.Change) []schema.Change {
			return slices.DeleteFunc(changes, func(c schema.Change) bool { return schema.TableOf(c) == last.Name })
		}, "table " + last.Name + ": column proof_note only in the second"},
		{"a column's size left out", func(changes []schema.Change) []schema.Change {
			for i, c := range changes {
				if add, ok := c.(schema.AddColumn); ok && add.Table == first.Name {
					add.Column = add.Column.Clone()
					add.Column.Size = 0
					changes[i] = add
				}
			}
			return changes
		}, "table " + first.Name + ": column proof_note differs: size"},
	}
	for _, w := range wrongs {
		t.Run(w.name, func(t *testing.T) {
			diff = func(prev, next *schema.Snapshot, hints schema.Hints) ([]schema.Change, error) {
				changes, err := schema.Diff(prev, next, hints)
				return w.change(changes), err
			}
			defer func() { diff = schema.Diff }()
			before := readDir(t, dir)
			_, err := Generate(context.Background(), Config{Dir: dir, Analysis: &models, Message: "proof", Now: clock("2026-01-02T04:00:00Z")})
			if err == nil || !strings.Contains(err.Error(), "the diff does not reach the models") || !strings.Contains(err.Error(), w.want) {
				t.Fatalf("Generate with a wrong diff: %v; want the proof's refusal naming %q", err, w.want)
			}
			if after := readDir(t, dir); !maps.EqualFunc(before, after, bytes.Equal) {
				t.Errorf("a refused Generate changed the directory")
			}
		})
	}
	// The right diff passes the same proof.
	res, err := Generate(context.Background(), Config{Dir: dir, Analysis: &models, Message: "proof", Now: clock("2026-01-02T04:00:00Z")})
	if err != nil || len(res.Plan.Changes) != 2 {
		t.Fatalf("Generate: %v, changes %v", err, res.Plan.Summary())
	}
}

// TestGenerateUnsortedModels hands Generate a models' snapshot whose
// tables and join tables are out of order, as a caller of the package
// may: Encode sorts it, and the encoding runs beside the proof and the
// rendering (async), which read it, so the sort must come first. The race
// detector (CI runs it) catches a sort on the other goroutine; the files
// must come out as from the sorted snapshot.
func TestGenerateUnsortedModels(t *testing.T) {
	models := *example(t)
	models.Snapshot = models.Snapshot.Clone()
	sorted := models.Snapshot.Clone()
	slices.Reverse(models.Snapshot.Tables)
	for _, tb := range models.Snapshot.Tables {
		slices.Reverse(tb.Indexes)
	}
	slices.Reverse(models.Snapshot.Settings.JoinTables)
	sortedModels := *example(t)
	sortedModels.Snapshot = sorted
	now := clock("2026-01-02T04:00:00Z")
	want := filepath.Join(t.TempDir(), "migrations")
	if _, err := Generate(context.Background(), Config{Dir: want, Analysis: &sortedModels, Message: "initial", Now: now}); err != nil {
		t.Fatal(err)
	}
	got := filepath.Join(t.TempDir(), "migrations")
	if _, err := Generate(context.Background(), Config{Dir: got, Analysis: &models, Message: "initial", Now: clock("2026-01-02T04:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	if g, w := readDir(t, got), readDir(t, want); !maps.EqualFunc(g, w, bytes.Equal) {
		t.Errorf("the files from unsorted models differ from those of the same models sorted")
	}
}
