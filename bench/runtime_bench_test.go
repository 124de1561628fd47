package bench

import (
	"context"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	models200 "github.com/migragen/migragen/bench/models200"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// The runtime benchmarks compare migragen's runtime with GORM's AutoMigrate
// on the 200 models of bench/models200 (220 tables) and their initial
// migration as history returns it, once per engine
// (sub-benchmarks postgres, mysql, sqlite). scripts/bench-runtime.sh runs
// them and prints the ratios the targets are stated in:
//
//   - UpNothingPending against WarmAutoMigrate: an application's start-up
//     when the schema is already current;
//   - ColdUp against ColdAutoMigrate: the first start on an empty database.
//
// The migrator side times migrate.New (which checksums the migration) and
// Up, as an application's start-up runs both; UpNothingPendingReused times
// Up alone on one Migrator, to show what the check itself costs. Both also
// report cpu-ns/op, the process's CPU per iteration (SQLite's included, a
// server's not). Statements are not logged, on either side. Each cold
// iteration gets a fresh database, opened untimed. BenchmarkStartup, in
// startup_bench_test.go, compares the start-up with gormigrate's.

func BenchmarkUpNothingPending(b *testing.B)       { forEngines(b, benchUpNothingPending) }
func BenchmarkUpNothingPendingReused(b *testing.B) { forEngines(b, benchUpNothingPendingReused) }
func BenchmarkWarmAutoMigrate(b *testing.B)        { forEngines(b, benchWarmAutoMigrate) }
func BenchmarkColdUp(b *testing.B)                 { forEngines(b, benchColdUp) }
func BenchmarkColdAutoMigrate(b *testing.B)        { forEngines(b, benchColdAutoMigrate) }

func forEngines(b *testing.B, f func(*testing.B, corpustest.Dialect)) {
	for _, d := range runtimeEngines {
		b.Run(string(d), func(b *testing.B) { f(b, d) })
	}
}

// quiet drops corpustest's statement recorder: formatting every statement
// would be part of the timings.
func quiet(cfg *gorm.Config) { cfg.Logger = logger.Discard }

// up runs migrate.New and Up, as an application's start-up does.
func up(b *testing.B, db *gorm.DB, migs []migrate.Migration) {
	m, err := migrate.New(db, migs)
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Up(context.Background()); err != nil {
		b.Fatalf("up: %v", err)
	}
}

func autoMigrate(b *testing.B, db *gorm.DB) {
	if err := db.AutoMigrate(models200.All()...); err != nil {
		b.Fatalf("AutoMigrate: %v", err)
	}
}

func benchUpNothingPending(b *testing.B, d corpustest.Dialect) {
	migs := history(b, 1)
	db, _ := corpustest.Open(b, d, quiet)
	up(b, db, migs)
	cpu := cpuTime(b)
	for b.Loop() {
		up(b, db, migs)
	}
	reportCPU(b, cpu)
}

func benchUpNothingPendingReused(b *testing.B, d corpustest.Dialect) {
	db, _ := corpustest.Open(b, d, quiet)
	m, err := migrate.New(db, history(b, 1))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := m.Up(ctx); err != nil {
		b.Fatalf("up: %v", err)
	}
	cpu := cpuTime(b)
	for b.Loop() {
		if err := m.Up(ctx); err != nil {
			b.Fatalf("up: %v", err)
		}
	}
	reportCPU(b, cpu)
}

func benchWarmAutoMigrate(b *testing.B, d corpustest.Dialect) {
	db, _ := corpustest.Open(b, d, quiet)
	autoMigrate(b, db)
	for b.Loop() {
		autoMigrate(b, db)
	}
}

func benchColdUp(b *testing.B, d corpustest.Dialect) {
	migs := history(b, 1)
	for b.Loop() {
		b.StopTimer()
		db, _ := corpustest.Open(b, d, quiet)
		b.StartTimer()
		up(b, db, migs)
	}
}

func benchColdAutoMigrate(b *testing.B, d corpustest.Dialect) {
	for b.Loop() {
		b.StopTimer()
		db, _ := corpustest.Open(b, d, quiet)
		b.StartTimer()
		autoMigrate(b, db)
	}
}
