package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/testenv"
)

// TestQuickstart runs the README's quickstart exactly as written, in a
// fresh copy of the repository: the first command must derive no changes,
// apply the example's migrations to a new SQLite file, seed and report, and
// show everything applied; the second must be the test command .ci/run
// runs (running it here would run this test again).
func TestQuickstart(t *testing.T) {
	root := testenv.ModuleRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	commands := quickstartCommands(t, string(readme))
	if len(commands) != 2 {
		t.Fatalf("the quickstart has %d commands, want 2: %q", len(commands), commands)
	}
	if commands[1] != "bash scripts/test.sh" {
		t.Errorf("the second quickstart command is %q, want the test command", commands[1])
	}
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil || !strings.Contains(string(ci), "scripts/test.sh") {
		t.Errorf(".ci/run does not run scripts/test.sh (err %v)", err)
	}

	copyDir := copyRepository(t, root)
	for run := 1; run <= 2; run++ {
		cmd := exec.CommandContext(context.Background(), "bash", "-c", commands[0])
		cmd.Dir = copyDir
		cmd.Env = append(os.Environ(), "MIGRAGEN_EXAMPLE_DSN=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("quickstart command 1 (run %d) failed: %v\n%s", run, err, out)
		}
		want := []string{
			"no changes; ../migrations is up to date",
			"applied   3 of 3",
			"pending   0",
			"dirty     no",
			"Alice Liddell",
			"98.99 EUR",
		}
		if run == 1 {
			want = append(want, "3 migrations applied", "seeded 2 products, 1 customer and order #1")
		} else {
			want = append(want, "nothing to do")
		}
		for _, w := range want {
			if !bytes.Contains(out, []byte(w)) {
				t.Errorf("quickstart command 1 (run %d): the output lacks %q:\n%s", run, w, out)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(copyDir, "shop.db")); err != nil {
		t.Errorf("the quickstart left no shop.db: %v", err)
	}
}

// quickstartCommands returns the command lines of the first sh block after
// the Quickstart heading, without comments.
func quickstartCommands(t *testing.T, readme string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "## Quickstart")
	if !ok {
		t.Fatal("README.md has no Quickstart section")
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	if !ok {
		t.Fatal("the Quickstart has no sh block")
	}
	block, _, _ := strings.Cut(rest, "```")
	var out []string
	for line := range strings.SplitSeq(block, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// copyRepository copies the files git tracks (and those not yet added,
// minus ignored ones) into a temporary directory.
func copyRepository(t *testing.T, root string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("listing the repository's files: %v", err)
	}
	dst := t.TempDir()
	for name := range strings.SplitSeq(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
