package bench

import (
	"cmp"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// The size of the lock-stall benchmark's table and its writer's think time.
// A million rows is the case and takes minutes: run it locally,
// through scripts/bench-locks.sh; CI runs TestLockStallsSmoke instead.
var (
	lockRows  = flag.Int("locks.rows", 1_000_000, "rows in the big table of BenchmarkLockStalls")
	lockPause = flag.Duration("locks.pause", time.Millisecond, "the writer's pause between statements in BenchmarkLockStalls")
)

// BenchmarkLockStalls measures, on PostgreSQL and MariaDB (sub-benchmarks
// postgres and mysql), the longest stall of a concurrent writer while one
// migration adds an index, a foreign key, a check and a NOT NULL to a table
// of -locks.rows rows: with GORM's plain DDL and with the online-safe form.
// Each iteration is one round of both, each on a fresh database, in
// alternating order (plain first in odd rounds), so that both meet the
// same machine; the writer is one connection of autocommit inserts and
// updates with -locks.pause between them. Each round, and at the end the
// median and range of each form's stall and migration time and of the
// paired stall ratio (plain/online), are logged with the load average.
//
//	go test ./bench -run '^$' -bench 'LockStalls/postgres' -benchtime 3x -timeout 0 -v -args -locks.rows 100000
//	bash scripts/bench-locks.sh
func BenchmarkLockStalls(b *testing.B) {
	for _, d := range lockEngines {
		b.Run(string(d), func(b *testing.B) { benchLockStalls(b, d) })
	}
}

func benchLockStalls(b *testing.B, d corpustest.Dialect) {
	if *lockRows < 1 {
		b.Fatalf("-locks.rows must be positive, got %d", *lockRows)
	}
	load := readLoadavg()
	var plainStall, onlineStall, plainUp, onlineUp, ratios []float64
	round := 0
	for b.Loop() {
		round++
		var plain, online lockRun
		if round%2 == 1 {
			plain, online = lockRound(b, d, true), lockRound(b, d, false)
		} else {
			online, plain = lockRound(b, d, false), lockRound(b, d, true)
		}
		ratio := ms(plain.writer.longest) / ms(online.writer.longest)
		plainStall, onlineStall = append(plainStall, ms(plain.writer.longest)), append(onlineStall, ms(online.writer.longest))
		plainUp, onlineUp = append(plainUp, ms(plain.migration)), append(onlineUp, ms(online.migration))
		ratios = append(ratios, ratio)
		first := "plain"
		if round%2 == 0 {
			first = "online"
		}
		b.Logf("round %d (%s first): plain: stall %s, migration %s | online: stall %s, migration %s | stall ratio %s",
			round, first, describeStall(plain), seconds(ms(plain.migration)), describeStall(online), seconds(ms(online.migration)), times(ratio))
		logTimeline(b, "plain", plain)
		logTimeline(b, "online", online)
	}
	b.StopTimer()
	b.ReportMetric(median(plainStall), "plain-stall-ms")
	b.ReportMetric(median(onlineStall), "online-stall-ms")
	b.Logf("%s, %d rows, %d rounds, median (min-max):", d, *lockRows, round)
	b.Logf("  longest writer stall: plain %s ms, online %s ms", summary(plainStall, "%.1f"), summary(onlineStall, "%.1f"))
	b.Logf("  paired stall ratio plain/online: %s", summary(ratios, "%.1f"))
	b.Logf("  migration wall time: plain %s s, online %s s", summary(toSeconds(plainUp), "%.2f"), summary(toSeconds(onlineUp), "%.2f"))
	b.Logf("  load average at start: %s, at end: %s", load, readLoadavg())
}

// lockRound runs the scenario once on a fresh database and drops its
// tables at once.
func lockRound(b *testing.B, d corpustest.Dialect, plain bool) lockRun {
	b.StopTimer()
	s := newLockScenario(b, d, *lockRows, plain)
	b.StartTimer()
	run := s.measure(b, *lockPause)
	b.StopTimer()
	s.drop(b)
	b.StartTimer()
	return run
}

// logTimeline logs, in order of their start, the migrator's statements and
// the writer's statements that took slowThreshold or more, so that each
// stall can be matched with the statement that caused it.
func logTimeline(b *testing.B, form string, r lockRun) {
	type line struct {
		span
		who, sql string
	}
	var lines []line
	for _, s := range r.slow {
		lines = append(lines, line{s.span, "migration", oneLine(s.sql, 100)})
	}
	for _, s := range r.writer.stalls {
		lines = append(lines, line{s, "writer", "(a write waited)"})
	}
	slices.SortStableFunc(lines, func(x, y line) int { return cmp.Compare(x.at, y.at) })
	for _, l := range lines {
		b.Logf("    %-6s %8s %7.0f ms  %-9s %s", form, fmt.Sprintf("+%.2f s", l.at.Seconds()), ms(l.took), l.who, l.sql)
	}
}

// describeStall is the writer's longest stall, when it began in the
// migration, and how many statements it ran meanwhile.
func describeStall(r lockRun) string {
	return fmt.Sprintf("%.1f ms at +%s (%d writes)", ms(r.writer.longest), seconds(ms(r.writer.longestAt)), r.writer.statements)
}

// seconds formats milliseconds as seconds.
func seconds(msec float64) string { return fmt.Sprintf("%.2f s", msec/1000) }

// toSeconds converts milliseconds to seconds, element by element.
func toSeconds(msec []float64) []float64 {
	out := make([]float64, len(msec))
	for i, x := range msec {
		out[i] = x / 1000
	}
	return out
}

// times formats a ratio, without decimals from 10 up.
func times(r float64) string {
	if r >= 10 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}

// oneLine is sql on one line, cut to at most n characters.
func oneLine(sql string, n int) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > n {
		s = s[:n-3] + "..."
	}
	return s
}
