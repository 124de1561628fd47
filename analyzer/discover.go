package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
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

// typeSpecs calls fn for each type declared at the top level of the files
// of pkgs, with its name's object and the doc comment of its type
// declaration when that declares only it (else nil), which directives on
// the type may be written in too.
func typeSpecs(pkgs []*loader.Package, fn func(ts *ast.TypeSpec, obj *types.TypeName, groupDoc *ast.CommentGroup)) {
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				var groupDoc *ast.CommentGroup
				if len(gd.Specs) == 1 {
					groupDoc = gd.Doc
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					if obj, ok := pkg.Info.Defs[ts.Name].(*types.TypeName); ok {
						fn(ts, obj, groupDoc)
					}
				}
			}
		}
	}
}

// candidate is a struct type declared in a root package.
type candidate struct {
	obj  *types.TypeName
	dirs directives
	// skip says why the default rule does not take it as a root; "" when
	// it does. Structs that do not look like models at all have
	// notAModel.
	skip string
	// warn is set when skipping it may drop a table: a struct with its
	// own key embedded in a struct that does not declare itself a model
	// is a base struct or a model inside a query result, and its shape
	// cannot tell which.
	warn bool
}

const notAModel = "no gorm tag, TableName or gorm.Model"

// discover collects the struct types of the root packages and judges each
// by the default rule: the exported structs that embed gorm.Model, carry a
// gorm tag, have a TableName method or embed a struct with a key of its
// own that does, minus the structs embedded in them (column blocks and
// base structs), column types and those marked //migragen:ignore.
func (p *parser) discover(pkgs []*loader.Package) ([]candidate, map[*types.TypeName]directives) {
	var all []candidate
	dirs := map[*types.TypeName]directives{}
	typeSpecs(pkgs, func(ts *ast.TypeSpec, obj *types.TypeName, groupDoc *ast.CommentGroup) {
		if obj.IsAlias() || ts.TypeParams != nil {
			return
		}
		if _, ok := obj.Type().Underlying().(*types.Struct); !ok {
			return
		}
		c := candidate{obj: obj, dirs: parseDirectives(ts.Doc, groupDoc)}
		dirs[obj] = c.dirs
		all = append(all, c)
	})

	for i := range all {
		c := &all[i]
		switch {
		case !c.obj.Exported() || !p.looksLikeModel(c.obj.Type()):
			c.skip = notAModel
		case c.dirs.ignore:
			c.skip = "it is marked //migragen:ignore"
		case p.env.isColumnType(c.obj.Type()):
			c.skip = "it stores itself in a column"
		}
	}
	// embeddedTypes reads skip: a struct no other rule skips could be a
	// table itself.
	embedded := p.embeddedTypes(all)
	for i := range all {
		if c := &all[i]; c.skip == "" && embedded[c.obj].reason != "" {
			c.skip, c.warn = embedded[c.obj].reason, embedded[c.obj].warn
		}
	}
	return all, dirs
}

// isColumnType reports whether a type stores itself in one column (a
// Valuer, a serializer, a GormDataType): a column type, not a table, even
// with gorm tags on its fields.
func (env *typeEnv) isColumnType(t types.Type) bool {
	return env.isValuer(t) || env.isSerializer(t) || env.isGormDataTyper(t)
}

// chooseRoots picks the root models by cfg's rule. Only the AutoMigrate
// arguments naming structs of the packages given count. automigrate takes
// exactly those; auto takes them and everything discovery takes, so that
// a table created by a call migragen does not see (in a package not
// given) is never dropped; checkMigrateCalls then warns about the
// difference. discover ignores the calls.
func (p *parser) chooseRoots(cfg Config, all []candidate, calls *migrateCalls) []*types.TypeName {
	diags := p.diags
	if len(cfg.Models) > 0 {
		return pickExplicit(all, cfg.Models, diags)
	}
	var roots []*types.TypeName
	taken := map[*types.TypeName]bool{}
	take := func(obj *types.TypeName) {
		if !taken[obj] {
			taken[obj] = true
			roots = append(roots, obj)
		}
	}
	if cfg.Roots != RootsDiscover {
		for _, a := range calls.namedRoots() {
			if migratable(a.obj, all) {
				take(a.obj)
			}
		}
	}
	if cfg.Roots == RootsAutoMigrate {
		if len(calls.namedRoots()) == 0 {
			diags.errorf(token.NoPos, "", "-roots automigrate: no db.AutoMigrate call of the analyzed packages names a struct of the packages given").
				hint("add the package that calls db.AutoMigrate to the packages given, or use -roots discover")
		}
		for _, a := range calls.unread() {
			diags.errorf(a.pos, a.expr, "migragen cannot tell which model this AutoMigrate argument is").
				hint("pass the models as &T{} values, a slice literal of them or a variable or function returning one; or name the roots with -roots Type,...")
		}
		for _, c := range all {
			if c.skip == "" && !taken[c.obj] {
				diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: no AutoMigrate call names it")
			}
		}
		return roots
	}
	// With calls to compare with, a discovered struct they do not name is
	// taken only if it could be a table of its own.
	compared := cfg.Roots == RootsAuto && len(calls.namedRoots()) > 0 && len(calls.unread()) == 0
	tables := map[string]string{}
	if compared {
		for _, obj := range roots {
			table, _ := p.probe(obj)
			tables[table] = obj.Name()
		}
	}
	for _, c := range all {
		switch {
		case taken[c.obj]:
		case c.skip == "" && compared:
			p.takeUnnamed(c.obj, tables, take)
		case c.skip == "":
			take(c.obj)
		case c.skip == notAModel:
		case c.warn:
			diags.warnf(c.obj.Pos(), c.obj.Name(), "%s is not a root model: %s", c.obj.Name(), c.skip).
				hint("if %s is a table, name it in a db.AutoMigrate call of the packages given or list the roots with -roots; a gorm tag on each struct embedding it confirms it is a base struct", c.obj.Name())
		default:
			diags.infof(c.obj.Pos(), c.obj.Name(), "not a root model: %s", c.skip)
		}
	}
	if cfg.Roots == RootsAuto {
		for _, a := range calls.unread() {
			diags.infof(a.pos, a.expr, "migragen cannot tell which model this AutoMigrate argument is, so it cannot compare the calls with the discovered roots")
		}
	}
	return roots
}

// takeUnnamed decides on a discovered struct that no AutoMigrate call
// names, where calls exist: it is taken, so that a table migrated by a
// call migragen does not see is never dropped (checkMigrateCalls warns),
// unless it cannot be a table of its own. That is a struct with errors,
// such as a query result with gorm tags (GORM's AutoMigrate would fail on
// it), or one mapping to the table of a model a call names, such as
// PlanView{Plan} inheriting Plan's TableName. Leaving those out is said
// with a warning.
func (p *parser) takeUnnamed(obj *types.TypeName, tables map[string]string, take func(*types.TypeName)) {
	table, failed := p.probe(obj)
	switch other, clash := tables[table]; {
	case failed:
		p.diags.warnf(obj.Pos(), obj.Name(), "%s may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it; it is left out", obj.Name()).
			hint("if it is no table (a query result or DTO with gorm tags), put //migragen:ignore on the line above `type %s struct`; if it is one, name it in AutoMigrate (-roots discover shows its errors)", obj.Name())
	case clash:
		p.diags.warnf(obj.Pos(), obj.Name(), "%s is left out: no AutoMigrate call names it, and its table %s is %s's, which a call names", obj.Name(), table, other).
			hint("if it is no table (a view or query result of %s), put //migragen:ignore on the line above `type %s struct`", other, obj.Name())
	default:
		tables[table] = obj.Name()
		take(obj)
	}
}

// probe parses obj as a model apart from the analysis, and returns its
// table and whether the parse found errors. Its diagnostics are dropped.
func (p *parser) probe(obj *types.TypeName) (table string, failed bool) {
	probe := newParser(p.namer, p.env, &diagnostics{fset: p.diags.fset})
	probe.directives, probe.serializers, probe.names = p.directives, p.serializers, p.names
	m := probe.getOrParse(obj.Type(), obj.Pos())
	for _, d := range probe.diags.list {
		failed = failed || d.Severity == Error
	}
	return m.table, failed || m.failed
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

// looksLikeModel applies the default root rule to one struct type: a
// TableName method, a gorm tag or gorm.Model (declaresModel), or an
// embedded struct that looks like a model and has a key of its own. By the
// last, Todo{Base; Title string} is a model when Base carries the key; so
// is ItemRanked{Item; Rank uint}, which has the same shape.
func (p *parser) looksLikeModel(t types.Type) bool {
	return p.looksLikeModelSeen(t, map[types.Type]bool{})
}

// looksLikeModelSeen is looksLikeModel, stopping at a struct that embeds
// itself through pointers.
func (p *parser) looksLikeModelSeen(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if p.env.method(t, "TableName") != nil {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && declaresModel(n.Obj(), true) {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if et := embeddedStruct(st, i); et != nil && p.looksLikeModelSeen(et, seen) && p.ownTable(et) {
			return true
		}
	}
	return false
}

// embeddedStruct returns the named struct type of field i when GORM
// flattens it into the struct: an anonymous field or one tagged
// embedded. Otherwise nil.
func embeddedStruct(st *types.Struct, i int) types.Type {
	v := st.Field(i)
	if _, tagged := gormSettings(st.Tag(i))["EMBEDDED"]; !v.Anonymous() && !tagged {
		return nil
	}
	t := v.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if _, ok := n.Underlying().(*types.Struct); ok {
			return n
		}
	}
	return nil
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

// embedding says why a struct embedded in others is no root.
type embedding struct {
	reason string
	warn   bool // see candidate.warn
}

// embeddedTypes judges the candidates embedded in other structs
// (anonymously or with an embedded tag) and never used as a relation. A
// column block (no table of its own: no primary key, TableName or
// gorm.Model) is columns of whatever embeds it. A struct with a table's
// marks embedded in structs that could be tables themselves is taken for
// a base struct, as Base in Todo{Base} and Project{Base}; Item in
// ItemRanked{Item; Rank uint} has the same shape, so that reading draws a
// warning unless every embedding struct declares itself a model (a gorm
// tag, gorm.Model or TableName of its own), which a query result rarely
// does. The AutoMigrate calls settle it where they name the struct.
func (p *parser) embeddedTypes(all []candidate) map[*types.TypeName]embedding {
	embeddedIn := map[*types.TypeName][]string{} // by structs that could be tables
	embeddedAny := map[*types.TypeName]bool{}
	ambiguous := map[*types.TypeName]bool{}
	related := map[*types.TypeName]bool{}
	for _, c := range all {
		st := c.obj.Type().Underlying().(*types.Struct)
		table := c.skip == "" // discover has applied every other rule
		inModel := declaresModel(c.obj, false)
		for i := 0; i < st.NumFields(); i++ {
			obj := namedStruct(st.Field(i).Type())
			if obj == nil || obj == c.obj {
				continue
			}
			if embeddedStruct(st, i) == nil {
				related[obj] = true
				continue
			}
			embeddedAny[obj] = true
			if table {
				embeddedIn[obj] = append(embeddedIn[obj], c.obj.Name())
				ambiguous[obj] = ambiguous[obj] || !inModel
			}
		}
	}
	out := map[*types.TypeName]embedding{}
	for obj := range embeddedAny {
		switch {
		case related[obj]:
		case !p.ownTable(obj.Type()):
			out[obj] = embedding{reason: "it is a block of columns embedded in other structs"}
		case len(embeddedIn[obj]) > 0:
			out[obj] = embedding{
				reason: fmt.Sprintf("embedded in %s, it is taken for a base struct whose columns they share, not a table", strings.Join(embeddedIn[obj], ", ")),
				warn:   ambiguous[obj],
			}
		}
	}
	return out
}

// ownTable reports whether a struct has what makes a table of its own: a
// primary key, a TableName method or gorm.Model.
func (p *parser) ownTable(t types.Type) bool {
	return p.env.method(t, "TableName") != nil ||
		embedsGormModel(t, map[types.Type]bool{}) ||
		p.hasPrimaryKey(t)
}

// hasPrimaryKey reports whether GORM, parsing the struct t as a model,
// gives it a primary-key column. It runs the parser's own rule (a
// primaryKey tag, else the field whose column is id under the naming
// strategy, Id as well as ID; a field tagged - is no column) on a probe
// parse whose diagnostics are dropped: t may be no model at all.
func (p *parser) hasPrimaryKey(t types.Type) bool {
	key := cacheKey(t)
	if v, ok := p.keyed[key]; ok {
		return v
	}
	p.keyed[key] = false // a struct embedding itself through a pointer
	probe := newParser(p.namer, p.env, &diagnostics{fset: p.diags.fset})
	probe.directives = p.directives
	probe.names = p.names
	m := probe.parseEmbedded(t, p.names.table(typeName(t)), token.NoPos)
	has := slices.ContainsFunc(m.primaryFields, func(f *field) bool { return f.dbName != "" })
	p.keyed[key] = has
	return has
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
