package analyzer

import (
	"fmt"
	"go/ast"
	"go/importer"
	goparser "go/parser"
	"go/token"
	"go/types"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

// TestParseDBTypes covers the //migragen:dbtype argument syntax: pairs,
// quoted types with spaces, and the errors a misspelling draws.
func TestParseDBTypes(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want map[string]string
		err  string
	}{
		{arg: " postgres=jsonb mysql=json sqlite=text sqlserver=nvarchar(max)",
			want: map[string]string{"postgres": "jsonb", "mysql": "json", "sqlite": "text", "sqlserver": "nvarchar(max)"}},
		{arg: ` postgres="double precision"	mysql=double`, want: map[string]string{"postgres": "double precision", "mysql": "double"}},
		{arg: " postgresql=jsonb", err: `unknown dialect "postgresql"`},
		{arg: " postgres=jsonb postgres=json", err: "dialect postgres is given twice"},
		{arg: " postgres", err: `"postgres" is not dialect=type`},
		{arg: " postgres= mysql=json", err: "the type for postgres is empty"},
		{arg: ` postgres="jsonb`, err: "the type for postgres"},
		{arg: "", err: "it names no dialect"},
		// The migragen:"dbtype:..." tag's form: commas, with parentheses
		// keeping a type's own commas.
		{arg: "postgres=numeric(12,2),mysql=decimal(12, 2),sqlite=text", want: map[string]string{"postgres": "numeric(12,2)", "mysql": "decimal(12, 2)", "sqlite": "text"}},
		{arg: `postgres="double precision",mysql=double,`, want: map[string]string{"postgres": "double precision", "mysql": "double"}},
		{arg: `postgres="double precision"mysql=double`, err: "a space or comma must follow the quoted type"},
		{arg: "postgres=,mysql=json", err: "the type for postgres is empty"},
		{arg: "postgres,mysql=json", err: `"postgres" is not dialect=type`},
	} {
		got, err := parseDBTypes(tc.arg)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("parseDBTypes(%q) error = %v, want %q", tc.arg, err, tc.err)
		case tc.err == "" && (err != nil || !maps.Equal(got, tc.want)):
			t.Errorf("parseDBTypes(%q) = %v, %v; want %v", tc.arg, got, err, tc.want)
		}
	}
}

// Stand-ins for the parts of gorm.io/gorm and gorm.io/gorm/schema that
// GormDBDataType bodies use, so that evalBody can type-check a body
// without loading the real module.
const (
	fakeGorm = `package gorm
type Dialector interface{ Name() string }
type Config struct{ Dialector }
type DB struct{ *Config }`
	fakeSchema = `package schema
type DataType string
const Int DataType = "int"
type Field struct {
	Name, DBName           string
	DataType, GORMDataType DataType
	Size, Precision, Scale int
	NotNull                bool
	TagSettings            map[string]string
}`
	// bodyPrelude declares T, whose GormDBDataType body a test supplies,
	// and what bodies may refer to.
	bodyPrelude = `package p
import (
	"fmt"
	"strings"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)
var _ = strings.ToUpper
var _ = fmt.Sprintf
var other *gorm.DB
type Shout string
func (s Shout) String() string { return strings.ToUpper(string(s)) }
type T string
func (T) GormDBDataType(db *gorm.DB, field *schema.Field) string {
`
)

// evalBody type-checks body as T's GormDBDataType and evaluates it for
// every dialect on f (whose indirectType it sets).
func evalBody(t *testing.T, body string, f *field) (map[string]string, string) {
	t.Helper()
	fset, std := stdImporter()
	pkgs := map[string]*types.Package{}
	imp := importerFunc(func(path string) (*types.Package, error) {
		if p, ok := pkgs[path]; ok {
			return p, nil
		}
		return std.Import(path)
	})
	check := func(path, src string, info *types.Info) (*types.Package, *ast.File) {
		file, err := goparser.ParseFile(fset, path+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{file}, info)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pkgs[path] = pkg
		return pkg, file
	}
	check("gorm.io/gorm", fakeGorm, nil)
	check("gorm.io/gorm/schema", fakeSchema, nil)
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, file := check("p", bodyPrelude+body+"\n}\n", info)
	env := newTypeEnv([]*loader.Package{{PkgPath: "p", Files: []*ast.File{file}, Types: pkg, Info: info}})
	f.indirectType = pkg.Scope().Lookup("T").Type()
	return env.evalDBTypes(fset, f.indirectType, f)
}

// stdImporter type-checks the standard library from source once per test
// binary: its packages and positions are shared by every evalBody.
var stdImporter = sync.OnceValues(func() (*token.FileSet, types.Importer) {
	fset := token.NewFileSet()
	return fset, importer.ForCompiler(fset, "source", nil)
})

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// TestEvalSprintf holds fmt.Sprintf in GormDBDataType bodies to what Go
// itself prints: each want is the same call run by the test binary.
func TestEvalSprintf(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`return fmt.Sprintf("float(%v)", 2.5)`, fmt.Sprintf("float(%v)", 2.5)},
		{`return fmt.Sprintf("%v %v", float32(0.1), 0.1)`, fmt.Sprintf("%v %v", float32(0.1), 0.1)},
		{`return fmt.Sprintf("%v|%d|%#x|%x|%g|%q|%t|%5.2f|%%|%-4s|%c", 1<<40, int8(-3), uint16(255), -255, 1e21, "a b", true, 3.14159, "x", 'é')`,
			fmt.Sprintf("%v|%d|%#x|%x|%g|%q|%t|%5.2f|%%|%-4s|%c", 1<<40, int8(-3), uint16(255), -255, 1e21, "a b", true, 3.14159, "x", 'é')},
		{`const n = 7.0; return fmt.Sprintf("%v %d", n, int(n))`, fmt.Sprintf("%v %d", 7.0, 7)},
		{`p := field.Precision; return fmt.Sprintf("decimal(%d,%d)", p, field.Scale)`, "decimal(14,4)"},
		{`return fmt.Sprintf("%s(%v)", field.DataType, field.Size)`, "int(64)"},
	} {
		got, why := evalBody(t, tc.body, &field{dataType: "int", size: 64, precision: 14, scale: 4})
		if why != "" || got["postgres"] != tc.want {
			t.Errorf("%s: got %q (%s), want %q", tc.body, got["postgres"], why, tc.want)
		}
	}
	// What fmt would print differently for the program's types, or could
	// only print by calling the program's methods, is refused.
	for _, body := range []string{
		`return fmt.Sprintf("%T", 1)`,
		`return fmt.Sprintf("%[1]d", 1)`,
		`return fmt.Sprintf("%*d", 4, 1)`,
		`return fmt.Sprintf("%d", field.DataType)`,
		`return fmt.Sprintf("%d %d", 1)`,
		`return fmt.Sprintf("x", 1)`,
		`return fmt.Sprintf("%s", Shout("a"))`,
		`return fmt.Sprintf("%v", 1+2i)`,
	} {
		if got, why := evalBody(t, body, &field{dataType: "int"}); !strings.Contains(why, "fmt.Sprintf") {
			t.Errorf("%s: got %v, %q; want it refused", body, got, why)
		}
	}
}

// TestEvalControl covers the dialect's name through the method's own
// *gorm.DB only, break and fallthrough in a switch, the constructs named
// when refused, and the properties a guessed Valuer kind makes unknown.
func TestEvalControl(t *testing.T) {
	const flow = `typ := "text"
	switch db.Name() {
	case "postgres":
		if field.NotNull {
			break
		}
		typ = "jsonb"
	case "mysql":
		typ = "longtext"
		fallthrough
	case "sqlserver":
		typ += "!"
	}
	return typ`
	for _, tc := range []struct {
		body    string
		f       field
		want    map[string]string
		refused string
	}{
		{body: flow, want: map[string]string{"postgres": "jsonb", "mysql": "longtext!", "sqlserver": "text!", "sqlite": "text"}},
		{body: flow, f: field{notNull: true}, want: map[string]string{"postgres": "text", "mysql": "longtext!", "sqlserver": "text!", "sqlite": "text"}},
		{body: `return (db).Config.Dialector.Name()`, want: map[string]string{"postgres": "postgres", "mysql": "mysql", "sqlserver": "sqlserver", "sqlite": "sqlite"}},
		{body: `return other.Dialector.Name()`, refused: "it uses other.Dialector.Name(), which"},
		{body: `return other.Name()`, refused: "it uses other.Name(), which"},
		{body: "outer:\n\tswitch {\n\tcase field.NotNull:\n\t\tbreak outer\n\t}\n\treturn \"x\"", refused: "it uses a labeled statement (outer:), which"},
		{body: "for range 2 {\n\t}\n\treturn \"x\"", refused: "it uses a loop, which"},
		{body: `return fmt.Sprintf("varchar(%d)", field.Size)`, f: field{kindGuessed: true},
			refused: "it reads field.Size, which GORM sets from what p.T's Value method returns for the zero value"},
		{body: `return fmt.Sprintf("varchar(%d)", field.Size)`, f: field{kindGuessed: true, size: 8, tagSettings: map[string]string{"SIZE": "8"}},
			want: map[string]string{"postgres": "varchar(8)", "mysql": "varchar(8)", "sqlserver": "varchar(8)", "sqlite": "varchar(8)"}},
		{body: `if field.GORMDataType == "" { return "a" }; return "b"`, f: field{kindGuessed: true, tagSettings: map[string]string{"TYPE": "x"}},
			refused: "it reads field.GORMDataType"},
	} {
		got, why := evalBody(t, tc.body, &tc.f)
		if tc.refused != "" {
			if !strings.Contains(why, tc.refused) {
				t.Errorf("%s: got %v, %q; want it refused with %q", tc.body, got, why, tc.refused)
			}
			continue
		}
		if why != "" || !maps.Equal(got, tc.want) {
			t.Errorf("%s: got %v (%s), want %v", tc.body, got, why, tc.want)
		}
	}
}
