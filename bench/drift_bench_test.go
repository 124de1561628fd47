package bench

import (
	"context"
	"testing"
	"time"

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
		// Each round times Up with the check, then Up on a Migrator
		// without it, so the paired difference is the check's cost.
		plain, err := migrate.New(db, []migrate.Migration{migration200(b)})
		if err != nil {
			b.Fatal(err)
		}
		var with, without []float64
		for b.Loop() {
			for _, r := range []struct {
				m   *migrate.Migrator
				out *[]float64
			}{{m, &with}, {plain, &without}} {
				start := time.Now()
				if err := r.m.Up(ctx); err != nil {
					b.Fatalf("up: %v", err)
				}
				*r.out = append(*r.out, ms(time.Since(start)))
			}
		}
		b.ReportMetric(median(with), "drift-check-up-ms")
		b.Logf("%s, %d rounds: Up with the drift check %s ms, without %s ms (median (min-max); target < 50 ms on postgres); load average %s",
			d, len(with), summary(with, "%.1f"), summary(without, "%.2f"), readLoadavg())
	})
}
