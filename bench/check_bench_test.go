package bench

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/dialect/postgres"
	"github.com/migragen/migragen/internal/checkdata"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// checkRows is the size of the narrowing benchmark's table.
const checkRows = 1_000_000

// BenchmarkNarrowingCheck times the pre-migration check of a varchar(64)
// to varchar(32) narrowing (its Count query) on a table of a million rows
// on PostgreSQL, against a plain SELECT count(*) of the same table, the
// cost of one full scan. Each iteration is one round of both queries, in
// alternating order so that neither always finds the cache the other
// warmed; the rounds' table, the median and range of each and of their
// paired ratio, and the load average are logged. The target is a single
// scan: a ratio near 1. Loading the table (untimed) takes a few seconds.
//
//	go test ./bench -run '^$' -bench NarrowingCheck -benchtime 7x -v
//	bash scripts/bench-checks.sh
func BenchmarkNarrowingCheck(b *testing.B) {
	load := readLoadavg()
	db, _ := corpustest.Open(b, corpustest.PostgreSQL, quiet)
	start := time.Now()
	if err := checkdata.Load(db, checkRows); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d rows in %v", checkRows, time.Since(start).Round(time.Millisecond))
	before, err := gormoracle.Snapshot([]any{&checkdata.Owner{}, &checkdata.Row{}}, gormoracle.Options{})
	if err != nil {
		b.Fatal(err)
	}
	from := before.Table("check_rows").Column("name")
	to := from.Clone()
	to.Size = 32
	q, err := postgres.Dialect{}.CheckQuery(&dialect.Context{DB: db, Before: before},
		schema.ValuesFit{Table: "check_rows", Column: "name", From: from, To: to})
	if err != nil {
		b.Fatal(err)
	}
	const scan = "SELECT count(*) FROM check_rows"
	timed := func(query string) time.Duration {
		var n int64
		start := time.Now()
		if err := db.Raw(query).Row().Scan(&n); err != nil {
			b.Fatalf("%s: %v", query, err)
		}
		return time.Since(start)
	}
	b.Logf("check: %s", q.Count)
	for _, query := range []string{scan, q.Count} {
		var plan []string
		if err := db.Raw("EXPLAIN " + query).Scan(&plan).Error; err != nil {
			b.Fatal(err)
		}
		b.Logf("plan of %s:\n  %s", query, strings.Join(plan, "\n  "))
	}
	timed(scan) // warm the cache once, untimed

	var checks, scans, ratios []float64
	round := 0
	b.ResetTimer()
	for b.Loop() {
		var c, s time.Duration
		if round%2 == 0 {
			s, c = timed(scan), timed(q.Count)
		} else {
			c, s = timed(q.Count), timed(scan)
		}
		round++
		checks, scans = append(checks, ms(c)), append(scans, ms(s))
		ratios = append(ratios, ms(c)/ms(s))
		b.Logf("round %2d: check %8.1f ms   count(*) %8.1f ms   ratio %.2f", round, ms(c), ms(s), ms(c)/ms(s))
	}
	b.StopTimer()
	b.ReportMetric(median(checks), "check-ms")
	b.ReportMetric(median(scans), "scan-ms")
	b.ReportMetric(median(ratios), "ratio")
	b.Logf("%d rounds on %d rows: check %s ms, count(*) %s ms, paired ratio %s (median (min-max))",
		round, checkRows, summary(checks, "%.1f"), summary(scans, "%.1f"), summary(ratios, "%.2f"))
	b.Logf("load average at start: %s, at end: %s", load, readLoadavg())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	if n := len(xs); n%2 == 1 {
		return xs[n/2]
	} else {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
}

// summary is "median (min-max)" in format f.
func summary(xs []float64, f string) string {
	m := median(xs)
	return fmt.Sprintf(f+" ("+f+"-"+f+")", m, xs[0], xs[len(xs)-1])
}

// readLoadavg is the first three fields of /proc/loadavg, or "?" where
// there is none.
func readLoadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}
