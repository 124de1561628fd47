package generate

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/testenv"
)

// modulePath is the import path of the module root; the generated packages
// live under it.
const modulePath = "github.com/migragen/migragen"

// oracleCase is one golden case laid out for the oracle: its before models
// compiled as a package of their own, the after models in the package
// generate analysed, and the migrations generate wrote for both steps.
type oracleCase struct {
	Name string
	// Ident prefixes the case's import aliases in the check package.
	Ident string
	// Before, After and Migrations are import paths.
	Before, After, Migrations string
	// BeforeModels and AfterModels are the hand-written root lists of the
	// txtar's models section, as given to AutoMigrate.
	BeforeModels, AfterModels []string
	// BeforeRev is the revision of the before step.
	BeforeRev string
}

// TestGoldenOracle holds every golden migration against GORM itself (the
// zero-DDL oracle of DESIGN.md) on each engine. For each case it generates
// the two revisions as TestGolden does, from models in packages that can
// be compiled, then runs one nested go test over a generated check package
// that, per case and engine,
//
//   - applies both revisions (up → down to base → up) and holds the result
//     against AutoMigrate of the after models;
//   - applies the before revision only and compares the schema with
//     AutoMigrate of the before models, then goes up and back down to it
//     and holds the result against the same baseline.
//
// The models given to AutoMigrate are the models section of each txtar,
// written by hand, never derived by the analyzer. One nested go test for
// all cases keeps the compile time to one link.
func TestGoldenOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs a generated test package")
	}
	files, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	root := testenv.ModuleRoot(t)
	dir := testenv.TempPackageDir(t, "goldenoracle")
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	cases := make([]oracleCase, len(files))
	t.Run("generate", func(t *testing.T) {
		for i, file := range files {
			name := strings.TrimSuffix(filepath.Base(file), ".txtar")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				cases[i] = layOutCase(t, file, name, root, rel)
			})
		}
	})
	if t.Failed() {
		return
	}
	generated := time.Since(start)

	var src bytes.Buffer
	if err := checkTemplate.Execute(&src, cases); err != nil {
		t.Fatal(err)
	}
	formatted, err := format.Source(src.Bytes())
	if err != nil {
		t.Fatalf("generated check package does not format: %v\n%s", err, src.Bytes())
	}
	writeFile(t, filepath.Join(dir, "check", "oracle_test.go"), formatted)

	// The subtests wait on the database servers, not the CPU: running
	// eight at once takes a third of the time that GOMAXPROCS (2) does,
	// and stays well within the servers' connection limits (each subtest
	// holds about four connections).
	args := []string{"test", "-count=1", "-parallel=8"}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	cmd := exec.CommandContext(t.Context(), "go", append(args, "./"+filepath.ToSlash(filepath.Join(rel, "check")))...)
	cmd.Dir = root // the environment, CI included, passes through
	start = time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("generate: %v; nested go test: %v", generated.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("golden migrations fail the zero-DDL oracle (go %s): %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
	}
	if testing.Verbose() {
		t.Logf("%s", out)
	}
}

// layOutCase writes the packages of one golden case under
// root/rel/<name>, generates its migrations there, and reads its models
// section.
func layOutCase(t *testing.T, file, name, root, rel string) oracleCase {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	section := func(s string) []byte {
		for _, f := range ar.Files {
			if f.Name == s {
				return f.Data
			}
		}
		t.Fatalf("%s: no %s section", file, s)
		return nil
	}
	caseRel := filepath.ToSlash(filepath.Join(rel, name))
	importBase := modulePath + "/" + caseRel
	c := oracleCase{Name: name, Ident: strings.ReplaceAll(name, "_", ""),
		Before: importBase + "/before", After: importBase + "/models", Migrations: importBase + "/migrations"}
	for _, line := range strings.Split(string(section("models")), "\n") {
		step, list, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(step) {
		case "before":
			c.BeforeModels = strings.Fields(list)
		case "after":
			c.AfterModels = strings.Fields(list)
		case "":
		default:
			t.Fatalf("%s: models section: want lines \"before: Type ...\" and \"after: Type ...\", got %q", file, line)
		}
	}
	if len(c.BeforeModels) == 0 || len(c.AfterModels) == 0 {
		t.Fatalf("%s: models section must list the before and the after models", file)
	}

	caseDir := filepath.Join(root, rel, name)
	writeFile(t, filepath.Join(caseDir, "before", "models.go"), section("before.go"))
	// Both steps analyse the same package, as a user's go:generate does.
	pkg := "./" + caseRel + "/models"
	migrations := filepath.Join(caseDir, "migrations")
	step := func(src []byte, msg, at string, allow []string) *Result {
		t.Helper()
		writeFile(t, filepath.Join(caseDir, "models", "models.go"), src)
		res, err := Generate(context.Background(), Config{Dir: migrations, Patterns: []string{pkg},
			Analyzer: analyzer.Config{Dir: root}, Message: msg, Allow: allow, Now: clock(at)})
		if err != nil {
			t.Fatalf("generate %s: %v", msg, err)
		}
		if res.ID == "" {
			t.Fatalf("the %s step changed nothing", msg)
		}
		return res
	}
	c.BeforeRev = step(section("before.go"), "before", "2026-01-01T00:00:00Z", nil).ID
	var allow []string
	for _, f := range ar.Files {
		if f.Name == "allow" {
			allow = strings.Fields(string(f.Data))
		}
	}
	step(section("after.go"), "after", "2026-01-02T00:00:00Z", allow)
	return c
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var checkTemplate = template.Must(template.New("check").Funcs(template.FuncMap{
	"quote": func(s string) string { return fmt.Sprintf("%q", s) },
}).Parse(`// Code generated by TestGoldenOracle. DO NOT EDIT.

package check

import (
	"context"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/introspect"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/migrate"
{{range .}}
	{{.Ident}}before {{quote .Before}}
	{{.Ident}}after {{quote .After}}
	{{.Ident}}migrations {{quote .Migrations}}
{{- end}}
)

type goldenCase struct {
	name          string
	before, after []any
	migrations    []migrate.Migration
	beforeRev     string
}

var cases = []goldenCase{
{{- range $c := .}}
	{
		name:       {{quote $c.Name}},
		before:     []any{ {{- range $c.BeforeModels}}&{{$c.Ident}}before.{{.}}{}, {{end -}} },
		after:      []any{ {{- range $c.AfterModels}}&{{$c.Ident}}after.{{.}}{}, {{end -}} },
		migrations: {{$c.Ident}}migrations.All(),
		beforeRev:  {{quote $c.BeforeRev}},
	},
{{- end}}
}

func TestGoldenOracle(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, d := range corpustest.AllDialects {
				t.Run(string(d), func(t *testing.T) {
					t.Parallel()
					t.Run("head", func(t *testing.T) {
						t.Parallel()
						after := oracle.Models{List: c.after}
						base := oracle.NewBaseline(t, d, after)
						db, rec := corpustest.Open(t, d, after.Configure)
						got := oracle.UpDownUp(t, db, c.migrations)
						oracle.Check(t, db, rec, after, base, got)
					})
					t.Run("before", func(t *testing.T) {
						t.Parallel()
						before := oracle.Models{List: c.before}
						base := oracle.NewBaseline(t, d, before)
						db, rec := corpustest.Open(t, d, before.Configure)
						ctx := context.Background()
						m, err := migrate.New(db, c.migrations)
						if err != nil {
							t.Fatal(err)
						}
						if err := m.UpTo(ctx, c.beforeRev); err != nil {
							t.Fatalf("up to %s: %v", c.beforeRev, err)
						}
						got, err := introspect.Read(db, migrate.DefaultVersionTable)
						if err != nil {
							t.Fatal(err)
						}
						for _, diff := range introspect.Diff(base.Schema, got) {
							t.Errorf("after up to %s the schema differs from AutoMigrate's: %s", c.beforeRev, diff)
						}
						if err := m.Up(ctx); err != nil {
							t.Fatalf("up: %v", err)
						}
						if err := m.DownTo(ctx, c.beforeRev); err != nil {
							t.Fatalf("down to %s: %v", c.beforeRev, err)
						}
						oracle.Check(t, db, rec, before, base, nil)
					})
				})
			}
		})
	}
}
`))
