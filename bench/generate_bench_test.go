package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/bench/internal/modelgen"
	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/lint"
)

// BenchmarkGenerateInProcess200 and BenchmarkGenerateInProcess2000 are what
// `migragen generate` does after one new field, in Go, so that -cpuprofile
// and -memprofile see it (scripts/bench-generate.sh times the process):
// the cached load of the migrations directory, the analysis, Generate, the
// verification record of the new state and the lint of the new revision.
// Beside ns/op they report history-ms, the part of each run that is not
// the analysis, which `migragen snapshot` pays too:
//
//	go test ./bench -run '^$' -bench GenerateInProcess2000 -benchtime 5x -cpuprofile /tmp/gen.prof
//	go tool pprof -tagfocus run=timed -top -cum bench.test /tmp/gen.prof
func BenchmarkGenerateInProcess200(b *testing.B)  { benchGenerateInProcess(b, 200) }
func BenchmarkGenerateInProcess2000(b *testing.B) { benchGenerateInProcess(b, 2000) }

func benchGenerateInProcess(b *testing.B, n int) {
	if n > 200 && testing.Short() {
		b.Skip("-short")
	}
	// As cmd/migragen's main does, without its memory limit.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	// The verification record goes to the user cache: a private one.
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	b.Setenv("HOME", b.TempDir())
	root := testenv.ModuleRoot(b)
	dir := filepath.Join(testenv.TempPackageDir(b, "benchtmp"), "models")
	if _, err := modelgen.Generate(modelgen.Options{N: n, Dir: dir, NoParseProgram: true}); err != nil {
		b.Fatal(err)
	}
	migrations := filepath.Join(b.TempDir(), "migrations")
	ctx := context.Background()
	seq := 0
	var history time.Duration
	once := func() {
		b.StopTimer()
		seq++
		if _, err := modelgen.AddField(dir, seq, fmt.Sprintf("BenchField%d", seq)); err != nil {
			b.Fatal(err)
		}
		// Revision IDs have one-second resolution.
		now := time.Date(2026, 1, 1, 0, 0, seq, 0, time.UTC)
		b.StartTimer()
		start := time.Now()
		lock, err := generate.Lock(migrations, "generate")
		if err != nil {
			b.Fatal(err)
		}
		st, err := generate.LoadCached(migrations)
		if err != nil {
			b.Fatal(err)
		}
		history += time.Since(start)
		res, err := analyzer.Analyze(ctx, analyzer.Config{Dir: root}, dir)
		if err == nil {
			err = res.Err()
		}
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		out, err := generate.Generate(ctx, generate.Config{
			Dir: migrations, State: st, Lock: lock, Analysis: res, Patterns: []string{dir},
			Message: fmt.Sprintf("add field %d", seq), Now: func() time.Time { return now },
		})
		if err != nil {
			b.Fatal(err)
		}
		if out.ID == "" {
			b.Fatal("generate wrote no revision")
		}
		generate.RecordGenerated(out)
		lock.Unlock()
		written := []string{filepath.Join(migrations, out.ID+".go")}
		if _, err := lint.CheckFiles(out.Plan.State.Snapshot, written, res.Snapshot.Settings, ""); err != nil {
			b.Fatal(err)
		}
		history += time.Since(start)
	}
	once() // the first revision, and the export-data cache warmed
	once() // the first verification record, as a developer's second run
	history = 0
	// Profiles see the warm-up too; -tagfocus run=timed leaves it out.
	labels := pprof.Labels("run", "timed")
	for b.Loop() {
		pprof.Do(ctx, labels, func(context.Context) { once() })
	}
	b.ReportMetric(float64(history.Milliseconds())/float64(b.N), "history-ms/op")
}
