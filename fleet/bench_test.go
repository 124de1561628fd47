package fleet_test

import (
	"context"
	"flag"
	"testing"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// The fleet benchmarks measure throughput in targets per second over the
// same targets two ways: the fleet (Up, WithParallel) and the loop a team
// writes by hand (for each target: open, migrate.New, Up, close, one after
// another). Each engine's targets are made once and shared by the two, so
// a run of both compares them on the same databases and machine state;
// scripts/bench-fleet.sh runs rounds of them and prints medians and the
// paired ratio.
//
//   - NothingPending: every target is at head; what a deploy costs when
//     nothing changed.
//
//   - OnePending: one small revision (a nullable column, and a data step
//     that fills it on the target's three rows) is pending on every
//     target; rolling it back before each pass is not timed.
//
//     go test ./fleet -run '^$' -bench 'BenchmarkFleet' -benchtime 3x -args -fleet.targets 20 -fleet.parallel 4
var (
	benchTargets  = flag.Int("fleet.targets", 20, "targets per engine in the fleet benchmarks")
	benchParallel = flag.Int("fleet.parallel", fleet.DefaultParallel, "the fleet's parallelism in the benchmarks")
	// The side that runs second finds the server warmer (caches, the
	// connections' first plans), so scripts/bench-fleet.sh alternates.
	benchLoopFirst = flag.Bool("fleet.loop-first", false, "run the hand-written loop before the fleet")
)

func BenchmarkFleetNothingPending(b *testing.B) { benchFleet(b, false) }
func BenchmarkFleetOnePending(b *testing.B)     { benchFleet(b, true) }

// benchEngines makes each engine's targets; corpustest skips an engine
// whose server is down (unless CI=true).
var benchEngines = []struct {
	dialect corpustest.Dialect
	make    func(testing.TB, int) *engine
}{
	{corpustest.PostgreSQL, pgEngine},
	{corpustest.MariaDB, mariaEngine},
	{corpustest.SQLite, sqliteEngine},
}

func benchFleet(b *testing.B, pending bool) {
	ctx := context.Background()
	migs := fleetMigrations(nil)
	for _, be := range benchEngines {
		b.Run(string(be.dialect), func(b *testing.B) {
			e := be.make(b, *benchTargets)
			f, err := fleet.New(migs, e.targets, fleet.WithParallel(*benchParallel))
			if err != nil {
				b.Fatal(err)
			}
			if s, err := f.Up(ctx); err != nil {
				b.Fatalf("%v\n%s", err, s)
			}
			for _, name := range e.names {
				e.seed(b, name, false)
			}
			want := fleet.UpToDate
			if pending {
				want = fleet.Migrated
			}
			fleetSide := func(b *testing.B) {
				for b.Loop() {
					if pending {
						b.StopTimer()
						loop(b, e.targets, migs, func(m *migrate.Migrator) error { return m.Down(ctx, 1) })
						b.StartTimer()
					}
					s, err := f.Up(ctx)
					if err != nil || s.Counts[want] != len(e.targets) {
						b.Fatalf("fleet: %v, counts %v, want %d %s\n%s", err, s.Counts, len(e.targets), want, s)
					}
				}
				reportThroughput(b, len(e.targets))
			}
			loopSide := func(b *testing.B) {
				for b.Loop() {
					if pending {
						b.StopTimer()
						loop(b, e.targets, migs, func(m *migrate.Migrator) error { return m.Down(ctx, 1) })
						b.StartTimer()
					}
					loop(b, e.targets, migs, func(m *migrate.Migrator) error { return m.Up(ctx) })
				}
				reportThroughput(b, len(e.targets))
			}
			if *benchLoopFirst {
				b.Run("loop", loopSide)
				b.Run("fleet", fleetSide)
			} else {
				b.Run("fleet", fleetSide)
				b.Run("loop", loopSide)
			}
		})
	}
}

// loop runs fn on each target in turn, as a loop written by hand does:
// open, migrate.New, fn, close.
func loop(b *testing.B, targets []fleet.Target, migs []migrate.Migration, fn func(*migrate.Migrator) error) {
	ctx := context.Background()
	for _, t := range targets {
		db, err := t.Open(ctx)
		if err != nil {
			b.Fatal(err)
		}
		m, err := migrate.New(db, migs)
		if err == nil {
			err = fn(m)
		}
		closeDB(db)
		if err != nil {
			b.Fatalf("%s: %v", t.Name, err)
		}
	}
}

func reportThroughput(b *testing.B, targets int) {
	b.ReportMetric(float64(targets*b.N)/b.Elapsed().Seconds(), "targets/s")
}
