package bench

import (
	"context"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// BenchmarkVerifyVsWarmAutoMigrate times Verify on the 200 models (220
// tables) against a warm AutoMigrate of the same models on the same
// database, which the migration built. Each iteration is one round: one
// Verify, then one AutoMigrate, so that both see the same machine state.
// It reports the medians and the median of the rounds' paired ratios
// (AutoMigrate over Verify; the target is at least 1, Verify no slower):
//
//	go test ./bench -run '^$' -bench VerifyVsWarmAutoMigrate -benchtime 10x
//
// Verify runs on its own Migrator, as the verify command does once; the
// replay of the migration is part of the time.
func BenchmarkVerifyVsWarmAutoMigrate(b *testing.B) {
	forEngines(b, func(b *testing.B, d corpustest.Dialect) {
		ctx := context.Background()
		migs := []migrate.Migration{migration200(b)}
		db, _ := corpustest.Open(b, d, quiet)
		up(b, db, migs)
		autoMigrate(b, db) // warm: the database is the models' already
		var verify, auto, ratios []float64
		for b.Loop() {
			start := time.Now()
			m, err := migrate.New(db, migs)
			if err != nil {
				b.Fatal(err)
			}
			drift, err := m.Verify(ctx)
			if err != nil {
				b.Fatalf("verify: %v", err)
			}
			if !drift.Clean() {
				b.Fatalf("verify on the migrated database: %q", drift.Differences)
			}
			v := time.Since(start)
			start = time.Now()
			autoMigrate(b, db)
			a := time.Since(start)
			verify, auto = append(verify, ms(v)), append(auto, ms(a))
			ratios = append(ratios, float64(a)/float64(v))
		}
		b.ReportMetric(median(verify), "verify-ms")
		b.ReportMetric(median(auto), "automigrate-ms")
		b.ReportMetric(median(ratios), "automigrate/verify")
		b.Logf("%s, %d rounds: Verify %s ms, warm AutoMigrate %s ms, paired ratio AutoMigrate/Verify %s (median (min-max); target >= 1); load average %s",
			d, len(ratios), summary(verify, "%.1f"), summary(auto, "%.1f"), summary(ratios, "%.2f"), readLoadavg())
	})
}
