package bench

import (
	"context"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// BenchmarkUpDriftCheck times Up with WithDriftCheck and nothing pending
// on one Migrator, on the 200 models (220 tables): the version table read,
// the replay of the migration in memory and the catalog fingerprint. Set
// against BenchmarkUpNothingPendingReused, the difference is what the
// check costs; the target is under 50 ms on PostgreSQL.
func BenchmarkUpDriftCheck(b *testing.B) {
	forEngines(b, func(b *testing.B, d corpustest.Dialect) {
		db, _ := corpustest.Open(b, d, quiet)
		m, err := migrate.New(db, []migrate.Migration{migration200(b)}, migrate.WithDriftCheck())
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		if err := m.Up(ctx); err != nil {
			b.Fatalf("up: %v", err)
		}
		for b.Loop() {
			if err := m.Up(ctx); err != nil {
				b.Fatalf("up: %v", err)
			}
		}
	})
}
