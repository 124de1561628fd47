package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The scripts run migragen as a separate process (testscript re-executes
// this test binary). These files in the script's $WORK carry what must
// survive from one invocation to the next.
const (
	// clockFile holds the last revision time handed out, so that revision
	// ids are fixed and a second apart.
	clockFile = ".migragen-clock"
	// exitFile holds the last exit code, for the code command.
	exitFile = ".migragen-exit"
	// holdLockEnv, a duration, makes migragen wait that long once it
	// holds a directory's lock, so that a second run surely meets it.
	holdLockEnv = "MIGRAGEN_TEST_HOLD_LOCK"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"migragen": func() {
			if work := os.Getenv("WORK"); work != "" {
				clock = fileClock(filepath.Join(work, clockFile))
			}
			if d, err := time.ParseDuration(os.Getenv(holdLockEnv)); err == nil {
				afterLock = func() { time.Sleep(d) }
			}
			code := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
			if work := os.Getenv("WORK"); work != "" {
				os.WriteFile(filepath.Join(work, exitFile), []byte(strconv.Itoa(code)), 0o644)
			}
			os.Exit(code)
		},
	})
}

// fileClock returns a clock that ticks one second per call from
// 2026-01-02T03:04:05Z, remembering its position in name.
func fileClock(name string) func() time.Time {
	return func() time.Time {
		t := time.Date(2026, 1, 2, 3, 4, 4, 0, time.UTC)
		if data, err := os.ReadFile(name); err == nil {
			if last, err := time.Parse(time.RFC3339, strings.TrimSpace(string(data))); err == nil {
				t = last
			}
		}
		t = t.Add(time.Second)
		os.WriteFile(name, []byte(t.Format(time.RFC3339)), 0o644)
		return t
	}
}

// TestScripts runs testdata/script/*.txtar with testscript: each archive is
// a module of its own that resolves gorm from the module cache, and from
// the module proxy for what the cache lacks. Besides testscript's commands, `code N` checks the exit code of
// the last migragen run.
func TestScripts(t *testing.T) {
	goSum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("GOFLAGS", "-mod=mod")
			// The module cache answers almost everything; the proxy
			// fills what a clean machine's cache lacks (go.mod files of
			// versions the build list does not select).
			env.Setenv("GOPROXY", goEnv(t, "GOPROXY"))
			env.Setenv("GOWORK", "off")
			// The go command needs these; testscript clears the rest.
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "HOME", "PATH", "XDG_CACHE_HOME"} {
				if v := os.Getenv(k); v != "" {
					env.Setenv(k, v)
				}
			}
			// A script that builds an application against this checkout
			// replaces the module with it (go mod edit -replace).
			root, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			env.Setenv("MIGRAGEN_ROOT", root)
			return os.WriteFile(filepath.Join(env.WorkDir, "go.sum"), goSum, 0o644)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cmpdir":   cmpDir,
			"race":     race,
			"dropline": dropLine,
			"replace":  replaceIn,
			"waitfile": waitFile,
			"code": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: code N")
				}
				data, err := os.ReadFile(ts.MkAbs(exitFile))
				if err != nil {
					ts.Fatalf("no migragen run to check: %v", err)
				}
				if got := strings.TrimSpace(string(data)); got != args[0] {
					ts.Fatalf("migragen exited with %s, want %s", got, args[0])
				}
			},
		},
	})
}

// race is the script command `race NAME migragen ARGS...`: it starts the
// command twice at once, each holding the directory's lock for a second
// once it has it (holdLockEnv), and requires exactly one to succeed. The
// output of the one that succeeded goes to NAME.won, that of the other
// to NAME.lost, stderr after stdout.
func race(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: race NAME command [args...]")
	}
	type outcome struct {
		out []byte
		err error
	}
	done := make(chan outcome, 2)
	for range 2 {
		cmd := exec.Command(args[1], args[2:]...)
		cmd.Dir = ts.MkAbs(".")
		cmd.Env = append(os.Environ(), "WORK="+ts.Getenv("WORK"), "PATH="+ts.Getenv("PATH"), holdLockEnv+"=1s")
		for _, k := range []string{"GOFLAGS", "GOPROXY", "GOWORK", "GOCACHE", "GOMODCACHE", "GOPATH", "HOME"} {
			cmd.Env = append(cmd.Env, k+"="+ts.Getenv(k))
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		ts.Check(cmd.Start())
		go func() {
			err := cmd.Wait()
			done <- outcome{append(stdout.Bytes(), stderr.Bytes()...), err}
		}()
	}
	var won, lost []outcome
	for range 2 {
		o := <-done
		ts.Logf("%s: %v\n%s", args[1], o.err, o.out)
		if o.err == nil {
			won = append(won, o)
		} else {
			lost = append(lost, o)
		}
	}
	if len(won) != 1 {
		ts.Fatalf("%d of the 2 concurrent runs succeeded, want exactly 1", len(won))
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]+".won"), won[0].out, 0o644))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]+".lost"), lost[0].out, 0o644))
}

// dropLine is the script command `dropline FILE REGEXP`: it deletes the
// lines of FILE that match REGEXP, at least one, as a hand edit would.
func dropLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dropline FILE REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var kept []string
	lines := strings.SplitAfter(string(data), "\n")
	for _, l := range lines {
		if !re.MatchString(strings.TrimSuffix(l, "\n")) {
			kept = append(kept, l)
		}
	}
	if len(kept) == len(lines) {
		ts.Fatalf("no line of %s matches %s", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(kept, "")), 0o644))
}

// replaceIn is the script command `replace FILE OLD NEW`: it replaces
// every occurrence of OLD in FILE, at least one, by NEW, as a hand edit
// would.
func replaceIn(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	if !strings.Contains(string(data), args[1]) {
		ts.Fatalf("%s does not contain %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.ReplaceAll(string(data), args[1], args[2])), 0o644))
}

// waitFile is the script command `waitfile FILE`: it waits, up to a
// minute, until FILE exists and holds something. A lock file is created
// before the run that holds it writes who it is; a run killed in between
// leaves an empty one, which is not what the scripts mean to leave.
func waitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile FILE")
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(ts.MkAbs(args[0])); err == nil && fi.Size() > 0 {
			return
		}
	}
	ts.Fatalf("%s did not appear within a minute", args[0])
}

// cmpDir is the script command `cmpdir DIR1 DIR2`: the two directories
// hold the same files (by name, recursively), byte for byte, and at least
// one.
func cmpDir(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpdir DIR1 DIR2")
	}
	a, b := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	files := func(root string) map[string][]byte {
		out := map[string][]byte{}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			out[rel], err = os.ReadFile(path)
			return err
		})
		ts.Check(err)
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) == 0 {
		ts.Fatalf("%s is empty", args[0])
	}
	for _, name := range slices.Sorted(maps.Keys(fa)) {
		other, ok := fb[name]
		switch {
		case !ok:
			ts.Fatalf("%s only in %s", name, args[0])
		case !bytes.Equal(fa[name], other):
			ts.Fatalf("%s differs between %s and %s:\n%s", name, args[0], args[1], lineDiff(fa[name], other))
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			ts.Fatalf("%s only in %s", name, args[1])
		}
	}
	ts.Logf("%d files identical", len(fa))
}

// lineDiff shows the first line where a and b differ.
func lineDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	line := func(l []string, i int) string {
		if i < len(l) {
			return l[i]
		}
		return "(end of file)"
	}
	for i := range max(len(la), len(lb)) {
		if x, y := line(la, i), line(lb, i); x != y {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, x, y)
		}
	}
	return ""
}

func goEnv(t *testing.T, key string) string {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out))
}
