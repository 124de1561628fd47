package loader

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/testenv"
	"golang.org/x/tools/go/packages"
)

// offline keeps the tests away from the network and from any go.work or
// GOFLAGS of the machine running them.
var offline = []string{"GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off"}

func writeTree(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func paths(pkgs []*Package) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.PkgPath)
	}
	return out
}

// typeDecl finds the declaration of a named type in pkg's syntax.
func typeDecl(pkg *Package, name string) (*ast.GenDecl, *ast.TypeSpec) {
	for _, f := range pkg.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name {
					return gd, ts
				}
			}
		}
	}
	return nil, nil
}

func funcDecl(pkg *Package, name string) *ast.FuncDecl {
	for _, f := range pkg.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name {
				return fd
			}
		}
	}
	return nil
}

func TestLoadModule(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"a/a.go": `package a

import (
	"time"

	"example.com/m/b"
)

// User is a model.
//
//migragen:ignore
type User struct {
	b.Base
	Name string ` + "`gorm:\"size:10\"`" + `
	At   time.Time
}
`,
		"a/a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { undefined() }\n",
		"b/b.go": `package b

type Base struct{ ID uint }

func (Base) TableName() string { return "people" }
`,
		"unused/u.go": "package unused\n",
	})
	res, err := Load(context.Background(), Config{Dir: dir, Env: offline}, "./a")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(res.Roots), []string{"example.com/m/a"}; !slices.Equal(got, want) {
		t.Errorf("Roots = %v, want %v", got, want)
	}
	if got, want := paths(res.Source), []string{"example.com/m/a", "example.com/m/b"}; !slices.Equal(got, want) {
		t.Errorf("Source = %v, want %v", got, want)
	}
	a, b := res.Lookup("example.com/m/a"), res.Lookup("example.com/m/b")
	if a == nil || b == nil {
		t.Fatal("Lookup of a source package returned nil")
	}
	if res.Lookup("time") != nil {
		t.Error("time was checked from source; want export data")
	}
	if !a.Root || b.Root {
		t.Errorf("Root: a=%v b=%v, want true false", a.Root, b.Root)
	}
	for _, p := range res.Source {
		if p.ModulePath != "example.com/m" {
			t.Errorf("%s: ModulePath = %q", p.PkgPath, p.ModulePath)
		}
		if p.Dir == "" || p.Name == "" || p.Types == nil || p.Info == nil {
			t.Errorf("%s: incomplete package %+v", p.PkgPath, p)
		}
	}
	if len(a.Files) != 1 {
		t.Errorf("a has %d files, want 1 (test files skipped)", len(a.Files))
	}

	gd, _ := typeDecl(a, "User")
	if gd == nil || gd.Doc == nil || !slices.ContainsFunc(gd.Doc.List, func(c *ast.Comment) bool { return c.Text == "//migragen:ignore" }) {
		t.Error("doc comment with the directive is missing on User")
	}

	// The method body of a sibling package is available, and its
	// receiver resolves to the very type a embeds.
	fd := funcDecl(b, "TableName")
	if fd == nil || fd.Body == nil || len(fd.Body.List) != 1 {
		t.Fatal("b.Base.TableName body is missing")
	}
	lit := fd.Body.List[0].(*ast.ReturnStmt).Results[0]
	if tv := b.Info.Types[lit]; tv.Value == nil || tv.Value.ExactString() != `"people"` {
		t.Errorf("TableName returns %v, want constant \"people\"", tv.Value)
	}
	user := a.Types.Scope().Lookup("User").Type().Underlying().(*types.Struct)
	if base := user.Field(0).Type(); base != b.Types.Scope().Lookup("Base").Type() {
		t.Errorf("embedded Base is %v, not b's own type", base)
	}
	if tag := user.Tag(1); reflect.StructTag(tag).Get("gorm") != "size:10" {
		t.Errorf("Name tag = %q", tag)
	}
	at := user.Field(2).Type().(*types.Named)
	if at.Obj().Pkg().Path() != "time" || at.Obj().Name() != "Time" {
		t.Errorf("At has type %v", at)
	}
	// Export data keeps methods, so time.Time is complete.
	if obj, _, _ := types.LookupFieldOrMethod(at, false, at.Obj().Pkg(), "Unix"); obj == nil {
		t.Error("time.Time.Unix not found")
	}
}

func TestWildcards(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":        "module example.com/m\n\ngo 1.26\n",
		"m.go":          "package m\n",
		"a/a.go":        "package a\n\nimport _ \"example.com/m/a/b\"\n",
		"a/b/b.go":      "package b\n",
		"c/c.go":        "package c\n",
		"_skip/s.go":    "package skip\n",
		"testdata/t.go": "package t\n",
	})
	for _, tc := range []struct {
		dir      string
		patterns []string
		want     []string
	}{
		{".", []string{"./..."}, []string{"example.com/m", "example.com/m/a", "example.com/m/a/b", "example.com/m/c"}},
		{".", []string{"./a/..."}, []string{"example.com/m/a", "example.com/m/a/b"}},
		{".", []string{"example.com/m/a/..."}, []string{"example.com/m/a", "example.com/m/a/b"}},
		{"a", []string{"../c/...", "."}, []string{"example.com/m/a", "example.com/m/c"}},
		{".", []string{dir + "/a/b/..."}, []string{"example.com/m/a/b"}},
	} {
		t.Run(strings.Join(tc.patterns, " "), func(t *testing.T) {
			res, err := Load(context.Background(), Config{Dir: filepath.Join(dir, tc.dir), Env: offline}, tc.patterns...)
			if err != nil {
				t.Fatal(err)
			}
			got := paths(res.Roots)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Roots = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuildTags(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":       "module example.com/m\n\ngo 1.26\n",
		"p/p.go":       "package p\n\ntype Always struct{}\n",
		"p/special.go": "//go:build special\n\npackage p\n\ntype Special struct{}\n",
		"p/other.go":   "//go:build !special\n\npackage p\n\ntype Other struct{}\n",
	})
	for _, tc := range []struct {
		tags        []string
		has, hasNot string
	}{
		{nil, "Other", "Special"},
		{[]string{"special"}, "Special", "Other"},
		{[]string{"x", "special"}, "Special", "Other"},
	} {
		t.Run(strings.Join(tc.tags, ","), func(t *testing.T) {
			res, err := Load(context.Background(), Config{Dir: dir, Env: offline, Tags: tc.tags}, "./p")
			if err != nil {
				t.Fatal(err)
			}
			scope := res.Roots[0].Types.Scope()
			if scope.Lookup(tc.has) == nil {
				t.Errorf("%s missing", tc.has)
			}
			if scope.Lookup(tc.hasNot) != nil {
				t.Errorf("%s present", tc.hasNot)
			}
			if len(res.Roots[0].Files) != 2 {
				t.Errorf("%d files, want 2", len(res.Roots[0].Files))
			}
		})
	}
}

func TestWorkspace(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.work":     "go 1.26\n\nuse (\n\t./m1\n\t./m2\n)\n",
		"m1/go.mod":   "module example.com/m1\n\ngo 1.26\n",
		"m1/a/a.go":   "package a\n\nimport \"example.com/m2/b\"\n\ntype A struct{ B b.B }\n",
		"m2/go.mod":   "module example.com/m2\n\ngo 1.26\n",
		"m2/b/b.go":   "package b\n\nimport \"strings\"\n\ntype B struct{ S strings.Builder }\n\nfunc (B) TableName() string { return \"bees\" }\n",
		"m2/c/c.go":   "package c\n",
		"outside.txt": "",
	})
	// No GOWORK=off and no -mod=mod: workspace mode rejects the latter.
	env := []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=" + filepath.Join(dir, "go.work")}
	res, err := Load(context.Background(), Config{Dir: filepath.Join(dir, "m1"), Env: env}, "./a")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(res.Source), []string{"example.com/m1/a", "example.com/m2/b"}; !slices.Equal(got, want) {
		t.Fatalf("Source = %v, want %v", got, want)
	}
	if got := res.Lookup("example.com/m2/b").ModulePath; got != "example.com/m2" {
		t.Errorf("b ModulePath = %q", got)
	}
	if got := res.Lookup("example.com/m1/a").ModulePath; got != "example.com/m1" {
		t.Errorf("a ModulePath = %q", got)
	}
	if funcDecl(res.Lookup("example.com/m2/b"), "TableName") == nil {
		t.Error("TableName of the other module's package is missing")
	}
}

func TestVendor(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":                        "module example.com/v\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n",
		"vendor/modules.txt":            "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n",
		"vendor/example.com/dep/dep.go": "package dep\n\n// T is vendored.\ntype T struct{ N int }\n\nfunc (T) TableName() string { return \"t\" }\n",
		"m/m.go":                        "package m\n\nimport \"example.com/dep\"\n\ntype M struct{ D dep.T }\n",
	})
	for _, tc := range []struct {
		goflags string
		wantErr bool
	}{
		// No -mod flag: the go command picks vendor mode itself because
		// vendor/modules.txt exists and go.mod says go >= 1.14.
		{goflags: ""},
		{goflags: "-mod=vendor"},
		// Proof that the package above came from vendor: without it,
		// there is nowhere to get example.com/dep from.
		{goflags: "-mod=mod", wantErr: true},
	} {
		t.Run(tc.goflags, func(t *testing.T) {
			env := []string{"GOPROXY=off", "GOFLAGS=" + tc.goflags, "GOWORK=off"}
			res, err := Load(context.Background(), Config{Dir: dir, Env: env}, "./m")
			if tc.wantErr {
				// The go command says no more than this either.
				if want := filepath.Join(dir, "m", "m.go") + ":3:8: "; err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("Load error = %v, want one at the import (%s)", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := paths(res.Source), []string{"example.com/v/m"}; !slices.Equal(got, want) {
				t.Errorf("Source = %v, want %v (dep is not a main module)", got, want)
			}
			st := res.Roots[0].Types.Scope().Lookup("M").Type().Underlying().(*types.Struct)
			d := st.Field(0).Type().(*types.Named)
			if d.Obj().Pkg().Path() != "example.com/dep" || d.Obj().Name() != "T" {
				t.Errorf("D has type %v", d)
			}
			if d.NumMethods() != 1 {
				t.Errorf("dep.T has %d methods from export data, want 1", d.NumMethods())
			}
			// Vendored code can be edited in place, which no version
			// shows: an edit must be seen, so nothing may be cached.
			writeTree(t, dir, map[string]string{"vendor/example.com/dep/dep.go": "package dep\n\ntype T struct{ N, Edited int }\n\nfunc (T) TableName() string { return \"t\" }\n"})
			defer writeTree(t, dir, map[string]string{"vendor/example.com/dep/dep.go": "package dep\n\n// T is vendored.\ntype T struct{ N int }\n\nfunc (T) TableName() string { return \"t\" }\n"})
			res, err = Load(context.Background(), Config{Dir: dir, Env: env}, "./m")
			if err != nil {
				t.Fatal(err)
			}
			st = res.Roots[0].Types.Scope().Lookup("M").Type().Underlying().(*types.Struct)
			if fields := st.Field(0).Type().Underlying().(*types.Struct); fields.NumFields() != 2 {
				t.Errorf("the edit of vendored code was not seen: %v", fields)
			}
		})
	}
}

// TestImportMap checks imports that the go command maps to another path:
// the standard library's vendored golang.org/x packages are the ones left in
// module mode.
func TestImportMap(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n"})
	res, err := Load(context.Background(), Config{Dir: dir, Env: offline}, "crypto/ecdsa")
	if err != nil {
		t.Fatal(err)
	}
	const vendored = "vendor/golang.org/x/crypto/cryptobyte"
	if !slices.ContainsFunc(res.Roots[0].Types.Imports(), func(p *types.Package) bool { return p.Path() == vendored }) {
		t.Errorf("imports of crypto/ecdsa lack %s", vendored)
	}
}

// TestBrokenDependency shows that a dependency read from export data that
// does not compile reports the compiler's error, not a missing export file.
func TestBrokenDependency(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":                                "module example.com/v\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n",
		"vendor/modules.txt":                    "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\nexample.com/dep/inner\n",
		"vendor/example.com/dep/dep.go":         "package dep\n\nimport \"example.com/dep/inner\"\n\ntype T struct{ N inner.I }\n",
		"vendor/example.com/dep/inner/inner.go": "package inner\n\ntype I int\n\nvar x I = \"s\"\n",
		"m/m.go":                                "package m\n\nimport \"example.com/dep\"\n\ntype M struct{ D dep.T }\n",
	})
	env := []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=off"}
	_, err := Load(context.Background(), Config{Dir: dir, Env: env}, "./m")
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("error %v is %T, want *Error", err, err)
	}
	want := pos(filepath.Join(dir, "vendor/example.com/dep/inner/inner.go"), 5, 11)
	if len(le.List) != 1 || le.List[0].Pos != want {
		t.Errorf("problems %v, want one at %v", le.List, want)
	}
}

func TestUnsafeRoot(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n"})
	res, err := Load(context.Background(), Config{Dir: dir, Env: offline}, "unsafe")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Roots) != 1 || res.Roots[0].Types != types.Unsafe {
		t.Errorf("Roots = %v, want the unsafe package", paths(res.Roots))
	}
}

func TestGormTests(t *testing.T) {
	root := testenv.ModuleRoot(t)
	res, err := Load(context.Background(), Config{Dir: root, Env: []string{"GOPROXY=off"}}, "gorm.io/gorm/utils/tests")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paths(res.Source), []string{"gorm.io/gorm/utils/tests"}; !slices.Equal(got, want) {
		t.Errorf("Source = %v, want %v", got, want)
	}
	pkg := res.Roots[0]
	if pkg.ModulePath != "" {
		t.Errorf("ModulePath = %q, want none: gorm is not a main module", pkg.ModulePath)
	}
	obj := pkg.Types.Scope().Lookup("User")
	if obj == nil {
		t.Fatal("tests.User not found")
	}
	st := obj.Type().Underlying().(*types.Struct)
	tags := map[string]string{}
	for i := range st.NumFields() {
		tags[st.Field(i).Name()] = reflect.StructTag(st.Tag(i)).Get("gorm")
	}
	if got := tags["Team"]; got != "foreignkey:ManagerID" {
		t.Errorf("Team gorm tag = %q", got)
	}
	model := st.Field(0)
	if !model.Embedded() || model.Type().String() != "gorm.io/gorm.Model" {
		t.Errorf("first field is %v", model)
	}
	// gorm.Model comes from export data and still has its fields and tags.
	ms := model.Type().Underlying().(*types.Struct)
	if ms.Field(0).Name() != "ID" || reflect.StructTag(ms.Tag(0)).Get("gorm") != "primarykey" {
		t.Errorf("gorm.Model.ID: %v %q", ms.Field(0), ms.Tag(0))
	}
	if _, ts := typeDecl(pkg, "Company"); ts == nil {
		t.Error("Company declaration is missing from the syntax")
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	var many strings.Builder
	many.WriteString("package many\n\n")
	for i := range 12 {
		fmt.Fprintf(&many, "var V%d int = \"s\"\n", i)
	}
	writeTree(t, dir, map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.26\n",
		"bad/bad.go":      "package bad\n\nimport \"fmt\"\n\ntype T struct {\n\tN int\n}\n\nvar x int = \"s\"\n",
		"syntax/s.go":     "package syntax\n\ntype T struct {\n\tN int\n\nfunc f() {}\n",
		"missing/m.go":    "package missing\n\nimport \"example.com/m/nope\"\n\nvar _ = nope.X\n",
		"usesbad/u.go":    "package usesbad\n\nimport \"example.com/m/bad\"\n\nvar _ bad.T\n",
		"many/many.go":    many.String(),
		"ok/ok.go":        "package ok\n",
		"emptydir/README": "",
	})
	abs := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	for _, tc := range []struct {
		name     string
		patterns []string
		// want are substrings of the error message, first is in List[0].
		want     []string
		wantPos  []Problem // checked against the first problems, if set
		wantMore bool
	}{
		{
			name:     "type error",
			patterns: []string{"./bad"},
			want:     []string{abs("bad/bad.go") + ":3:8: \"fmt\" imported and not used", abs("bad/bad.go") + ":9:13: cannot use"},
			wantPos: []Problem{
				{Pos: pos(abs("bad/bad.go"), 3, 8)},
				{Pos: pos(abs("bad/bad.go"), 9, 13)},
			},
		},
		{
			name:     "dependency does not compile",
			patterns: []string{"./usesbad"},
			want:     []string{abs("bad/bad.go") + ":9:13: cannot use"},
		},
		{
			name:     "syntax error",
			patterns: []string{"./syntax"},
			want:     []string{abs("syntax/s.go") + ":6:1: "},
			wantPos:  []Problem{{Pos: pos(abs("syntax/s.go"), 6, 1)}},
		},
		{
			name:     "missing import",
			patterns: []string{"./missing"},
			want:     []string{"example.com/m/nope"},
		},
		{name: "no such directory", patterns: []string{"./nope"}, want: []string{"nope"}},
		{name: "no such package", patterns: []string{"example.com/m/nope"}, want: []string{"example.com/m/nope"}},
		{name: "matches nothing", patterns: []string{"./emptydir/..."}, want: []string{"matched no packages"}},
		{name: "one pattern matches nothing", patterns: []string{"./ok", "./emptydir/..."}, want: []string{`"./emptydir/..." matched no packages`}},
		{name: "import path pattern matches nothing", patterns: []string{"./ok", "example.com/m/zz/..."}, want: []string{`"example.com/m/zz/..." matched no packages`}},
		{name: "bad pattern", patterns: []string{"-x"}, want: []string{"-x"}},
		{name: "many", patterns: []string{"./many"}, want: []string{"many.go:3:", "and 2 more"}, wantMore: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Load(context.Background(), Config{Dir: dir, Env: offline}, tc.patterns...)
			if err == nil {
				t.Fatalf("Load succeeded with %v", paths(res.Source))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			var le *Error
			if !errors.As(err, &le) {
				if len(tc.wantPos) > 0 {
					t.Fatalf("error is %T, want *Error", err)
				}
				return
			}
			if len(le.List) == 0 {
				t.Fatal("*Error with an empty List")
			}
			for i, w := range tc.wantPos {
				if i >= len(le.List) {
					t.Fatalf("only %d problems, want at least %d", len(le.List), len(tc.wantPos))
				}
				if got := le.List[i].Pos; got.Filename != w.Pos.Filename || got.Line != w.Pos.Line || got.Column != w.Pos.Column {
					t.Errorf("problem %d at %v, want %v", i, got, w.Pos)
				}
			}
			if lines := strings.Count(err.Error(), "\n") + 1; tc.wantMore && lines != maxShown+1 {
				t.Errorf("error has %d lines, want %d", lines, maxShown+1)
			}
		})
	}
}

func pos(file string, line, col int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col}
}

func TestGoCommandFails(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod": "module example.com/v\n\ngo 1.26\n\nfoo bar\n",
		"m/m.go": "package m\n",
	})
	_, err := Load(context.Background(), Config{Dir: dir, Env: offline}, "./m")
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("error %v is %T, want *Error", err, err)
	}
	if want := pos(filepath.Join(dir, "go.mod"), 5, 0); !slices.ContainsFunc(le.List, func(p Problem) bool { return p.Pos == want }) {
		t.Errorf("problems %v, want one at %v", le.List, want)
	}

	if _, err := Load(context.Background(), Config{Dir: filepath.Join(dir, "nonexistent")}, "."); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load in a missing directory: %v, want fs.ErrNotExist", err)
	}
}

func TestCgo(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"c/c.go": "package c\n\n// int twice(int x) { return 2*x; }\nimport \"C\"\n\ntype M struct{ N int }\n\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n",
	})
	res, err := Load(context.Background(), Config{Dir: dir, Env: append(offline, "CGO_ENABLED=1")}, "./c")
	if err != nil {
		t.Fatal(err)
	}
	if res.Roots[0].Types.Scope().Lookup("M") == nil {
		t.Error("M missing from a cgo package")
	}
}

func TestDeterministicPositions(t *testing.T) {
	root := testenv.ModuleRoot(t)
	var prev []int
	for range 2 {
		res, err := Load(context.Background(), Config{Dir: root, Env: []string{"GOPROXY=off"}}, "gorm.io/gorm/utils/tests")
		if err != nil {
			t.Fatal(err)
		}
		obj := res.Roots[0].Types.Scope().Lookup("User")
		st := obj.Type().Underlying().(*types.Struct)
		model := st.Field(0).Type().(*types.Named).Obj()
		cur := []int{int(obj.Pos()), int(model.Pos())}
		if prev != nil && !slices.Equal(prev, cur) {
			t.Errorf("positions differ between runs: %v vs %v", prev, cur)
		}
		prev = cur
	}
}

// TestParallelParsePositions checks that the parallel parse gives every
// node the position a sequential parse of the files, dependencies first,
// gives it, across packages and files of different sizes.
func TestParallelParsePositions(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n"}
	for i := range 7 {
		var b strings.Builder
		fmt.Fprintf(&b, "package dep\n\n// F%d has %d fields.\ntype F%d struct {\n", i, i*3, i)
		for j := range i * 3 {
			fmt.Fprintf(&b, "\tX%d int `gorm:\"size:%d\"`\n", j, j)
		}
		b.WriteString("}\n")
		files[fmt.Sprintf("dep/f%d.go", i)] = b.String()
	}
	files["a/a.go"] = "package a\n\nimport \"example.com/m/dep\"\n\ntype A struct{ dep.F3 }\n"
	files["a/b.go"] = "package a\n\n\n\nvar B = A{}\n"
	writeTree(t, dir, files)
	res, err := Load(context.Background(), Config{Dir: dir, Env: offline}, "./a")
	if err != nil {
		t.Fatal(err)
	}
	idents := func(fset *token.FileSet, f *ast.File) []string {
		var out []string
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				out = append(out, fmt.Sprintf("%s %d %s", id.Name, id.Pos(), fset.Position(id.Pos())))
			}
			return true
		})
		return out
	}
	seq := token.NewFileSet()
	for _, path := range []string{"example.com/m/dep", "example.com/m/a"} {
		pkg := res.Lookup(path)
		if pkg == nil || len(pkg.Files) == 0 {
			t.Fatalf("%s not loaded from source", path)
		}
		for _, f := range pkg.Files {
			name := res.Fset.File(f.FileStart).Name()
			want, err := parser.ParseFile(seq, name, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := idents(res.Fset, f), idents(seq, want); !slices.Equal(got, want) {
				t.Errorf("%s: positions differ from a sequential parse:\n got %q\nwant %q", name, got, want)
			}
		}
	}
}

func TestLookupNil(t *testing.T) {
	var r *Result
	if r.Lookup("x") != nil {
		t.Error("nil Result found a package")
	}
}

// genModels writes a package of n GORM models, 20 to a file, shaped like an
// application's: common columns, tags, belongs-to and has-many relations,
// and a constant TableName on some.
func genModels(t testing.TB, dir string, n int) {
	t.Helper()
	files := map[string]string{}
	const perFile = 20
	for f := 0; f*perFile < n; f++ {
		var b strings.Builder
		b.WriteString("package models\n\nimport (\n\t\"time\"\n\n\t\"gorm.io/gorm\"\n)\n")
		for i := f * perFile; i < min(n, (f+1)*perFile); i++ {
			fmt.Fprintf(&b, "\n// Model%d is generated.\ntype Model%d struct {\n", i, i)
			b.WriteString("\tID        uint           `gorm:\"primaryKey\"`\n")
			b.WriteString("\tName      string         `gorm:\"size:64;not null;index\"`\n")
			b.WriteString("\tEmail     *string        `gorm:\"uniqueIndex;size:128\"`\n")
			b.WriteString("\tAge       int            `gorm:\"default:18\"`\n")
			b.WriteString("\tScore     float64        `gorm:\"precision:10;scale:2\"`\n")
			b.WriteString("\tActive    bool           `gorm:\"default:true\"`\n")
			b.WriteString("\tCreatedAt time.Time\n\tUpdatedAt time.Time\n")
			b.WriteString("\tDeletedAt gorm.DeletedAt `gorm:\"index\"`\n")
			if i > 0 {
				fmt.Fprintf(&b, "\tParentID  *uint\n\tParent    *Model%d\n", i-1)
			}
			if i%5 == 0 && i+1 < n {
				fmt.Fprintf(&b, "\tChildren  []Model%d `gorm:\"foreignKey:ParentID\"`\n", i+1)
			}
			b.WriteString("}\n")
			if i%10 == 0 {
				fmt.Fprintf(&b, "\nfunc (Model%d) TableName() string { return \"model_%d\" }\n", i, i)
			}
		}
		files[fmt.Sprintf("models_%02d.go", f)] = b.String()
	}
	writeTree(t, dir, files)
}

// benchModels generates 200 models in a throwaway package of this module, so
// that gorm resolves from the module's own requirements.
func benchModels(b *testing.B) (dir, pattern string) {
	repo := testenv.ModuleRoot(b)
	dir = testenv.TempPackageDir(b, "benchmodels")
	genModels(b, dir, 200)
	rel, err := filepath.Rel(repo, dir)
	if err != nil {
		b.Fatal(err)
	}
	return dir, "./" + filepath.ToSlash(rel)
}

// edits numbers the fields that edit adds; benchmarks run one at a time.
var edits int

// edit adds a field to the first model, as a user does before go generate,
// so that nothing of the package is in the build cache.
func edit(b *testing.B, dir string) {
	edits++
	name := filepath.Join(dir, "models_00.go")
	src, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), "\tID        uint", fmt.Sprintf("\tExtra%d int\n\tID        uint", edits), 1))
	if err := os.WriteFile(name, src, 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoad measures Load right after an edit of a 200-model package and
// reports the phases. The alternatives it was chosen over are measured in
// BenchmarkAlternatives.
func BenchmarkLoad(b *testing.B) {
	dir, pattern := benchModels(b)
	repo := testenv.ModuleRoot(b)
	ctx := context.Background()
	if _, err := Load(ctx, Config{Dir: repo}, pattern); err != nil {
		b.Fatal(err)
	}
	var tm timings
	tctx := withTimings(ctx, &tm)
	for b.Loop() {
		b.StopTimer()
		edit(b, dir)
		b.StartTimer()
		res, err := Load(tctx, Config{Dir: repo}, pattern)
		if err != nil {
			b.Fatal(err)
		}
		if res.Roots[0].Types.Scope().Lookup(fmt.Sprintf("Model%d", 199)) == nil {
			b.Fatal("missing model")
		}
	}
	for p, name := range phaseNames {
		b.ReportMetric(float64(tm.d[p].Microseconds())/1000/float64(b.N), name+"-ms/op")
	}
}

// BenchmarkAlternatives measures the routes the loader did not take, on the
// same edited package: a raw "go list" instead of go/packages for the
// listing, and packages.Load with types, which compiles the package.
func BenchmarkAlternatives(b *testing.B) {
	dir, pattern := benchModels(b)
	repo := testenv.ModuleRoot(b)
	ctx := context.Background()
	env := environ(Config{Dir: repo})
	b.Run("list=gopackages", func(b *testing.B) {
		for b.Loop() {
			_, err := packages.Load(&packages.Config{
				Mode:    packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
				Context: ctx, Dir: repo, Env: append(env, "GOPACKAGESDRIVER=off"),
			}, pattern)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list=rawgolist", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps", "-pgo=off", "-buildvcs=false",
				"-json=ImportPath,Name,Dir,GoFiles,CgoFiles,Imports,ImportMap,Module,Error,DepOnly", "--", pattern)
			cmd.Dir, cmd.Env = repo, env
			out, err := cmd.Output()
			if err != nil || len(out) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("packages.Load=NeedTypes", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			edit(b, dir)
			b.StartTimer()
			pkgs, err := packages.Load(&packages.Config{
				Mode:    packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
				Context: ctx, Dir: repo, Env: env,
			}, pattern)
			if err != nil || packages.PrintErrors(pkgs) > 0 {
				b.Fatal(err)
			}
		}
	})
}
