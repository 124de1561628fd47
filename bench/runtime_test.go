package bench

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/migragen/migragen/analyzer"
	models200 "github.com/migragen/migragen/bench/models200"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The runtime's side of the benchmarks: the 200 models of bench/models200,
// the initial migration migragen generates for them, and a check that
// holds the start-up path to its query budget. The timings are in
// runtime_bench_test.go and scripts/bench-runtime.sh.

// runtimeEngines are the engines the runtime is measured and checked on.
var runtimeEngines = []corpustest.Dialect{corpustest.PostgreSQL, corpustest.MariaDB, corpustest.SQLite}

// maxNothingPendingQueries is the budget for Up when every
// migration is applied: one read of the version table, no lock. DESIGN.md
// asks for one; the issue allows two.
const maxNothingPendingQueries = 2

const models200Pkg = "github.com/migragen/migragen/bench/models200"

var initial200 struct {
	once sync.Once
	mig  migrate.Migration
	err  error
}

// migration200 returns the initial migration `migragen generate` writes for
// bench/models200, built once per test binary: the analyzer's snapshot,
// diffed against an empty schema, rendered and parsed back.
func migration200(tb testing.TB) migrate.Migration {
	tb.Helper()
	root := testenv.ModuleRoot(tb)
	initial200.once.Do(func() {
		initial200.mig, initial200.err = buildMigration200(root)
	})
	if initial200.err != nil {
		tb.Fatal(initial200.err)
	}
	return initial200.mig
}

func buildMigration200(root string) (migrate.Migration, error) {
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: root}, models200Pkg)
	if err != nil {
		return migrate.Migration{}, err
	}
	if err := res.Err(); err != nil {
		return migrate.Migration{}, err
	}
	changes, err := schema.Diff(schema.New(res.Snapshot.Settings), res.Snapshot, res.Hints)
	if err != nil {
		return migrate.Migration{}, err
	}
	mig, err := oracle.Migration("20260101000000_initial", nil, changes)
	if err != nil {
		return mig, err
	}
	return mig, withSum(&mig)
}

// TestUpNothingPendingQueries applies the 200 models' migration, then
// counts the statements a second Up issues through GORM's logger: the
// start-up check must read the version table once, without the lock. To
// show the counter sees the migrator, an Up with one migration pending must
// issue more than the budget.
func TestUpNothingPendingQueries(t *testing.T) {
	mig := migration200(t)
	for _, d := range runtimeEngines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, rec := corpustest.Open(t, d)
			m, err := migrate.New(db, []migrate.Migration{mig})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up on an empty database: %v", err)
			}

			rec.Reset()
			m, err = migrate.New(db, []migrate.Migration{mig})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up with nothing pending: %v", err)
			}
			stmts := rec.Statements()
			t.Logf("%s: Up with nothing pending issued %d queries: %s", d, len(stmts), strings.Join(stmts, "; "))
			if len(stmts) == 0 || len(stmts) > maxNothingPendingQueries {
				t.Errorf("Up with all 200 models' migration applied issued %d statements, want 1 to %d (read the version table, lock only when something is pending):\n%s",
					len(stmts), maxNothingPendingQueries, strings.Join(stmts, "\n"))
			}

			next := migrate.Migration{ID: "20260101000001_noop", Parents: []string{mig.ID}, Message: "noop",
				Up: []migrate.Step{migrate.SQL{Up: "SELECT 1", Down: "SELECT 1"}}}
			m, err = migrate.New(db, []migrate.Migration{mig, next})
			if err != nil {
				t.Fatal(err)
			}
			rec.Reset()
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up with one migration pending: %v", err)
			}
			if n := len(rec.Statements()); n <= maxNothingPendingQueries {
				t.Errorf("Up with a migration pending issued only %d statements; the count above cannot be trusted:\n%s", n, rec.Dump())
			}
		})
	}
}

// TestModels200ZeroDDL holds the benchmarks' two routes to the same
// result: the migration builds the schema AutoMigrate builds for
// models200.All(), and AutoMigrate afterwards has nothing more to do than
// on its own database. Without it a cold apply could look fast by creating
// less. It runs three AutoMigrates of 200 models per engine (15 s idle,
// more on a busy machine); -short skips it locally, CI always runs it.
func TestModels200ZeroDDL(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: three AutoMigrates of 200 models per engine; runs without -short")
	}
	mig := migration200(t)
	ms := oracle.Models{List: models200.All()}
	for _, d := range runtimeEngines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			base := oracle.NewBaseline(t, d, ms)
			db, rec := corpustest.Open(t, d)
			m, err := migrate.New(db, []migrate.Migration{mig})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Up(context.Background()); err != nil {
				t.Fatalf("up: %v", err)
			}
			oracle.Check(t, db, rec, ms, base, nil)
		})
	}
}
