package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestScripts runs testdata/script/*.txtar: the archive's files make a
// module of its own and its comment is a script in testscript's style:
//
//	[!] migragen args...   run the command; ! expects it to fail
//	code N                 the last command exited with code N
//	stdout RE, stderr RE   the last command's output matches RE (multi-line)
//	exists FILE...         the files exist
//	grep RE FILE           FILE matches RE
//	cp SRC DST             copy a file
//
// Arguments are split on spaces; single quotes group words. The module
// resolves gorm from the module cache, never the network.
func TestScripts(t *testing.T) {
	goSum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob("testdata/script/*.txtar")
	if len(scripts) == 0 {
		t.Fatal("no scripts")
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOWORK", "off")
	// Each revision is a second after the last.
	tick := time.Date(2026, 1, 2, 3, 4, 4, 0, time.UTC)
	clock = func() time.Time { tick = tick.Add(time.Second); return tick }
	defer func() { clock = time.Now }()
	for _, script := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(script), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(script)
			if err != nil {
				t.Fatal(err)
			}
			work := t.TempDir()
			for _, f := range ar.Files {
				writeFile(t, filepath.Join(work, f.Name), f.Data)
			}
			writeFile(t, filepath.Join(work, "go.sum"), goSum)
			t.Chdir(work)
			runScript(t, string(ar.Comment))
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func runScript(t *testing.T, script string) {
	var stdout, stderr bytes.Buffer
	code := exitOK
	for i, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args := splitArgs(line)
		fail := func(format string, a ...any) {
			t.Fatalf("line %d: %s: %s\nstdout:\n%s\nstderr:\n%s", i+1, line, fmt.Sprintf(format, a...), &stdout, &stderr)
		}
		fails := args[0] == "!"
		if fails {
			args = args[1:]
		}
		switch args[0] {
		case "migragen":
			stdout.Reset()
			stderr.Reset()
			code = run(context.Background(), args[1:], &stdout, &stderr)
			if (code != exitOK) != fails {
				fail("unexpected exit code %d", code)
			}
		case "code":
			if fmt.Sprint(code) != args[1] {
				fail("exit code was %d", code)
			}
		case "stdout", "stderr":
			buf := &stdout
			if args[0] == "stderr" {
				buf = &stderr
			}
			if !regexp.MustCompile("(?m)" + args[1]).Match(buf.Bytes()) {
				fail("%s does not match %q", args[0], args[1])
			}
		case "exists":
			for _, f := range args[1:] {
				if _, err := os.Stat(f); err != nil {
					fail("%v", err)
				}
			}
		case "grep":
			data, err := os.ReadFile(args[2])
			if err != nil || !regexp.MustCompile("(?m)"+args[1]).Match(data) {
				fail("%s does not match %q (%v)", args[2], args[1], err)
			}
		case "cp":
			data, err := os.ReadFile(args[1])
			if err == nil {
				err = os.WriteFile(args[2], data, 0o644)
			}
			if err != nil {
				fail("%v", err)
			}
		default:
			fail("unknown command %q", args[0])
		}
	}
}

// splitArgs splits a script line on spaces; single quotes group words.
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, have = !quoted, true
		case r == ' ' && !quoted:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args
}
