package analyzer

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

// This file decides the per-dialect column types of fields whose Go type
// has a GormDBDataType method: GORM's migrator calls it with the *gorm.DB
// and the parsed field, and uses what it returns instead of the dialect's
// type, ignoring any type: tag. migragen evaluates the method's body for
// each dialect and each field, or takes the types a //migragen:dbtype
// directive on the Go type states.

// dbTypeDirective is a //migragen:dbtype comment on a type declaration,
// e.g. //migragen:dbtype postgres=jsonb mysql=json sqlite=text.
type dbTypeDirective struct {
	types map[string]string // by Dialector.Name()
	pos   token.Pos         // of the type's name, where diagnostics point
	err   error             // why the comment does not parse
}

// collectDBTypeDirectives finds the //migragen:dbtype comments on the
// types declared in the source packages, on the type spec or on its
// type ( ... ) group.
func collectDBTypeDirectives(pkgs []*loader.Package) map[*types.TypeName]*dbTypeDirective {
	out := map[*types.TypeName]*dbTypeDirective{}
	typeSpecs(pkgs, func(ts *ast.TypeSpec, obj *types.TypeName, groupDoc *ast.CommentGroup) {
		if d := findDBTypeDirective([]*ast.CommentGroup{ts.Doc, ts.Comment, groupDoc}); d != nil {
			d.pos = ts.Name.Pos()
			out[obj] = d
		}
	})
	return out
}

// findDBTypeDirective returns the first //migragen:dbtype line of groups.
// ast.CommentGroup.Text drops directive lines, so the raw comments are read.
func findDBTypeDirective(groups []*ast.CommentGroup) *dbTypeDirective {
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			arg, ok := strings.CutPrefix(c.Text, "//migragen:dbtype")
			if !ok || (arg != "" && arg[0] != ' ' && arg[0] != '\t') {
				continue
			}
			types, err := parseDBTypes(arg)
			return &dbTypeDirective{types: types, err: err}
		}
	}
	return nil
}

// parseDBTypes reads dialect=type pairs separated by spaces or commas: the
// //migragen:dbtype directive writes postgres=jsonb mysql=json, the
// migragen:"dbtype:..." tag postgres=jsonb,mysql=json. A type ends at a
// separator outside parentheses, so decimal(10,2) is one type; a type
// holding spaces is written as a Go string: postgres="double precision".
func parseDBTypes(arg string) (map[string]string, error) {
	out := map[string]string{}
	rest := strings.TrimLeftFunc(arg, isDBTypeSep)
	for rest != "" {
		name, after, ok := strings.Cut(rest, "=")
		if !ok || name == "" || strings.IndexFunc(name, isDBTypeSep) >= 0 {
			return nil, fmt.Errorf("%q is not dialect=type", strings.FieldsFunc(rest, isDBTypeSep)[0])
		}
		if !slices.Contains(dialectNames, name) {
			return nil, fmt.Errorf("unknown dialect %q (the dialects are %s)", name, strings.Join(dialectNames, ", "))
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("dialect %s is given twice", name)
		}
		var typ string
		if strings.HasPrefix(after, `"`) {
			quoted, err := strconv.QuotedPrefix(after)
			if err != nil {
				return nil, fmt.Errorf("the type for %s: %w", name, err)
			}
			typ, _ = strconv.Unquote(quoted)
			after = after[len(quoted):]
			if after != "" && !isDBTypeSep(rune(after[0])) {
				return nil, fmt.Errorf("the type for %s: a space or comma must follow the quoted type", name)
			}
		} else {
			end := dbTypeEnd(after)
			typ, after = after[:end], after[end:]
		}
		if strings.TrimSpace(typ) == "" {
			return nil, fmt.Errorf("the type for %s is empty", name)
		}
		out[name] = typ
		rest = strings.TrimLeftFunc(after, isDBTypeSep)
	}
	if len(out) == 0 {
		return nil, errors.New("it names no dialect")
	}
	return out, nil
}

func isDBTypeSep(r rune) bool { return r == ' ' || r == '\t' || r == ',' }

// dbTypeEnd returns the length of the unquoted type s starts with: up to
// the first separator outside parentheses.
func dbTypeEnd(s string) int {
	depth := 0
	for i, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0 && isDBTypeSep(r):
			return i
		}
	}
	return len(s)
}

// dbTypeDirectiveOf returns the directive on t, or on the type that
// declares the GormDBDataType method t has (type Payload struct{ JSONMap }
// gets JSONMap's method, and so its directive).
func (e *typeEnv) dbTypeDirectiveOf(t types.Type) *dbTypeDirective {
	if d := e.dbTypeDirectives[declaredName(t)]; d != nil {
		return d
	}
	if fn := e.method(t, "GormDBDataType"); fn != nil {
		return e.dbTypeDirectives[declaredName(fn.Type().(*types.Signature).Recv().Type())]
	}
	return nil
}

// declaredName returns the declared (for a generic type, uninstantiated)
// name of t, pointers removed, or nil.
func declaredName(t types.Type) *types.TypeName {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// resolveDBTypes sets the per-dialect types of f's column from its Go
// type's GormDBDataType method: as a migragen:"dbtype:..." tag on the field
// or a //migragen:dbtype directive on the type states them, else as the
// well-known types' table records them (set while parsing), else by
// evaluating the method for this field, whose settings are final only now.
// It reports one diagnostic when none of these works.
func (p *parser) resolveDBTypes(m *model, f *field) {
	env := p.env
	dir := env.dbTypeDirectiveOf(f.indirectType)
	if !env.isGormDBDataTyper(f.indirectType) {
		if dir != nil {
			p.diags.warnf(dir.pos, typeString(f.indirectType), "//migragen:dbtype has no effect: %s has no GormDBDataType(*gorm.DB, *schema.Field) string method, and GORM takes no other per-dialect type", typeString(f.indirectType)).
				hint(`remove the directive, and give the fields a type: tag, e.g. gorm:"type:jsonb"`)
		}
		if f.tagDBTypes != nil || f.tagDBTypesErr != nil {
			p.diags.warnf(f.pos, f.path, `migragen:"dbtype:..." has no effect: %s has no GormDBDataType(*gorm.DB, *schema.Field) string method, and GORM takes no other per-dialect type`, typeString(f.indirectType)).
				hint(`remove it, and give the field a type: tag, e.g. gorm:"type:jsonb"`)
		}
		return
	}
	switch {
	case f.tagDBTypesErr != nil:
		p.diags.errorf(f.pos, f.path, `migragen:"dbtype:...": %v`, f.tagDBTypesErr).
			hint(`write dialect=type pairs for %s, e.g. migragen:"dbtype:postgres=jsonb,mysql=json,sqlite=text,sqlserver=nvarchar(max)"`, strings.Join(dialectNames, ", "))
		m.failed = true
		return
	case f.tagDBTypes != nil:
		f.dbTypes, f.dbTypesOnly = f.tagDBTypes, true
		return
	case dir != nil && dir.err != nil:
		p.diags.errorf(dir.pos, typeString(f.indirectType), "//migragen:dbtype: %v", dir.err).
			hint(`write dialect=type pairs for %s, e.g. //migragen:dbtype postgres=jsonb mysql=json sqlite=text sqlserver="nvarchar(max)"`, strings.Join(dialectNames, ", "))
		m.failed = true
		return
	case dir != nil:
		f.dbTypes, f.dbTypesOnly = dir.types, true
		return
	case f.dbTypes != nil:
		return // a well-known type's, from the table
	}
	dbTypes, why := env.evalDBTypes(p.diags.fset, f.indirectType, f)
	if why != "" {
		p.diags.errorf(f.pos, f.path, "GORM calls the GormDBDataType method of %s to choose the column type, and migragen cannot evaluate it: %s", typeString(f.indirectType), why).
			hint("%s", env.dbTypesFix(f.indirectType))
		m.failed = true
		return
	}
	f.dbTypes = dbTypes
}

// dbTypesFix says where to state the types GORM gets from t's
// GormDBDataType: in a directive on the type that declares the method when
// the module declares it (else on t, which inherits a directive), or else
// in the field's tag, the one place a user can write for a dependency's
// type.
func (e *typeEnv) dbTypesFix(t types.Type) string {
	const (
		tag    = `migragen:"dbtype:mysql=TYPE,postgres=TYPE,sqlite=TYPE,sqlserver=TYPE"`
		noType = "a type: tag does not help: GORM ignores it when GormDBDataType returns a type"
	)
	host := t
	if fn := e.method(t, "GormDBDataType"); fn != nil {
		if _, inModule := e.body(fn); inModule {
			host = derefType(fn.Type().(*types.Signature).Recv().Type())
		}
	}
	if n := declaredName(host); n == nil || !e.source[n.Pkg()] {
		return fmt.Sprintf("state the types GORM gets on your servers in the field's tag: %s; %s is declared outside the analyzed module, where no //migragen:dbtype comment can go (%s)", tag, typeString(host), noType)
	}
	return fmt.Sprintf("state the types GORM gets on your servers with a comment on type %s: //migragen:dbtype mysql=TYPE postgres=TYPE sqlite=TYPE sqlserver=TYPE, or for this field alone with the tag %s (%s)", typeString(host), tag, noType)
}

func derefType(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// evalDBTypes runs the GormDBDataType method of t, declared in source, for
// each dialect with f as the field, and returns the non-empty answers. It
// understands what such methods do in practice — choose by
// db.Dialector.Name() and by the field's tag settings and parsed
// properties, with switch, if and local variables, and build the answer
// from constants, concatenation and fmt.Sprintf — and gives up on anything
// else, saying why.
func (e *typeEnv) evalDBTypes(fset *token.FileSet, t types.Type, f *field) (map[string]string, string) {
	fn := e.method(t, "GormDBDataType")
	src, ok := e.body(fn)
	if !ok {
		return nil, "its body is not in the analyzed module"
	}
	params := paramObjects(src.info, src.decl.Type.Params)
	out := map[string]string{}
	for _, d := range dialectNames {
		ev := &dbTypeEval{info: src.info, dialect: d, field: f, dbParam: params[0], fieldParam: params[1], locals: map[types.Object]constant.Value{}}
		v, returned := ev.stmts(src.decl.Body.List)
		switch {
		case ev.stuck != nil:
			pos := fset.Position(ev.stuck.Pos())
			why := ev.why
			if why == "" {
				why = fmt.Sprintf("it uses %s, which migragen does not evaluate", nodeString(ev.stuck))
			}
			return nil, fmt.Sprintf("at %s:%d %s", filepath.Base(pos.Filename), pos.Line, why)
		case !returned:
			return nil, "it can end without a return"
		}
		if s := constant.StringVal(v); s != "" {
			out[d] = s
		}
	}
	return out, ""
}

// paramObjects returns the objects of a function's parameters, one per
// parameter, nil for an unnamed or blank one.
func paramObjects(info *types.Info, params *ast.FieldList) []types.Object {
	var out []types.Object
	for _, p := range params.List {
		if len(p.Names) == 0 {
			out = append(out, nil)
		}
		for _, name := range p.Names {
			out = append(out, info.Defs[name]) // nil for _
		}
	}
	return out
}

// nodeString shows a statement or expression briefly: its text when that
// fits on a line, else the name of the construct. Constructs the evaluator
// never enters are named even when short, since their text alone (a
// label, a loop header) does not say what was refused.
func nodeString(n ast.Node) string {
	if x, ok := n.(ast.Expr); ok {
		return types.ExprString(x)
	}
	switch n := n.(type) {
	case *ast.LabeledStmt:
		return fmt.Sprintf("a labeled statement (%s:)", n.Label.Name)
	case *ast.ForStmt, *ast.RangeStmt:
		return "a loop"
	case *ast.TypeSwitchStmt:
		return "a type switch"
	case *ast.SelectStmt:
		return "a select statement"
	}
	var b strings.Builder
	if err := format.Node(&b, token.NewFileSet(), n); err == nil && !strings.Contains(b.String(), "\n") {
		return b.String()
	}
	switch n.(type) {
	case *ast.DeferStmt:
		return "a defer statement"
	case *ast.GoStmt:
		return "a go statement"
	case *ast.AssignStmt:
		return "an assignment"
	case *ast.ExprStmt:
		return "a call statement"
	}
	return "a statement"
}

// dbTypeEval runs a GormDBDataType body for one dialect and one field.
type dbTypeEval struct {
	info       *types.Info
	dialect    string
	field      *field
	dbParam    types.Object // the *gorm.DB parameter, if named
	fieldParam types.Object // the *schema.Field parameter, if named
	locals     map[types.Object]constant.Value
	// stuck is the first node it could not evaluate, and why, when there
	// is more to say than that it is not evaluated.
	stuck ast.Node
	why   string
	// breaking is set by an unlabeled break until it leaves its switch,
	// the only statement it can break out of here.
	breaking bool
}

func (ev *dbTypeEval) fail(n ast.Node) {
	if ev.stuck == nil {
		ev.stuck = n
	}
}

// failBecause is fail with the reason the diagnostic gives.
func (ev *dbTypeEval) failBecause(n ast.Node, why string) {
	if ev.stuck == nil {
		ev.stuck, ev.why = n, why
	}
}

// stmts runs a statement list; returned reports whether a return was
// reached, with its value.
func (ev *dbTypeEval) stmts(list []ast.Stmt) (constant.Value, bool) {
	for _, s := range list {
		if v, ret := ev.stmt(s); ret || ev.stuck != nil || ev.breaking {
			return v, ret
		}
	}
	return nil, false
}

func (ev *dbTypeEval) stmt(s ast.Stmt) (constant.Value, bool) {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		if len(s.Results) != 1 {
			ev.fail(s)
			return nil, false
		}
		v := ev.expr(s.Results[0])
		if v == nil || v.Kind() != constant.String {
			ev.fail(s.Results[0])
			return nil, false
		}
		return v, true
	case *ast.AssignStmt:
		ev.assign(s)
	case *ast.DeclStmt:
		ev.declare(s)
	case *ast.BlockStmt:
		return ev.stmts(s.List)
	case *ast.IfStmt:
		if s.Init != nil {
			if v, ret := ev.stmt(s.Init); ret || ev.stuck != nil {
				return v, ret
			}
		}
		cond := ev.expr(s.Cond)
		if cond == nil || cond.Kind() != constant.Bool {
			ev.fail(s.Cond)
			return nil, false
		}
		if constant.BoolVal(cond) {
			return ev.stmts(s.Body.List)
		}
		if s.Else != nil {
			return ev.stmt(s.Else)
		}
	case *ast.SwitchStmt:
		return ev.switchStmt(s)
	case *ast.BranchStmt:
		if s.Tok != token.BREAK || s.Label != nil {
			ev.fail(s) // fallthrough is run by switchStmt; goto, continue and labels are not
			return nil, false
		}
		ev.breaking = true
	case *ast.EmptyStmt:
	default:
		ev.fail(s)
	}
	return nil, false
}

// switchStmt runs the clause whose case equals the tag (true for a tagless
// switch), else the default clause.
func (ev *dbTypeEval) switchStmt(s *ast.SwitchStmt) (constant.Value, bool) {
	if s.Init != nil {
		if v, ret := ev.stmt(s.Init); ret || ev.stuck != nil {
			return v, ret
		}
	}
	tag := constant.MakeBool(true)
	if s.Tag != nil {
		if tag = ev.expr(s.Tag); tag == nil {
			ev.fail(s.Tag)
			return nil, false
		}
	}
	chosen, dflt := -1, -1
	for i, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			dflt = i
			continue
		}
		for _, x := range cc.List {
			v := ev.expr(x)
			if v == nil || !sameKind(tag, v) {
				ev.fail(x)
				return nil, false
			}
			if constant.Compare(tag, token.EQL, v) {
				chosen = i
				break
			}
		}
		if chosen >= 0 {
			break
		}
	}
	if chosen < 0 {
		chosen = dflt
	}
	if chosen < 0 {
		return nil, false
	}
	// A clause ending in fallthrough runs on into the next one, in source
	// order; Go allows fallthrough only there, and not in the last clause.
	for i := chosen; ; i++ {
		body := s.Body.List[i].(*ast.CaseClause).Body
		fall := len(body) > 0 && isFallthrough(body[len(body)-1])
		if fall {
			body = body[:len(body)-1]
		}
		v, ret := ev.stmts(body)
		if ret || ev.stuck != nil {
			return v, ret
		}
		if ev.breaking || !fall {
			ev.breaking = false
			return nil, false
		}
	}
}

func isFallthrough(s ast.Stmt) bool {
	b, ok := s.(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

// assign handles x := e, x = e, x += e and v, ok := field.TagSettings[k].
func (ev *dbTypeEval) assign(s *ast.AssignStmt) {
	if len(s.Lhs) == 2 && len(s.Rhs) == 1 && (s.Tok == token.DEFINE || s.Tok == token.ASSIGN) {
		key, ok := ev.tagKey(s.Rhs[0])
		if !ok {
			ev.fail(s.Rhs[0])
			return
		}
		v, found := ev.field.tagSettings[key]
		ev.set(s.Lhs[0], constant.MakeString(v))
		ev.set(s.Lhs[1], constant.MakeBool(found))
		return
	}
	if len(s.Lhs) != len(s.Rhs) {
		ev.fail(s)
		return
	}
	for i, lhs := range s.Lhs {
		v := ev.expr(s.Rhs[i])
		if v == nil {
			ev.fail(s.Rhs[i])
			return
		}
		switch s.Tok {
		case token.DEFINE, token.ASSIGN:
		case token.ADD_ASSIGN:
			old := ev.expr(lhs)
			if old == nil || !sameKind(old, v) {
				ev.fail(s)
				return
			}
			v = constant.BinaryOp(old, token.ADD, v)
		default:
			ev.fail(s)
			return
		}
		ev.set(lhs, v)
	}
}

// declare handles var x T and var x = e.
func (ev *dbTypeEval) declare(s *ast.DeclStmt) {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return // a local const or type: its uses are constants already
	}
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		for i, name := range vs.Names {
			var v constant.Value
			if i < len(vs.Values) {
				v = ev.expr(vs.Values[i])
			} else if obj := ev.info.Defs[name]; obj != nil {
				v = zeroValue(obj.Type())
			}
			if v == nil {
				ev.fail(vs)
				return
			}
			ev.set(name, v)
		}
	}
}

func zeroValue(t types.Type) constant.Value {
	b, ok := t.Underlying().(*types.Basic)
	switch {
	case !ok:
		return nil
	case b.Info()&types.IsString != 0:
		return constant.MakeString("")
	case b.Info()&types.IsInteger != 0:
		return constant.MakeInt64(0)
	case b.Info()&types.IsBoolean != 0:
		return constant.MakeBool(false)
	}
	return nil
}

func (ev *dbTypeEval) set(lhs ast.Expr, v constant.Value) {
	id, ok := lhs.(*ast.Ident)
	if !ok {
		ev.fail(lhs)
		return
	}
	if id.Name == "_" {
		return
	}
	obj := ev.info.Defs[id]
	if obj == nil {
		obj = ev.info.Uses[id]
	}
	if _, local := obj.(*types.Var); !local || obj.Parent() == obj.Pkg().Scope() {
		ev.fail(lhs) // a package-level variable: its value is the program's
		return
	}
	ev.locals[obj] = v
}

// value is expr for a part of a larger expression: where it fails, the
// diagnostic points at the part, not at the whole.
func (ev *dbTypeEval) value(x ast.Expr) constant.Value {
	v := ev.expr(x)
	if v == nil {
		ev.fail(x)
	}
	return v
}

// expr evaluates x to a constant, or returns nil.
func (ev *dbTypeEval) expr(x ast.Expr) constant.Value {
	if tv, ok := ev.info.Types[x]; ok && tv.Value != nil {
		return tv.Value
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return ev.value(x.X)
	case *ast.Ident:
		return ev.locals[ev.info.Uses[x]]
	case *ast.IndexExpr:
		if key, ok := ev.tagKey(x); ok {
			return constant.MakeString(ev.field.tagSettings[key])
		}
	case *ast.SelectorExpr:
		if ev.isFieldParam(x.X) {
			return ev.fieldProperty(x)
		}
	case *ast.UnaryExpr:
		if v := ev.value(x.X); v != nil && x.Op == token.NOT && v.Kind() == constant.Bool {
			return constant.UnaryOp(token.NOT, v, 0)
		}
	case *ast.BinaryExpr:
		return ev.binary(x)
	case *ast.CallExpr:
		return ev.call(x)
	}
	return nil
}

func (ev *dbTypeEval) binary(x *ast.BinaryExpr) constant.Value {
	l := ev.value(x.X)
	if l == nil {
		return nil
	}
	if x.Op == token.LAND || x.Op == token.LOR {
		if l.Kind() != constant.Bool {
			return nil
		}
		// Short-circuit as Go does: the right side may read what the
		// left side ruled out.
		if constant.BoolVal(l) == (x.Op == token.LOR) {
			return l
		}
		if r := ev.value(x.Y); r != nil && r.Kind() == constant.Bool {
			return r
		}
		return nil
	}
	r := ev.value(x.Y)
	if r == nil || !sameKind(l, r) {
		return nil
	}
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if l.Kind() == constant.Bool && x.Op != token.EQL && x.Op != token.NEQ {
			return nil
		}
		return constant.MakeBool(constant.Compare(l, x.Op, r))
	case token.ADD:
		if l.Kind() == constant.Bool {
			return nil
		}
		return constant.BinaryOp(l, token.ADD, r)
	case token.SUB, token.MUL:
		if l.Kind() != constant.Int {
			return nil
		}
		return constant.BinaryOp(l, x.Op, r)
	}
	return nil
}

// sameKind reports whether two values can meet in an operator.
func sameKind(a, b constant.Value) bool { return a.Kind() == b.Kind() }

// call evaluates db.Dialector.Name(), conversions, and the few pure
// functions such methods build a type name with.
func (ev *dbTypeEval) call(x *ast.CallExpr) constant.Value {
	if ev.isDialectName(x) {
		return constant.MakeString(ev.dialect)
	}
	if tv, ok := ev.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
		return ev.value(x.Args[0]) // string(field.DataType), schema.DataType("json")
	}
	fn := typeutil.StaticCallee(ev.info, x)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	args := make([]constant.Value, len(x.Args))
	for i, a := range x.Args {
		if args[i] = ev.value(a); args[i] == nil {
			return nil
		}
	}
	str := func(i int) (string, bool) {
		if i >= len(args) || args[i].Kind() != constant.String {
			return "", false
		}
		return constant.StringVal(args[i]), true
	}
	s0, ok0 := str(0)
	s1, ok1 := str(1)
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "fmt.Sprintf":
		if !ok0 || x.Ellipsis.IsValid() {
			return nil
		}
		vals, ok := ev.sprintfArgs(s0, x.Args[1:], args[1:])
		if !ok {
			return nil
		}
		return constant.MakeString(fmt.Sprintf(s0, vals...))
	case "strconv.Itoa":
		if len(args) == 1 && args[0].Kind() == constant.Int {
			return constant.MakeString(args[0].ExactString())
		}
	case "strings.ToUpper":
		if ok0 {
			return constant.MakeString(strings.ToUpper(s0))
		}
	case "strings.ToLower":
		if ok0 {
			return constant.MakeString(strings.ToLower(s0))
		}
	case "strings.TrimSpace":
		if ok0 {
			return constant.MakeString(strings.TrimSpace(s0))
		}
	case "strings.EqualFold":
		if ok0 && ok1 {
			return constant.MakeBool(strings.EqualFold(s0, s1))
		}
	case "strings.HasPrefix":
		if ok0 && ok1 {
			return constant.MakeBool(strings.HasPrefix(s0, s1))
		}
	case "strings.HasSuffix":
		if ok0 && ok1 {
			return constant.MakeBool(strings.HasSuffix(s0, s1))
		}
	case "strings.Contains":
		if ok0 && ok1 {
			return constant.MakeBool(strings.Contains(s0, s1))
		}
	}
	return nil
}

// tagKey matches field.TagSettings[KEY] with a constant key.
func (ev *dbTypeEval) tagKey(x ast.Expr) (string, bool) {
	ix, ok := ast.Unparen(x).(*ast.IndexExpr)
	if !ok {
		return "", false
	}
	sel, ok := ix.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "TagSettings" || !ev.isFieldParam(sel.X) {
		return "", false
	}
	key := ev.expr(ix.Index)
	if key == nil || key.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(key), true
}

func (ev *dbTypeEval) isFieldParam(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && ev.fieldParam != nil && ev.info.Uses[id] == ev.fieldParam
}

// guessedProperties are the parsed properties GORM derives from the kind
// of what a driver.Valuer's Value returns (DataType, GORMDataType and the
// default Size) or from the gorm tags of its first field, which GORM merges
// in when Value returns nil; each with the tag key that, set on the field
// itself, decides the property instead ("" for none).
var guessedProperties = map[string]string{"DataType": "TYPE", "GORMDataType": "", "Size": "SIZE", "Precision": "PRECISION", "Scale": "SCALE"}

// fieldProperty returns a property of the *schema.Field GORM passes, as
// GORM has parsed it by the time the migrator asks for the column type.
// It refuses a property migragen only guessed (field.kindGuessed): the
// answer would be a guess written into the snapshot as a fact.
func (ev *dbTypeEval) fieldProperty(sel *ast.SelectorExpr) constant.Value {
	f, name := ev.field, sel.Sel.Name
	if key, ok := guessedProperties[name]; ok && f.kindGuessed {
		if _, set := f.tagSettings[key]; key == "" || !set {
			ev.failBecause(sel, fmt.Sprintf("it reads %s, which GORM sets from what %s's Value method returns for the zero value, and migragen cannot tell what that is", types.ExprString(sel), typeString(f.indirectType)))
			return nil
		}
	}
	strs := map[string]string{
		"Name": f.name, "DBName": f.dbName, "DataType": f.dataType, "GORMDataType": f.gormDataType,
		"DefaultValue": f.defaultValue, "Comment": f.comment,
	}
	if s, ok := strs[name]; ok {
		return constant.MakeString(s)
	}
	ints := map[string]int{"Size": f.size, "Precision": f.precision, "Scale": f.scale}
	if n, ok := ints[name]; ok {
		return constant.MakeInt64(int64(n))
	}
	bools := map[string]bool{
		"PrimaryKey": f.primaryKey, "AutoIncrement": f.autoIncrement, "HasDefaultValue": f.hasDefault,
		"NotNull": f.notNull, "Unique": f.unique,
	}
	if b, ok := bools[name]; ok {
		return constant.MakeBool(b)
	}
	return nil
}

// isDialectName matches the dialect's name read through the method's own
// *gorm.DB parameter: db.Dialector.Name(), db.Name() (promoted from the
// Dialector that gorm.Config embeds) or db.Config.Dialector.Name(). Another
// *gorm.DB, such as a package variable, may be connected elsewhere.
func (ev *dbTypeEval) isDialectName(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 || ev.dbParam == nil {
		return false
	}
	fn, ok := ev.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Name() != "Name" {
		return false
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv == nil || !isNamed(recv.Type(), gormPkg, "Dialector") {
		return false
	}
	x := ast.Unparen(sel.X)
	for {
		inner, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s := ev.info.Selections[inner]
		if s == nil || s.Kind() != types.FieldVal || s.Obj().Pkg() == nil || s.Obj().Pkg().Path() != gormPkg ||
			(s.Obj().Name() != "Config" && s.Obj().Name() != "Dialector") {
			return false
		}
		x = ast.Unparen(inner.X)
	}
	id, ok := x.(*ast.Ident)
	return ok && ev.info.Uses[id] == ev.dbParam
}

// sprintfArgs converts the constant arguments of fmt.Sprintf(format, ...)
// to the Go values the program passes, so that fmt formats them as it
// would there (constant.Val gives *big.Rat for 2.5 and int64 for every
// integer). It refuses what it cannot mirror exactly: %T, argument indexes,
// * widths, a verb that does not suit its argument (fmt's error text names
// the argument's type), a count mismatch, and a type with methods, which
// fmt may call.
func (ev *dbTypeEval) sprintfArgs(format string, exprs []ast.Expr, args []constant.Value) ([]any, bool) {
	verbs, ok := sprintfVerbs(format)
	if !ok || len(verbs) != len(args) {
		return nil, false
	}
	vals := make([]any, len(args))
	for i, a := range args {
		t := ev.info.TypeOf(exprs[i])
		if t == nil {
			return nil, false
		}
		t = types.Default(t)
		b, ok := t.Underlying().(*types.Basic)
		if !ok || types.NewMethodSet(t).Len() > 0 || !strings.ContainsRune(verbsFor(b), verbs[i]) {
			return nil, false
		}
		if vals[i], ok = goValue(a, b); !ok {
			return nil, false
		}
	}
	return vals, true
}

// sprintfVerbs lists the verbs of a format that takes its arguments in
// order, with constant widths and precisions; %% takes none.
func sprintfVerbs(format string) ([]rune, bool) {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i == len(format) || format[i] == '[' || format[i] == '*' || format[i] >= utf8.RuneSelf {
			return nil, false
		}
		if format[i] != '%' {
			verbs = append(verbs, rune(format[i]))
		}
	}
	return verbs, true
}

// verbsFor are the verbs fmt formats a value of basic type b with, not
// reporting a bad verb.
func verbsFor(b *types.Basic) string {
	switch info := b.Info(); {
	case info&types.IsBoolean != 0:
		return "tv"
	case info&types.IsInteger != 0:
		return "bcdoOqxXUv"
	case info&types.IsFloat != 0:
		return "beEfFgGxXv"
	case info&types.IsString != 0:
		return "sqxXv"
	}
	return ""
}

// basicKinds maps the basic types a constant can have to their reflect
// types.
var basicKinds = map[types.BasicKind]reflect.Type{
	types.Bool: reflect.TypeFor[bool](), types.String: reflect.TypeFor[string](),
	types.Int: reflect.TypeFor[int](), types.Int8: reflect.TypeFor[int8](), types.Int16: reflect.TypeFor[int16](),
	types.Int32: reflect.TypeFor[int32](), types.Int64: reflect.TypeFor[int64](),
	types.Uint: reflect.TypeFor[uint](), types.Uint8: reflect.TypeFor[uint8](), types.Uint16: reflect.TypeFor[uint16](),
	types.Uint32: reflect.TypeFor[uint32](), types.Uint64: reflect.TypeFor[uint64](), types.Uintptr: reflect.TypeFor[uintptr](),
	types.Float32: reflect.TypeFor[float32](), types.Float64: reflect.TypeFor[float64](),
}

// goValue is v as a Go value of the basic type b.
func goValue(v constant.Value, b *types.Basic) (any, bool) {
	rt, ok := basicKinds[b.Kind()]
	if !ok {
		return nil, false
	}
	var x any
	switch info := b.Info(); {
	case info&types.IsBoolean != 0 && v.Kind() == constant.Bool:
		x = constant.BoolVal(v)
	case info&types.IsString != 0 && v.Kind() == constant.String:
		x = constant.StringVal(v)
	case info&types.IsUnsigned != 0:
		u, exact := constant.Uint64Val(constant.ToInt(v))
		if !exact {
			return nil, false
		}
		x = u
	case info&types.IsInteger != 0:
		i, exact := constant.Int64Val(constant.ToInt(v))
		if !exact {
			return nil, false
		}
		x = i
	case b.Kind() == types.Float32:
		f, _ := constant.Float32Val(constant.ToFloat(v))
		x = f
	case info&types.IsFloat != 0:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		x = f
	default:
		return nil, false
	}
	rv := reflect.ValueOf(x)
	if !rv.CanConvert(rt) {
		return nil, false
	}
	return rv.Convert(rt).Interface(), true
}
