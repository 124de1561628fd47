package migrate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// dependsMigrations are two branches of root joined by a merge: a1 creates
// a table, and b1, on the other branch, fills it, so it depends on a1. b1
// is listed before a1 on purpose: list order alone would run it first, and
// its INSERT (or, rolling back, its DELETE after a1's DROP) would fail.
func dependsMigrations() []migrate.Migration {
	return []migrate.Migration{
		{ID: "root", Up: []migrate.Step{migrate.SQL{Up: "CREATE TABLE root_t (id int)", Down: "DROP TABLE root_t"}}},
		{ID: "b1", Parents: []string{"root"}, DependsOn: []string{"a1"},
			Up: []migrate.Step{migrate.SQL{Up: "INSERT INTO a_things (id) VALUES (1)", Down: "DELETE FROM a_things"}}},
		{ID: "a1", Parents: []string{"root"},
			Up: []migrate.Step{migrate.SQL{Up: "CREATE TABLE a_things (id int)", Down: "DROP TABLE a_things"}}},
		{ID: "merge", Parents: []string{"b1", "a1"}},
	}
}

// doneOrder runs fn with a migrator that records the revisions each Done
// event names, in order.
func doneOrder(t *testing.T, run func(m *migrate.Migrator) error, m func(opt migrate.Option) *migrate.Migrator) string {
	t.Helper()
	var done []string
	err := run(m(migrate.WithProgress(func(e migrate.Event) {
		if e.Kind == migrate.Done {
			done = append(done, e.Revision)
		}
	})))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(done, " ")
}

// TestDependsOnOrder applies and rolls back the two branches on every
// engine: the order comes from the graph, but the SQL that would fail in
// list order runs on each engine's own DDL rules.
func TestDependsOnOrder(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			checkDependsOnOrder(t, d)
		})
	}
}

func checkDependsOnOrder(t *testing.T, d corpustest.Dialect) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, d)
	migs := dependsMigrations()
	with := func(opt migrate.Option) *migrate.Migrator { return mustNew(t, db, migs, opt) }

	// UpTo(b1) applies a1, which b1 depends on, first; not the merge.
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.UpTo(ctx, "b1") }, with); got != "root a1 b1" {
		t.Errorf("UpTo(b1) applied %q, want \"root a1 b1\"", got)
	}
	// The last applied revision is b1, not a1 that it depends on.
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.Down(ctx, 1) }, with); got != "b1" {
		t.Errorf("Down(1) rolled back %q, want b1", got)
	}
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.Up(ctx) }, with); got != "b1 merge" {
		t.Errorf("Up applied %q, want \"b1 merge\"", got)
	}
	// Rolling a1 back rolls back b1 first (and the merge before both).
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.DownTo(ctx, "root") }, with); got != "merge b1 a1" {
		t.Errorf("DownTo(root) rolled back %q, want \"merge b1 a1\"", got)
	}
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.UpTo(ctx, "b1") }, with); got != "a1 b1" {
		t.Errorf("UpTo(b1) again applied %q, want \"a1 b1\"", got)
	}
	if got := doneOrder(t, func(m *migrate.Migrator) error { return m.Down(ctx, 2) }, with); got != "b1 a1" {
		t.Errorf("Down(2) rolled back %q, want \"b1 a1\"", got)
	}

	// A dependency does not make a head: the merge still is the only one.
	if h := mustNew(t, db, migs).Head(); h != "merge" {
		t.Errorf("Head = %s, want merge", h)
	}
	var out strings.Builder
	cmd := migrate.Command(db, migs)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(ctx, []string{"history"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(depends on a1)") {
		t.Errorf("history does not show b1's dependency:\n%s", out.String())
	}
	out.Reset()
	if err := cmd.Run(ctx, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(depends on a1)") {
		t.Errorf("status does not show the pending b1's dependency:\n%s", out.String())
	}
}

func TestDependsOnRefused(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	for _, tt := range []struct {
		name string
		edit func([]migrate.Migration)
		want []string
	}{
		{"unknown", func(m []migrate.Migration) { m[1].DependsOn = []string{"nope"} },
			[]string{"revision b1 depends on nope", "not among the migrations"}},
		// a1 depends on b1, which depends on a1.
		{"cycle", func(m []migrate.Migration) { m[2].DependsOn = []string{"b1"} },
			[]string{"b1, a1", "form a cycle", "b1 depends on a1", "a1 depends on b1"}},
		{"self", func(m []migrate.Migration) { m[2].DependsOn = []string{"a1"} },
			[]string{"a1", "form a cycle", "a1 depends on a1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			migs := dependsMigrations()
			tt.edit(migs)
			_, err := migrate.New(db, migs)
			if err == nil {
				t.Fatal("New accepted the migrations")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New: %v\nwant it to say %q", err, w)
				}
			}
		})
	}
}

// TestDependsOnChecksum: in the legacy checksum (TestLegacyChecksumFormat),
// which version tables an older release wrote still hold, a revision
// without dependencies keeps the sum it had before DependsOn existed; with
// them, the document gains a sorted DependsOn list, written out by hand.
// TestChecksumCoversEveryField covers DependsOn in the current format.
func TestDependsOnChecksum(t *testing.T) {
	m := migrate.Migration{ID: "x", Up: []migrate.Step{migrate.SQL{Up: "SELECT 1"}}}
	sum := func(doc string) string {
		s := sha256.Sum256([]byte(doc))
		return hex.EncodeToString(s[:])
	}
	check := func(deps []string, doc string) {
		t.Helper()
		m.DependsOn = deps
		got, err := migrate.LegacyChecksum(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := sum(doc); got != want {
			t.Errorf("LegacyChecksum with DependsOn %q = %s, want the SHA-256 of %s", deps, got, doc)
		}
	}
	const before = `{"Up":[{"Kind":"sql","Up":"SELECT 1"}],"Down":null}`
	check(nil, before)
	check([]string{}, before)
	check([]string{"b", "a"}, `{"Up":[{"Kind":"sql","Up":"SELECT 1"}],"Down":null,"DependsOn":["a","b"]}`)
}
