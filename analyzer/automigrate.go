package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

// migrateArg is one value an AutoMigrate call of the application passes.
type migrateArg struct {
	pos token.Pos
	// obj is the model type; nil when migragen cannot tell statically
	// which type the value has (a parameter, an element of a slice built
	// elsewhere).
	obj  *types.TypeName
	expr string // the argument's source, for messages
}

// migrateCalls is what the application's AutoMigrate calls name.
type migrateCalls struct {
	n    int          // number of calls found
	args []migrateArg // in source order
}

// names reports whether some call names obj.
func (c *migrateCalls) names(obj *types.TypeName) bool {
	for _, a := range c.args {
		if a.obj == obj {
			return true
		}
	}
	return false
}

// unread returns the arguments whose type migragen cannot tell.
func (c *migrateCalls) unread() []migrateArg {
	var out []migrateArg
	for _, a := range c.args {
		if a.obj == nil {
			out = append(out, a)
		}
	}
	return out
}

// named returns each type the calls name once, in source order.
func (c *migrateCalls) named() []migrateArg {
	var out []migrateArg
	seen := map[*types.TypeName]bool{}
	for _, a := range c.args {
		if a.obj != nil && !seen[a.obj] {
			seen[a.obj] = true
			out = append(out, a)
		}
	}
	return out
}

// callReader reads the AutoMigrate calls of the source packages. It
// resolves a variadic argument through a slice literal, a variable holding
// one, or a function of the module returning one; GORM itself sees
// nothing more than the values, so nothing else is guessed.
type callReader struct {
	// assigns holds every expression assigned to a variable (nil for an
	// assignment whose value is not one expression, such as a, b := f()).
	assigns map[*types.Var][]ast.Expr
	// returns holds the returned expressions of each function declared
	// in the source packages (nil for a return of several values).
	returns map[*types.Func][]ast.Expr
	infos   map[ast.Expr]*types.Info
}

// findAutoMigrate returns the arguments of every call of gorm's
// (*DB).AutoMigrate or Migrator.AutoMigrate in pkgs.
func findAutoMigrate(pkgs []*loader.Package) *migrateCalls {
	r := &callReader{assigns: map[*types.Var][]ast.Expr{}, returns: map[*types.Func][]ast.Expr{}, infos: map[ast.Expr]*types.Info{}}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			r.index(pkg.Info, file)
		}
	}
	calls := &migrateCalls{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && isAutoMigrate(pkg.Info, call) {
					calls.n++
					calls.args = append(calls.args, r.callArgs(pkg.Info, call)...)
				}
				return true
			})
		}
	}
	return calls
}

// index records the assignments and returns of one file, so that a slice
// passed to AutoMigrate can be traced to its literal.
func (r *callReader) index(info *types.Info, file *ast.File) {
	record := func(id *ast.Ident, value ast.Expr) {
		obj, _ := info.ObjectOf(id).(*types.Var)
		if obj == nil {
			return
		}
		r.assigns[obj] = append(r.assigns[obj], value)
		if value != nil {
			r.infos[value] = info
		}
	}
	var fn *types.Func
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn, _ = info.Defs[n.Name].(*types.Func)
		case *ast.FuncLit:
			// A literal's returns are not its enclosing function's.
			ast.Inspect(n.Body, func(m ast.Node) bool {
				r.indexAssign(m, record)
				return true
			})
			return false
		case *ast.ReturnStmt:
			if fn != nil {
				var value ast.Expr
				if len(n.Results) == 1 {
					value = n.Results[0]
					r.infos[value] = info
				}
				r.returns[fn] = append(r.returns[fn], value)
			}
		}
		r.indexAssign(n, record)
		return true
	})
}

// indexAssign records one assignment or declaration node.
func (r *callReader) indexAssign(n ast.Node, record func(*ast.Ident, ast.Expr)) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
				var value ast.Expr
				if len(n.Lhs) == len(n.Rhs) && n.Tok != token.ADD_ASSIGN {
					value = n.Rhs[i]
				}
				record(id, value)
			}
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			var value ast.Expr
			if len(n.Names) == len(n.Values) {
				value = n.Values[i]
			}
			if len(n.Values) > 0 {
				record(id, value)
			}
		}
	case *ast.RangeStmt:
		// A range variable holds many values; it is never one literal.
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if id, ok := e.(*ast.Ident); ok {
				record(id, nil)
			}
		}
	case *ast.UnaryExpr:
		// &models lets another function change the slice.
		if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
			record(id, nil)
		}
	}
}

// isAutoMigrate reports whether call calls GORM's AutoMigrate: the method
// of *gorm.DB (also promoted through a struct embedding it) or of the
// Migrator that db.Migrator() returns.
func isAutoMigrate(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "AutoMigrate" {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case gormPkg, gormPkg + "/migrator":
	default:
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, fn.Pkg().Path(), "DB") || isNamed(t, fn.Pkg().Path(), "Migrator")
}

// callArgs reads the values one AutoMigrate call passes.
func (r *callReader) callArgs(info *types.Info, call *ast.CallExpr) []migrateArg {
	if !call.Ellipsis.IsValid() {
		var out []migrateArg
		for _, a := range call.Args {
			out = append(out, valueArg(info, a))
		}
		return out
	}
	// AutoMigrate(dst ...any) with models...: the one argument is a slice.
	last := call.Args[len(call.Args)-1]
	elems, elemInfo := r.sliceElems(info, last, 0)
	if elems == nil {
		return []migrateArg{{pos: last.Pos(), expr: types.ExprString(last) + "..."}}
	}
	var out []migrateArg
	for _, e := range elems {
		out = append(out, valueArg(elemInfo, e))
	}
	return out
}

// valueArg names the model type of one value passed to AutoMigrate: &T{},
// new(T), T{}, or any expression whose static type is T or *T.
func valueArg(info *types.Info, e ast.Expr) migrateArg {
	a := migrateArg{pos: e.Pos(), expr: types.ExprString(e)}
	t := info.TypeOf(e)
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.TypeArgs().Len() == 0 {
		if _, ok := n.Underlying().(*types.Struct); ok {
			a.obj = n.Obj()
		}
	}
	return a
}

// sliceElems traces a slice expression to the elements of its literal:
// the literal itself, a variable assigned only that literal, or a call of
// a function of the module whose every return is such a slice. It returns
// nil when the slice is built some other way.
func (r *callReader) sliceElems(info *types.Info, e ast.Expr, depth int) ([]ast.Expr, *types.Info) {
	if depth > 4 {
		return nil, nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return nil, nil
			}
		}
		return x.Elts, info
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		return r.single(r.assigns[v], depth)
	case *ast.CallExpr:
		var id *ast.Ident
		switch f := ast.Unparen(x.Fun).(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		}
		if fn, ok := info.Uses[id].(*types.Func); ok && id != nil && len(x.Args) == 0 {
			if sig := fn.Type().(*types.Signature); sig.Recv() == nil {
				return r.single(r.returns[fn], depth)
			}
		}
	}
	return nil, nil
}

// single traces the one expression of values, if there is exactly one.
func (r *callReader) single(values []ast.Expr, depth int) ([]ast.Expr, *types.Info) {
	if len(values) != 1 || values[0] == nil {
		return nil, nil
	}
	return r.sliceElems(r.infos[values[0]], values[0], depth+1)
}

// checkMigrateCalls compares the model set with the application's
// AutoMigrate calls: a type the calls pass that is not in the set is a
// table GORM creates and the snapshot lacks; a root the calls do not name
// may be no table at all, which matters most when it has errors.
func (p *parser) checkMigrateCalls(cfg Config, all []candidate, calls *migrateCalls, set, roots []*model) {
	inSet := map[*types.TypeName]bool{}
	for _, m := range set {
		if obj := namedStruct(m.typ); obj != nil && !m.joinTable {
			inSet[obj] = true
		}
	}
	for _, a := range calls.named() {
		if inSet[a.obj] {
			continue
		}
		d := p.diags.warnf(a.pos, a.expr, "AutoMigrate creates a table for %s, which is not in the model set", a.obj.Name())
		c := findCandidate(all, a.obj)
		switch {
		case c == nil:
			d.hint("add %s, the package declaring it, to the packages given", a.obj.Pkg().Path())
		case c.dirs.ignore:
			d.hint("remove //migragen:ignore from %s, or stop passing it to AutoMigrate", a.obj.Name())
		default:
			d.hint("leave out -roots and -models, so that the AutoMigrate calls name the roots, or add %s to the list", a.obj.Name())
		}
	}
	for _, m := range roots {
		obj := namedStruct(m.typ)
		if obj == nil || calls.names(obj) {
			continue
		}
		switch {
		case m.failed && len(cfg.Models) == 0:
			// Without calls to compare with, every broken model would
			// draw this; it is then a note.
			sev := Info
			if calls.n > 0 {
				sev = Warning
			}
			p.diags.add(sev, obj.Pos(), obj.Name(), "%s may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it", obj.Name()).
				hint("if it is no table (a query result or DTO with gorm tags), put //migragen:ignore on the line above `type %s struct`", obj.Name())
		case calls.n > 0:
			p.diags.infof(obj.Pos(), obj.Name(), "root model, but no AutoMigrate call names it")
		}
	}
}

// findCandidate returns the struct of the root packages that obj names.
func findCandidate(all []candidate, obj *types.TypeName) *candidate {
	for i := range all {
		if all[i].obj == obj {
			return &all[i]
		}
	}
	return nil
}
