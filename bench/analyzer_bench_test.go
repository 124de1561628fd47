package bench

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/bench/internal/modelgen"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

// The benchmarks time one edit-and-run cycle per iteration, as
// scripts/bench-analyzer.sh does: the edit (untimed) appends a new field to
// one model, then the route runs as a separate process. Like every
// benchmark they run only under -bench.

func BenchmarkSnapshot200(b *testing.B)  { benchRoute(b, 200, snapshotRoute) }
func BenchmarkSnapshot2000(b *testing.B) { benchRoute(b, 2000, snapshotRoute) }
func BenchmarkGoRunParse200(b *testing.B) {
	benchRoute(b, 200, goRunRoute)
}
func BenchmarkGoRunParse2000(b *testing.B) { benchRoute(b, 2000, goRunRoute) }

// A route returns the command that derives the schema of the package rel
// (a ./-relative directory of the module root).
type route func(b *testing.B, root, rel string) *exec.Cmd

// snapshotRoute is migragen's: a prebuilt binary, as after go get -tool.
func snapshotRoute(b *testing.B, root, rel string) *exec.Cmd {
	bin := filepath.Join(b.TempDir(), "migragen")
	run(b, root, "go", "build", "-o", bin, "./cmd/migragen")
	return exec.Command(bin, "snapshot", rel)
}

// goRunRoute is GORM's runtime route: compile the models into a program
// that calls schema.Parse on each.
func goRunRoute(b *testing.B, root, rel string) *exec.Cmd {
	return exec.Command("go", "run", rel+"/"+modelgen.ParseProgramDir)
}

func benchRoute(b *testing.B, n int, r route) {
	if n > 200 && testing.Short() {
		b.Skip("-short")
	}
	root := testenv.ModuleRoot(b)
	// Inside the module so that the models resolve its gorm.
	dir := filepath.Join(testenv.TempPackageDir(b, "benchtmp"), "models")
	if _, err := modelgen.Generate(modelgen.Options{N: n, Dir: dir}); err != nil {
		b.Fatal(err)
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		b.Fatal(err)
	}
	cmd := r(b, root, "./"+filepath.ToSlash(rel))

	// Warm up untimed: the first run compiles the dependencies' export data.
	seq := 0
	once := func() {
		b.StopTimer()
		seq++
		if _, err := modelgen.AddField(dir, seq, fmt.Sprintf("BenchField%d", seq)); err != nil {
			b.Fatal(err)
		}
		c := exec.Command(cmd.Path, cmd.Args[1:]...)
		c.Dir = root
		var stderr strings.Builder
		c.Stderr = &stderr
		b.StartTimer()
		err := c.Run()
		b.StopTimer()
		if err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(c.Args, " "), err, stderr.String())
		}
		b.StartTimer()
	}
	once()
	for b.Loop() {
		once()
	}
}

// BenchmarkSnapshotInProcess2000 is BenchmarkSnapshot2000 without the
// process: what `migragen snapshot` does in Go, so that -cpuprofile and
// -memprofile see it. The go command it starts (the listing, and the export
// listing when its cache misses) is not in a profile; the subprocess
// benchmarks count it.
func BenchmarkSnapshotInProcess2000(b *testing.B) {
	if testing.Short() {
		b.Skip("-short")
	}
	// As cmd/migragen's main does.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	root := testenv.ModuleRoot(b)
	dir := filepath.Join(testenv.TempPackageDir(b, "benchtmp"), "models")
	if _, err := modelgen.Generate(modelgen.Options{N: 2000, Dir: dir, NoParseProgram: true}); err != nil {
		b.Fatal(err)
	}
	seq := 0
	once := func() {
		b.StopTimer()
		seq++
		if _, err := modelgen.AddField(dir, seq, fmt.Sprintf("BenchField%d", seq)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: root}, dir)
		if err == nil {
			err = res.Err()
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, err := schema.Encode(res.Snapshot); err != nil {
			b.Fatal(err)
		}
	}
	once() // warm the export-data cache; b.Loop starts the clock afresh
	for b.Loop() {
		once()
	}
}

func run(b *testing.B, dir string, name string, args ...string) {
	b.Helper()
	c := exec.Command(name, args...)
	c.Dir = dir
	if out, err := c.CombinedOutput(); err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
