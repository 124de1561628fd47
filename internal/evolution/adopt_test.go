package evolution

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// adoptAt is the version an application ran with AutoMigrate before it
// adopted migrations: v04, after the column and table renames, before the
// drop, the widening, the NOT NULL, the reindex, the new foreign key, the
// new many2many and the dropped tables.
const adoptAt = 3

// TestAdoption adopts, on three engines, a database AutoMigrate built with
// v04's models and filled with rows: Stamp at v04's revision must verify it
// and record it without running anything (Verify then agrees), listing the data steps it did
// not run; Up must then apply v05 to v11 with every row kept, compared by
// full content with the expectation the walk keeps, and Verify must find
// nothing after.
func TestAdoption(t *testing.T) {
	ctx := context.Background()
	c, err := generateAll(ctx, filepath.Join(t.TempDir(), "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			migrations, ran := withDataSteps(c.migrations)
			db, _ := corpustest.Open(t, d)
			v := versions[adoptAt]
			if err := db.AutoMigrate(v.models...); err != nil {
				t.Fatal(err)
			}
			w := newWorld()
			for _, prev := range versions[:adoptAt+1] {
				prev.evolve(w) // the tables, empty
			}
			for r := 1; r <= adoptAt+1; r++ {
				w.insertRound(t, db, v, r)
			}
			w.compare(t, db, "after AutoMigrate and inserting")

			m, err := migrate.New(db, migrations)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.StampWithResult(ctx, c.revs[adoptAt])
			if err != nil {
				t.Fatalf("stamp %s: %v", c.revs[adoptAt], err)
			}
			if res.Forced || !slices.Equal(res.Recorded, c.revs[:adoptAt+1]) {
				t.Errorf("stamp: forced %v, recorded %q, want not forced and %q", res.Forced, res.Recorded, c.revs[:adoptAt+1])
			}
			var notRun []string
			for _, s := range res.NotRun {
				notRun = append(notRun, s.String())
			}
			if want := wantNotRun(c.revs[:adoptAt+1], d); !slices.Equal(notRun, want) {
				t.Errorf("stamp lists as not run:\n%q\nwant\n%q", notRun, want)
			}
			if got := ran(); len(got) > 0 {
				t.Errorf("stamp ran the data steps of %q", got)
			}
			w.compare(t, db, "after stamping")
			if drift, err := m.Verify(ctx); err != nil || !drift.Clean() || drift.Revision != c.revs[adoptAt] {
				t.Errorf("verify after stamping: %+v, %v; want no difference at %s", drift, err, c.revs[adoptAt])
			}

			if err := m.Up(ctx); err != nil {
				t.Fatalf("up: %v", err)
			}
			if got, want := ran(), c.revs[adoptAt+1:]; !slices.Equal(got, want) {
				t.Errorf("up ran the data steps of %q, want %q", got, want)
			}
			for _, next := range versions[adoptAt+1:] {
				next.evolve(w)
			}
			w.compare(t, db, "after up")
			drift, err := m.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !drift.Clean() {
				t.Errorf("after up the database differs from head: %q", drift.Differences)
			}
			last := versions[len(versions)-1]
			w.insertRound(t, db, last, len(versions))
			w.compare(t, db, "after inserting round "+last.pkg)
		})
	}
}

// adoptSQL is the PostgreSQL-only SQL step the second revision gets, as a
// migration that needs an extension would have.
const adoptSQL = "CREATE EXTENSION IF NOT EXISTS pg_trgm"

// withDataSteps copies the generated migrations, adding to each a Go step
// that notes its revision, and to the second a PostgreSQL-only SQL step;
// ran returns the revisions whose Go step ran, in order.
func withDataSteps(migs []migrate.Migration) (out []migrate.Migration, ran func() []string) {
	var mu sync.Mutex
	var noted []string
	for i, mig := range migs {
		id := mig.ID
		mig.Up = append(slices.Clip(mig.Up), migrate.Go{Name: "note " + id, Down: migrate.Nothing,
			Up: func(context.Context, *gorm.DB) error {
				mu.Lock()
				defer mu.Unlock()
				noted = append(noted, id)
				return nil
			}})
		if i == 1 {
			mig.Up = append(mig.Up, migrate.SQL{Dialect: "postgres", Up: adoptSQL, Down: "SELECT 1"})
		}
		out = append(out, mig)
	}
	return out, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(noted)
	}
}

// wantNotRun is what withDataSteps added to revs, as Stamp lists it on d.
func wantNotRun(revs []string, d corpustest.Dialect) []string {
	var out []string
	for i, id := range revs {
		out = append(out, fmt.Sprintf("%s: Up step 2 (migrate.Go %q)", id, "note "+id))
		if i == 1 && d == corpustest.PostgreSQL {
			out = append(out, fmt.Sprintf("%s: Up step 3 (migrate.SQL, postgres only): %s", id, adoptSQL))
		}
	}
	return out
}
