package corpustest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm/schema"
)

// IgnoreDirective is the doc-comment directive that removes a type from
// root discovery.
const IgnoreDirective = "//migragen:ignore"

// CheckRoots checks that models, the package's hand-written Models() list,
// names exactly the types migragen's default root discovery yields for the
// package in the current directory (a test's working directory is its
// package). The rule, applied here to syntax only:
//
//   - an exported, non-generic struct type is a candidate when it embeds
//     gorm.Model, or has at least one field with a gorm: tag, or has a
//     TableName method in its method set (declared on T or *T, or promoted
//     from an embedded struct of the same package);
//   - a candidate whose doc comment holds //migragen:ignore is not a root;
//   - so is a struct embedding a candidate that has a key of its own (a
//     field tagged primaryKey or named ID, gorm.Model or TableName), as
//     Todo{Base; Title string} is;
//   - a candidate that is only ever embedded in other structs (anonymous,
//     or a named field tagged gorm:"embedded") is not a root.
//
// To keep the corpus unambiguous, CheckRoots also fails for a struct that
// only qualifies by embedding gorm.Model through another struct.
func CheckRoots(t *testing.T, models []any) {
	t.Helper()
	want, err := discoverRoots(".")
	if err != nil {
		t.Fatalf("discover roots: %v", err)
	}
	var got []string
	pkgPath := ""
	for _, m := range models {
		rt := reflect.TypeOf(m)
		for rt != nil && rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
		if rt == nil {
			t.Errorf("Models() holds a nil entry")
			continue
		}
		if pkgPath == "" {
			pkgPath = rt.PkgPath()
		} else if rt.PkgPath() != pkgPath {
			t.Errorf("Models() mixes packages: %s and %s", pkgPath, rt.PkgPath())
		}
		got = append(got, rt.Name())
	}
	slices.Sort(got)
	if !slices.Equal(got, want.roots) {
		t.Errorf("Models() does not match root discovery:\n Models()  %q\n discovery %q", got, want.roots)
	}
	for _, a := range want.ambiguous {
		t.Errorf("%s embeds gorm.Model only through another struct and has no gorm tag or TableName: ambiguous under the discovery rule; give it a gorm tag", a)
	}
}

type discovery struct {
	roots     []string
	ambiguous []string
}

type structInfo struct {
	spec    *ast.TypeSpec
	st      *ast.StructType
	doc     []*ast.CommentGroup
	gormPkg string // local name of gorm.io/gorm in the declaring file
}

func discoverRoots(dir string) (discovery, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return discovery{}, err
	}
	fset := token.NewFileSet()
	structs := map[string]*structInfo{}
	tableName := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return discovery{}, err
		}
		gormPkg := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "gorm.io/gorm" {
				gormPkg = "gorm"
				if imp.Name != nil {
					gormPkg = imp.Name.Name
				}
			}
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, spec := range d.Specs {
					ts := spec.(*ast.TypeSpec)
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					info := &structInfo{spec: ts, st: st, gormPkg: gormPkg}
					if ts.Doc != nil {
						info.doc = append(info.doc, ts.Doc)
					}
					if d.Doc != nil && len(d.Specs) == 1 {
						info.doc = append(info.doc, d.Doc)
					}
					structs[ts.Name.Name] = info
				}
			case *ast.FuncDecl:
				if d.Recv == nil || d.Name.Name != "TableName" || len(d.Recv.List) != 1 {
					continue
				}
				if n := baseIdent(d.Recv.List[0].Type); n != "" {
					tableName[n] = true
				}
			}
		}
	}

	embeddedUse := map[string]bool{}
	otherUse := map[string]bool{}
	for _, info := range structs {
		for _, field := range info.st.Fields.List {
			n := baseIdent(field.Type)
			if n == "" || structs[n] == nil {
				continue
			}
			if len(field.Names) == 0 || hasEmbeddedTag(field) {
				embeddedUse[n] = true
			} else {
				otherUse[n] = true
			}
		}
	}

	var hasTableName func(name string, depth int) bool
	hasTableName = func(name string, depth int) bool {
		if tableName[name] {
			return true
		}
		info := structs[name]
		if info == nil || depth > 8 {
			return false
		}
		for _, field := range info.st.Fields.List {
			if len(field.Names) == 0 && hasTableName(baseIdent(field.Type), depth+1) {
				return true
			}
		}
		return false
	}
	var embedsModel func(info *structInfo, depth int) (direct, indirect bool)
	embedsModel = func(info *structInfo, depth int) (direct, indirect bool) {
		for _, field := range info.st.Fields.List {
			if len(field.Names) != 0 {
				continue
			}
			typ := field.Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			if sel, ok := typ.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && info.gormPkg != "" && x.Name == info.gormPkg && sel.Sel.Name == "Model" {
					direct = true
				}
				continue
			}
			if inner := structs[baseIdent(typ)]; inner != nil && depth < 8 {
				d, i := embedsModel(inner, depth+1)
				indirect = indirect || d || i
			}
		}
		return direct, indirect
	}

	tagged := func(info *structInfo) bool {
		for _, field := range info.st.Fields.List {
			if field.Tag != nil {
				tag, _ := strconv.Unquote(field.Tag.Value)
				if _, ok := reflect.StructTag(tag).Lookup("gorm"); ok {
					return true
				}
			}
		}
		return false
	}
	// inheritsKey reports whether a struct embeds a struct of the package
	// that is a candidate by its own declarations (a gorm tag, gorm.Model,
	// TableName) and has a table's own marks (a field tagged primaryKey or
	// named ID, gorm.Model, TableName), as Todo embeds Base.
	inheritsKey := func(info *structInfo) bool {
		for _, field := range info.st.Fields.List {
			name := baseIdent(field.Type)
			inner := structs[name]
			if len(field.Names) != 0 || inner == nil || inner == info {
				continue
			}
			direct, _ := embedsModel(inner, 0)
			marked := direct || hasTableName(name, 0)
			if (marked || tagged(inner)) && (marked || hasKey(inner)) {
				return true
			}
		}
		return false
	}

	var out discovery
	for name, info := range structs {
		if !ast.IsExported(name) || info.spec.TypeParams != nil {
			continue
		}
		direct, indirect := embedsModel(info, 0)
		candidate := direct || tagged(info) || hasTableName(name, 0) || inheritsKey(info)
		if !candidate {
			if indirect && !(embeddedUse[name] && !otherUse[name]) && !hasIgnore(info) {
				out.ambiguous = append(out.ambiguous, name)
			}
			continue
		}
		if hasIgnore(info) || (embeddedUse[name] && !otherUse[name]) {
			continue
		}
		out.roots = append(out.roots, name)
	}
	slices.Sort(out.roots)
	slices.Sort(out.ambiguous)
	return out, nil
}

// hasKey reports whether a struct declares a primary key: a field tagged
// primaryKey, or one named ID or Id that is not tagged "-".
func hasKey(info *structInfo) bool {
	for _, field := range info.st.Fields.List {
		settings := map[string]string{}
		if field.Tag != nil {
			tag, _ := strconv.Unquote(field.Tag.Value)
			settings = schema.ParseTagSetting(reflect.StructTag(tag).Get("gorm"), ";")
		}
		if _, ok := settings["PRIMARYKEY"]; ok {
			return true
		}
		for _, n := range field.Names {
			if (n.Name == "ID" || n.Name == "Id") && settings["-"] == "" {
				return true
			}
		}
	}
	return false
}

func hasIgnore(info *structInfo) bool {
	for _, g := range info.doc {
		for _, c := range g.List {
			if c.Text == IgnoreDirective || strings.HasPrefix(c.Text, IgnoreDirective+" ") {
				return true
			}
		}
	}
	return false
}

func hasEmbeddedTag(field *ast.Field) bool {
	if field.Tag == nil {
		return false
	}
	tag, _ := strconv.Unquote(field.Tag.Value)
	_, ok := schema.ParseTagSetting(reflect.StructTag(tag).Get("gorm"), ";")["EMBEDDED"]
	return ok
}

// baseIdent returns the local type name at the core of a field type
// (T, *T, []T, []*T, [N]T, T[X]), or "" for anything else.
func baseIdent(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.StarExpr:
			e = x.X
		case *ast.ArrayType:
			e = x.Elt
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return ""
		}
	}
}
