package analyzer_test

import (
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/analyzer/internal/loader"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

const diagCases = "github.com/migragen/migragen/analyzer/testdata/diagnostics/"

// TestDiagnostics checks the analyzer's findings on bad models against
// expectations written next to the code, as go/analysis tests do: a line
// that must draw a diagnostic ends in a comment // want `regexp`. Every
// warning or error must be wanted, and every want met.
func TestDiagnostics(t *testing.T) {
	requireGo(t)
	// rules are the root rules other than the default that a package is
	// analyzed with.
	rules := map[string]analyzer.RootRule{"rootsdiscover": analyzer.RootsDiscover}
	for _, name := range []string{"tags", "types", "relations", "tablename", "directives", "serializers", "automigrate", "rootsdiscover"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(testenv.ModuleRoot(t), "analyzer", "testdata", "diagnostics", name)
			wants := readWants(t, dir)
			res := analyzeConfig(t, analyzer.Config{Roots: rules[name]}, diagCases+name)
			for _, d := range res.Diagnostics {
				key := filepath.Base(d.Pos.Filename) + ":" + strconv.Itoa(d.Pos.Line)
				if re, ok := wants[key]; ok && re.MatchString(d.String()) {
					delete(wants, key)
					continue
				}
				// Notes about what was found need no want comment.
				if d.Severity != analyzer.Info {
					t.Errorf("unexpected diagnostic: %s", d)
				}
			}
			for key, re := range wants {
				t.Errorf("%s: no diagnostic matching %q", key, re)
			}
			if hasErrors := res.Err() != nil; hasErrors != (res.Snapshot == nil) {
				t.Errorf("a snapshot must be produced exactly when there are no errors")
			}
		})
	}
}

func TestDirectives(t *testing.T) {
	requireGo(t)
	res := analyze(t, schema.Settings{}, diagCases+"directives")
	if res.Snapshot == nil {
		t.Fatalf("no snapshot: %v", res.Err())
	}
	var tables []string
	for _, tb := range res.Snapshot.Tables {
		tables = append(tables, tb.Name)
	}
	// accounts_v2 comes from //migragen:table; AccountDTO is ignored and
	// Address, only ever embedded, is columns of offices.
	if got, want := strings.Join(tables, " "), "accounts_v2 offices"; got != want {
		t.Errorf("tables = %q, want %q", got, want)
	}
	if c := res.Snapshot.Table("offices").Column("addr_street"); c == nil || c.Size != 128 {
		t.Errorf("offices.addr_street = %+v, want the embedded column with size 128", c)
	}
	// The field's migragen:"dbtype:..." tag, in place of a directive.
	wantTypes := map[string]string{"postgres": "numeric(12,2)", "mysql": "decimal(12,2)", "sqlite": "double precision"}
	if c := res.Snapshot.Table("offices").Column("gauge"); c == nil || !reflect.DeepEqual(c.DBTypes, wantTypes) || !c.DBTypesOnly {
		t.Errorf("offices.gauge = %+v, want DBTypes %v stated (DBTypesOnly)", c, wantTypes)
	}
	want := schema.Hints{
		Tables:  map[string]string{"offices": "branches"},
		Columns: map[string]map[string]string{"offices": {"city": "town"}},
	}
	if !reflect.DeepEqual(res.Hints, want) {
		t.Errorf("hints = %+v, want %+v", res.Hints, want)
	}
}

func TestCompileErrors(t *testing.T) {
	requireGo(t)
	_, err := analyzer.Analyze(t.Context(), analyzer.Config{Dir: testenv.ModuleRoot(t)}, diagCases+"broken")
	var lerr *loader.Error
	if !errors.As(err, &lerr) {
		t.Fatalf("want the compiler's errors as *loader.Error, got %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, filepath.Join("broken", "models.go")+":6:7") || !strings.Contains(msg, "undefined: strin") {
		t.Errorf("error %q does not point at models.go:6:7 with the compiler's message", msg)
	}
}

var wantRE = regexp.MustCompile("// want `([^`]*)`")

// readWants maps "file.go:line" to the expected diagnostic's pattern.
func readWants(t *testing.T, dir string) map[string]*regexp.Regexp {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	wants := map[string]*regexp.Regexp{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range f.Comments {
			for _, c := range g.List {
				if m := wantRE.FindStringSubmatch(c.Text); m != nil {
					pos := fset.Position(c.Pos())
					wants[e.Name()+":"+strconv.Itoa(pos.Line)] = regexp.MustCompile(m[1])
				}
			}
		}
	}
	return wants
}
