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
	// skip says why the default rule does not take it as a root; "" when
	// it does. Structs that do not look like models at all have
	// notAModel.
	skip string
}

const notAModel = "no gorm tag, TableName or gorm.Model"

// discover collects the struct types of the root packages and judges each
// by the default rule: the exported structs that embed gorm.Model, carry a
// gorm tag or have a TableName method, minus column blocks embedded in
// other structs, models embedded only in other models, column types and
// those marked //migragen:ignore.
func discover(pkgs []*loader.Package, env *typeEnv) ([]candidate, map[*types.TypeName]directives) {
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

	embeddedOnly := embeddedTypes(all, env)
	for i := range all {
		c := &all[i]
		t := c.obj.Type()
		switch {
		case !c.obj.Exported() || !looksLikeModel(c.obj, env):
			c.skip = notAModel
		case c.dirs.ignore:
			c.skip = "it is marked //migragen:ignore"
		case embeddedOnly[c.obj]:
			c.skip = "it is embedded in other models"
		case env.isValuer(t) || env.isSerializer(t) || env.isGormDataTyper(t):
			// A type that stores itself in one column (a Valuer, a
			// serializer, a GormDataType) is a column type, not a table.
			c.skip = "it stores itself in a column"
		}
	}
	return all, dirs
}

// chooseRoots picks the root models by cfg's rule. The AutoMigrate calls
// name the roots when the rule says so, or, by default, when the calls
// exist and migragen can read every argument; otherwise the default rule
// decides, and the types the calls name join in.
func chooseRoots(cfg Config, all []candidate, calls *migrateCalls, diags *diagnostics) []*types.TypeName {
	if len(cfg.Models) > 0 {
		return pickExplicit(all, cfg.Models, diags)
	}
	unread := calls.unread()
	if cfg.Roots == RootsAutoMigrate {
		if calls.n == 0 {
			diags.errorf(token.NoPos, "", "-roots automigrate: the analyzed packages call no db.AutoMigrate").
				hint("add the package that calls db.AutoMigrate to the packages given, or use -roots discover")
		}
		for _, a := range unread {
			diags.errorf(a.pos, a.expr, "migragen cannot tell which model this AutoMigrate argument is").
				hint("pass the models as &T{} values, a slice literal of them or a variable or function returning one; or name the roots with -roots Type,...")
		}
	}
	var roots []*types.TypeName
	taken := map[*types.TypeName]bool{}
	take := func(obj *types.TypeName) {
		if !taken[obj] {
			taken[obj] = true
			roots = append(roots, obj)
		}
	}
	if cfg.Roots == RootsAutoMigrate || cfg.Roots == RootsAuto && calls.n > 0 && len(unread) == 0 {
		for _, a := range calls.named() {
			if migratable(a.obj, all) {
				take(a.obj)
			}
		}
		for _, c := range all {
			if c.skip == "" && !taken[c.obj] {
				diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: no AutoMigrate call names it")
			}
		}
		return roots
	}
	for _, c := range all {
		switch c.skip {
		case "":
			take(c.obj)
		case notAModel:
		default:
			diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: %s", c.skip)
		}
	}
	if cfg.Roots == RootsAuto {
		for _, a := range unread {
			diags.infof(a.pos, a.expr, "migragen cannot tell which model this AutoMigrate argument is, so the roots are discovered, not read from the calls")
		}
		for _, a := range calls.named() {
			if migratable(a.obj, all) {
				take(a.obj)
			}
		}
	}
	return roots
}

// migratable reports whether obj, named by an AutoMigrate call, can be a
// root: declared in the root packages and not marked //migragen:ignore.
// The others are reported once the model set is known.
func migratable(obj *types.TypeName, all []candidate) bool {
	c := findCandidate(all, obj)
	return c != nil && !c.dirs.ignore
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
	return env.method(obj.Type(), "TableName") != nil || declaresModel(obj, true)
}

// declaresModel reports whether a struct itself says it is a model: a
// gorm tag on one of its fields or gorm.Model embedded (directly, or also
// through its embedded structs when deep is set), or, unless deep, a
// TableName method declared on it. What a struct only inherits from an
// embedded model does not count then: a query result embedding a model
// inherits everything.
func declaresModel(obj *types.TypeName, deep bool) bool {
	st := obj.Type().Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("gorm"); ok {
			return true
		}
		v := st.Field(i)
		if !v.Anonymous() {
			continue
		}
		if deep && embedsGormModel(v.Type(), map[types.Type]bool{}) || isNamed(v.Type(), gormPkg, "Model") {
			return true
		}
	}
	if deep {
		return false
	}
	if n, ok := obj.Type().(*types.Named); ok {
		for i := 0; i < n.NumMethods(); i++ {
			if n.Method(i).Name() == "TableName" {
				return true
			}
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

// embeddedTypes returns the candidates that are columns of other structs
// rather than tables: embedded (anonymously or with an embedded tag),
// never used as a relation, and either a column block (no primary key,
// TableName or gorm.Model of their own, such as an address) or embedded in
// a struct that looks like a model itself (a base struct). A struct with
// its own key embedded only in structs that do not look like models, such
// as Item in a query result ItemRanked{Item; Rank int}, stays a candidate.
func embeddedTypes(all []candidate, env *typeEnv) map[*types.TypeName]bool {
	embedded := map[*types.TypeName]bool{}
	related := map[*types.TypeName]bool{}
	for _, c := range all {
		st := c.obj.Type().Underlying().(*types.Struct)
		inModel := declaresModel(c.obj, false)
		for i := 0; i < st.NumFields(); i++ {
			v := st.Field(i)
			obj := namedStruct(v.Type())
			if obj == nil {
				continue
			}
			_, embedTag := gormSettings(st.Tag(i))["EMBEDDED"]
			switch {
			case !v.Anonymous() && !embedTag:
				related[obj] = true
			case inModel || isColumnBlock(obj, env):
				embedded[obj] = true
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

// isColumnBlock reports whether a struct has none of what makes a table
// of its own: a primary key, a TableName method or gorm.Model.
func isColumnBlock(obj *types.TypeName, env *typeEnv) bool {
	return env.method(obj.Type(), "TableName") == nil &&
		!embedsGormModel(obj.Type(), map[types.Type]bool{}) &&
		!hasPrimaryKey(obj.Type(), map[types.Type]bool{})
}

// hasPrimaryKey reports whether a struct, or one it embeds anonymously,
// has a field GORM takes as the primary key: one tagged primaryKey, or
// the one whose column is id.
func hasPrimaryKey(t types.Type, seen map[types.Type]bool) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || seen[t] {
		return false
	}
	seen[t] = true
	for i := 0; i < st.NumFields(); i++ {
		v, tags := st.Field(i), gormSettings(st.Tag(i))
		_, pk := tags["PRIMARYKEY"]
		_, pk2 := tags["PRIMARY_KEY"]
		if pk || pk2 || tags["COLUMN"] == "id" || v.Name() == "ID" && tags["COLUMN"] == "" {
			return true
		}
		if v.Anonymous() && hasPrimaryKey(v.Type(), seen) {
			return true
		}
	}
	return false
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
