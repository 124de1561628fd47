package loader

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/gcexportdata"
)

type target struct {
	goarch, compiler string
}

type exportResult struct {
	files  map[string]string // package path → export data file
	target target
	err    error
	took   time.Duration
}

// exportTemplate prints one line per package. The fields are Go-quoted, so
// multi-line error messages cannot break the line structure. The build
// context rides along so that types.Sizes match the go command's GOARCH,
// which may come from a go env file rather than the environment.
const exportTemplate = `{{printf "%q %q %q %q" .ImportPath .Export context.GOARCH context.Compiler}}` +
	`{{with .Error}} {{printf "%q %q" .Pos .Err}}{{end}}` +
	`{{range .DepsErrors}} {{printf "%q %q" .Pos .Err}}{{end}}`

// listExports asks the go command for the export data of paths, compiling
// them (and only them, with their dependencies) if the build cache has none.
// The paths never include source packages, so the code the user is editing
// is not compiled.
func listExports(ctx context.Context, cfg Config, env, buildFlags, paths []string) (map[string]string, target, error) {
	tgt := defaultTarget(env)
	files := make(map[string]string, len(paths))
	if len(paths) == 0 {
		return files, tgt, nil
	}
	// -pgo=off: a profile given in GOFLAGS would otherwise make the go
	// command build a profile-specific variant of every dependency, missing
	// the build cache, for types that are the same either way.
	args := []string{"list", "-e", "-export", "-pgo=off", "-f", exportTemplate}
	args = append(args, buildFlags...)
	args = append(args, "--")
	args = append(args, paths...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = cfg.Dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, tgt, ctx.Err()
	}

	var problems []Problem
	seen := make(map[Problem]bool)
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields, err := unquoteFields(sc.Text())
		if err != nil || len(fields) < 4 {
			return nil, tgt, fmt.Errorf("go list -export: unexpected output %q", sc.Text())
		}
		path, export := fields[0], fields[1]
		tgt = target{goarch: fields[2], compiler: fields[3]}
		if export != "" {
			files[path] = export
		}
		// With -e, compiler errors of the package or of a dependency
		// come back as Error and DepsErrors rather than on stderr.
		for i := 4; i+1 < len(fields); i += 2 {
			for _, pr := range goProblems(fields[i], fields[i+1], cfg.Dir) {
				if !seen[pr] {
					seen[pr] = true
					problems = append(problems, pr)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, tgt, fmt.Errorf("go list -export: %w", err)
	}
	if len(problems) > 0 {
		return nil, tgt, &Error{List: problems}
	}
	var missing []string
	for _, p := range paths {
		if files[p] == "" {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 || runErr != nil {
		// Typically a dependency that does not compile; the compiler's
		// messages are on stderr.
		msg := strings.TrimSpace(stderr.String())
		if msg == "" && runErr != nil {
			msg = runErr.Error()
		}
		if len(missing) > 0 {
			msg = fmt.Sprintf("no export data for %s\n%s", strings.Join(missing, ", "), msg)
		}
		return nil, tgt, &Error{List: goProblems("", msg, cfg.Dir)}
	}
	return files, tgt, nil
}

// unquoteFields splits a line of space-separated Go-quoted strings.
func unquoteFields(line string) ([]string, error) {
	var out []string
	for line = strings.TrimLeft(line, " "); line != ""; line = strings.TrimLeft(line, " ") {
		q, err := strconv.QuotedPrefix(line)
		if err != nil {
			return nil, err
		}
		s, err := strconv.Unquote(q)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		line = line[len(q):]
	}
	return out, nil
}

// goProblems turns a go command error into problems. Without a position,
// the text may hold compiler output: "# pkg" headers, then a line per error
// that starts with its position.
func goProblems(pos, text, dir string) []Problem {
	if pos != "" {
		return []Problem{{Pos: parsePos(pos, dir), Msg: strings.TrimSpace(text)}}
	}
	var list []Problem
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		list = append(list, splitPosMsg(line, dir))
	}
	if len(list) == 0 {
		list = append(list, Problem{Msg: "go list -export failed"})
	}
	return list
}

// defaultTarget is used only when the go command was not asked anything that
// reports its build context: the environment wins, as it does for the go
// command, except for a GOARCH set with "go env -w".
func defaultTarget(env []string) target {
	t := target{goarch: runtime.GOARCH, compiler: "gc"}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOARCH="); ok && v != "" {
			t.goarch = v
		}
	}
	return t
}

// readExport decodes the export data of path into imports. Packages it
// mentions are created incomplete and filled in only if imported later.
func readExport(fset *token.FileSet, imports map[string]*types.Package, path, file string) (*types.Package, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// NewReader is deprecated for the day "go list -export" stops pointing
	// at compiler archives (Go 1.28); until then it is what finds the
	// export data inside them, and it passes cmd/export output through.
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading export data for %s: %w", path, err)
	}
	return gcexportdata.Read(r, fset, imports, path)
}
