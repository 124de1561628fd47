package fleet_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/migrate"
)

// currentTarget names the schema (PostgreSQL) or database (MariaDB) a
// connection works in: the target a data step runs on.
func currentTarget(ctx context.Context, tx *gorm.DB) (string, error) {
	q := "SELECT DATABASE()"
	if tx.Dialector.Name() == "postgres" {
		q = "SELECT current_schema()"
	}
	var name string
	err := tx.WithContext(ctx).Raw(q).Row().Scan(&name)
	return name, err
}

// TestEachTargetItsOwnLock proves that two targets in one PostgreSQL
// database, and two databases of one MariaDB server, are migrated under
// different locks: target a's data step, holding a's migration lock,
// waits until b's data step has run, and b's waits until a's has begun.
// Were the two locks one, the second target could not take it while the
// first holds it, and a wait would end after 10 seconds with an error.
func TestEachTargetItsOwnLock(t *testing.T) {
	for name, makeEngine := range map[string]func(testing.TB, int) *engine{"postgres": pgEngine, "mysql": mariaEngine} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := makeEngine(t, 2)
			a, b := e.names[0], e.names[1]
			aBegun, bDone := make(chan struct{}), make(chan struct{})
			wait := func(ch chan struct{}, what string) error {
				select {
				case <-ch:
					return nil
				case <-time.After(10 * time.Second):
					return fmt.Errorf("waited 10s for %s: the two targets share a lock", what)
				}
			}
			migs := fleetMigrations(func(ctx context.Context, tx *gorm.DB) error {
				target, err := currentTarget(ctx, tx)
				switch {
				case err != nil:
					return err
				case target == a:
					close(aBegun)
					return wait(bDone, b+"'s data step")
				case target == b:
					if err := wait(aBegun, a+"'s data step"); err != nil {
						return err
					}
					close(bDone)
					return nil
				}
				return fmt.Errorf("a data step on %q, which is neither target", target)
			})
			var ev events
			f, err := fleet.New(migs, e.targets, fleet.WithParallel(2), fleet.WithProgress(ev.add),
				fleet.WithMigrateOptions(migrate.WithLockTimeout(20*time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			if s, err := f.Up(context.Background()); err != nil {
				t.Fatalf("Up: %v\n%s", err, s)
			}
			for _, e := range ev.list() {
				if e.Kind == fleet.Migration && e.Migration.Kind == migrate.Waiting {
					t.Errorf("%s waited for a migration lock", e.Target)
				}
			}
		})
	}
}

// TestTwoRunnersShareTargets runs two fleets over the same ten PostgreSQL
// schemas at once, as two runners whose shards overlap would. Each
// target's lock must make every revision apply exactly once per target:
// the data step runs once per schema, each revision is applied by one
// runner and found applied by the other (reported up to date), and both
// runners succeed.
func TestTwoRunnersShareTargets(t *testing.T) {
	e := pgEngine(t, 10)
	var mu sync.Mutex
	backfills := map[string]int{}
	migs := fleetMigrations(func(ctx context.Context, tx *gorm.DB) error {
		target, err := currentTarget(ctx, tx)
		mu.Lock()
		defer mu.Unlock()
		backfills[target]++
		return err
	})
	summaries := make([]*fleet.Summary, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range summaries {
		f, err := fleet.New(migs, e.targets, fleet.WithParallel(3))
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { summaries[i], errs[i] = f.Up(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("%v\n%s\n%s", err, summaries[0], summaries[1])
	}
	for _, name := range e.names {
		if backfills[name] != 1 {
			t.Errorf("%s: the data step ran %d times, want once", name, backfills[name])
		}
		var applied []string
		for _, s := range summaries {
			r := results(s)[name]
			applied = append(applied, r.Applied...)
			if r.To != revNote {
				t.Errorf("%s: a runner left it at %q, want %s", name, r.To, revNote)
			}
		}
		slices.Sort(applied)
		if !slices.Equal(applied, []string{revItems, revNote}) {
			t.Errorf("%s: the two runners applied %q between them, want each revision once", name, applied)
		}
	}
}
