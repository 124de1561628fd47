package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/migrate"
)

// TestResolveRelative resolves revisions by position on a graph with a
// merge: a, then b and c on two branches of a, joined by the merge d
// (parents b, c). The expected ids are read off the graph by hand: d's
// first parent is b, b's is a, a's is base.
func TestResolveRelative(t *testing.T) {
	migs := []migrate.Migration{
		{ID: "a"},
		{ID: "b", Parents: []string{"a"}},
		{ID: "c", Parents: []string{"a"}},
		{ID: "d", Parents: []string{"b", "c"}},
		// An id that looks like a position is taken as the id, and its
		// prefixes as prefixes.
		{ID: "e-1", Parents: []string{"d"}},
	}
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.New(dbs["sqlite"], migs)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ rev, want string }{
		{"head", "e-1"},
		{"head~0", "e-1"},
		{"e-1", "e-1"},
		{"e-", "e-1"},
		{"head~1", "d"},
		{"-1", "d"},
		{"head-1", "d"},
		{"head~", "d"},
		{"head~2", "b"}, // d's first parent, not c
		{"head-3", "a"},
		{"-4", "base"},
		{"c~1", "a"},
		{"c-1", "a"},
		{"d~1~1", "a"},
		{"e-1~2", "b"},
		{"base~0", "base"},
	} {
		t.Run(tt.rev, func(t *testing.T) {
			// SQL's first line names the revision it resolved TO to.
			script, err := m.SQL(context.Background(), migrate.Base, tt.rev)
			if err != nil {
				t.Fatalf("SQL(base, %q): %v", tt.rev, err)
			}
			first, _, _ := strings.Cut(script, "\n")
			if want := " to " + tt.want + " for sqlite"; !strings.HasSuffix(first, want) {
				t.Errorf("SQL(base, %q) starts %q, want it to end %q", tt.rev, first, want)
			}
		})
	}
	for _, tt := range []struct{ rev, want string }{
		{"head~5", `revision "head~5" goes past base: e-1 has 3 revisions before it along first parents, then base; count at most 4 steps`},
		{"-9", `revision "-9" goes past base`},
		{"base~1", `revision "base~1": nothing comes before base`},
		{"base-2", `nothing comes before base`},
		{"x~1", `revision "x~1": no revision "x" among the migrations`},
		{"head~x", `no revision "head~x" among the migrations`},
		{"head~+1", `no revision "head~+1"`},
		{"zz", `a position such as "head~1", "head-2" or "-1"`},
		// "-N" after a prefix, or after an id with a "-" of its own, is no
		// position: "e-2" is a mistyped id, not "e" (a prefix of e-1)
		// minus 2, which down-to would have acted on.
		{"e-2", `no revision "e-2"`},
		{"e-1-1", `no revision "e-1-1"`},
	} {
		t.Run(tt.rev, func(t *testing.T) {
			_, err := m.SQL(context.Background(), migrate.Base, tt.rev)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("SQL(base, %q): %v, want an error containing %q", tt.rev, err, tt.want)
			}
		})
	}
}

// TestRelativeCommand uses positions wherever the command helper takes a
// revision, on SQLite: up, sql, stamp and down-to; the tables, read
// from sqlite_master, show where the database stands.
func TestRelativeCommand(t *testing.T) {
	f := newCmdFixture(t)
	f.ok([]string{"up", "-1"},
		[]string{"1 migration applied in DUR; at " + cmdUsers + "; 1 pending"},
		[]string{"applying " + cmdUsers + " create users ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions", "users")

	out, _, err := f.run("sql", "head~1", "head")
	if err != nil {
		t.Fatal(err)
	}
	if want := "-- migragen: up from " + cmdUsers + " to " + cmdOrders + " for sqlite\n"; !strings.HasPrefix(out, want) {
		t.Errorf("sql head~1 head: got\n%s\nwant it to start %q", out, want)
	}

	f.ok([]string{"up"}, []string{"1 migration applied in DUR; at head " + cmdOrders}, []string{"applying " + cmdOrders + " add orders ... ok (DUR)"})
	f.ok([]string{"down-to", "head-1"},
		[]string{"1 migration rolled back in DUR; at " + cmdUsers + "; 1 pending"},
		[]string{"rolling back " + cmdOrders + " add orders ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions", "users")
	f.ok([]string{"down-to", "-2"},
		[]string{"1 migration rolled back in DUR; at base; 2 pending"},
		[]string{"rolling back " + cmdUsers + " create users ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions")

	err = f.fails([]string{"up", "head~3"}, nil, nil)
	if !strings.Contains(err.Error(), `revision "head~3" goes past base`) {
		t.Errorf("up head~3: %v", err)
	}
	checkTables(t, f.db, "migragen_versions")
}
