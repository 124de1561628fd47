package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

const gormPkg = "gorm.io/gorm"

// directives are the //migragen: comments on a type declaration.
type directives struct {
	ignore bool
	table  string // //migragen:table NAME, for a TableName() migragen cannot evaluate
	// renamedFrom is //migragen:renamed_from OLD: the model's table was
	// called OLD, and a diff should rename it rather than drop and create.
	renamedFrom string
	pos         token.Pos
}

// parseDirectives reads //migragen: lines from the comment groups of a type
// declaration. ast.CommentGroup.Text drops directive lines, so the raw
// comments are read.
func parseDirectives(groups ...*ast.CommentGroup) directives {
	var d directives
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			text, ok := strings.CutPrefix(c.Text, "//migragen:")
			if !ok {
				continue
			}
			verb, arg, _ := strings.Cut(strings.TrimSpace(text), " ")
			switch verb {
			case "ignore":
				d.ignore = true
			case "table":
				d.table, d.pos = strings.TrimSpace(arg), c.Pos()
			case "renamed_from":
				d.renamedFrom = strings.TrimSpace(arg)
			}
		}
	}
	return d
}

// candidate is a struct type declared in a root package.
type candidate struct {
	obj  *types.TypeName
	dirs directives
}

// discover finds the root models of the root packages. With explicit names
// it returns exactly those; otherwise the exported structs that embed
// gorm.Model, carry a gorm tag or have a TableName method, minus those only
// ever embedded in other structs and those marked //migragen:ignore.
func discover(pkgs []*loader.Package, env *typeEnv, explicit []string, diags *diagnostics) ([]*types.TypeName, map[*types.TypeName]directives) {
	var all []candidate
	dirs := map[*types.TypeName]directives{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					obj, ok := pkg.Info.Defs[ts.Name].(*types.TypeName)
					if !ok || obj.IsAlias() || ts.TypeParams != nil {
						continue
					}
					if _, ok := obj.Type().Underlying().(*types.Struct); !ok {
						continue
					}
					groups := []*ast.CommentGroup{ts.Doc}
					if len(gd.Specs) == 1 {
						groups = append(groups, gd.Doc)
					}
					c := candidate{obj: obj, dirs: parseDirectives(groups...)}
					dirs[obj] = c.dirs
					all = append(all, c)
				}
			}
		}
	}

	if len(explicit) > 0 {
		return pickExplicit(all, explicit, diags), dirs
	}

	embeddedOnly := embeddedTypes(all)
	var roots []*types.TypeName
	for _, c := range all {
		if !c.obj.Exported() || c.dirs.ignore || !looksLikeModel(c.obj, env) {
			continue
		}
		if embeddedOnly[c.obj] {
			diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: it is embedded in other models")
			continue
		}
		if t := c.obj.Type(); env.isValuer(t) || env.isSerializer(t) || env.isGormDataTyper(t) {
			// A type that stores itself in one column (a Valuer, a
			// serializer, a GormDataType) is a column type, not a table.
			diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: it stores itself in a column")
			continue
		}
		roots = append(roots, c.obj)
	}
	return roots, dirs
}

// pickExplicit resolves -models names ("User" or "path/to/pkg.User").
func pickExplicit(all []candidate, names []string, diags *diagnostics) []*types.TypeName {
	var roots []*types.TypeName
	for _, name := range names {
		var found []*types.TypeName
		for _, c := range all {
			full := c.obj.Pkg().Path() + "." + c.obj.Name()
			if name == c.obj.Name() || name == full {
				found = append(found, c.obj)
			}
		}
		switch len(found) {
		case 0:
			diags.errorf(token.NoPos, name, "no struct type named %q in the analyzed packages", name).
				hint("name an exported struct of the packages given, optionally as import/path.Type")
		case 1:
			roots = append(roots, found[0])
		default:
			diags.errorf(token.NoPos, name, "%q names a type in %d packages", name, len(found)).
				hint("qualify it with its import path, e.g. %s.%s", found[0].Pkg().Path(), found[0].Name())
		}
	}
	return roots
}

// looksLikeModel applies the default root rule to one struct type.
func looksLikeModel(obj *types.TypeName, env *typeEnv) bool {
	if env.method(obj.Type(), "TableName") != nil {
		return true
	}
	st := obj.Type().Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("gorm"); ok {
			return true
		}
		if v := st.Field(i); v.Anonymous() && embedsGormModel(v.Type(), map[types.Type]bool{}) {
			return true
		}
	}
	return false
}

// embedsGormModel reports whether t is gorm.Model or embeds it.
func embedsGormModel(t types.Type, seen map[types.Type]bool) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == gormPkg && n.Obj().Name() == "Model" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Anonymous() && embedsGormModel(st.Field(i).Type(), seen) {
			return true
		}
	}
	return false
}

// embeddedTypes returns the candidates that other candidates embed
// (anonymously or with an embedded tag) and that no field uses as a
// relation, i.e. blocks of columns rather than tables.
func embeddedTypes(all []candidate) map[*types.TypeName]bool {
	embedded := map[*types.TypeName]bool{}
	related := map[*types.TypeName]bool{}
	for _, c := range all {
		st := c.obj.Type().Underlying().(*types.Struct)
		for i := 0; i < st.NumFields(); i++ {
			v := st.Field(i)
			obj := namedStruct(v.Type())
			if obj == nil {
				continue
			}
			_, embedTag := gormSettings(st.Tag(i))["EMBEDDED"]
			if v.Anonymous() || embedTag {
				embedded[obj] = true
			} else {
				related[obj] = true
			}
		}
	}
	for obj := range embedded {
		if related[obj] {
			delete(embedded, obj)
		}
	}
	return embedded
}

// namedStruct returns the named struct type behind pointers and slices.
func namedStruct(t types.Type) *types.TypeName {
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u.Origin().Obj()
			}
			return nil
		default:
			return nil
		}
	}
}
