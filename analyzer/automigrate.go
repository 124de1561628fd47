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
	// rootCall is set when the call is in one of the packages given:
	// a call elsewhere in the module migrates that package's own tables.
	rootCall bool
}

// migrateCalls is what the application's AutoMigrate calls name.
type migrateCalls struct {
	args []migrateArg // in source order
	// roots are the structs of the packages given; only the arguments
	// naming one of them say anything about this run's roots.
	roots map[*types.TypeName]bool
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

// namedRoots returns the arguments of named that are structs of the
// packages given. A call naming only other types, such as a key-value
// package of the module migrating its own table, is no statement about
// which of the given structs are tables.
func (c *migrateCalls) namedRoots() []migrateArg {
	var out []migrateArg
	for _, a := range c.named() {
		if c.roots[a.obj] {
			out = append(out, a)
		}
	}
	return out
}

// scanCalls walks every file of pkgs once, for the two kinds of call the
// analysis reads: GORM's AutoMigrate (its arguments) and
// schema.RegisterSerializer (the names registered).
func scanCalls(pkgs []*loader.Package) (*migrateCalls, serializerRegistry) {
	return newCallReader(pkgs).scan()
}

// newCallReader returns a reader of the files of pkgs.
func newCallReader(pkgs []*loader.Package) *callReader {
	r := &callReader{values: map[types.Object][]tracedExpr{}}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			r.files = append(r.files, sourceFile{file: file, pkg: pkg})
		}
	}
	return r
}

// scan is scanCalls.
func (r *callReader) scan() (*migrateCalls, serializerRegistry) {
	calls := &migrateCalls{}
	reg := serializerRegistry{names: map[string]bool{}}
	for _, sf := range r.files {
		info := sf.pkg.Info
		ast.Inspect(sf.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			// The name is compared first: it is cheap, and almost no
			// call of a module is one of these two.
			switch calleeName(call) {
			case "AutoMigrate":
				if isAutoMigrate(info, call) {
					for _, a := range r.callArgs(info, call) {
						a.rootCall = sf.pkg.Root
						calls.args = append(calls.args, a)
					}
				}
			case "RegisterSerializer":
				reg.record(info, call)
			}
			return true
		})
	}
	return calls, reg
}

// calleeName is the name a call's function expression ends in.
func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// sourceFile is one file of a source package.
type sourceFile struct {
	file *ast.File
	pkg  *loader.Package
}

// tracedExpr is one value assigned to a variable or returned by a
// function, with the type information of its package; expr is nil for
// a value that is not one expression (a, b := f(), a range variable).
type tracedExpr struct {
	expr ast.Expr
	info *types.Info
}

// callReader reads the arguments of AutoMigrate calls. It resolves a
// variadic argument through a slice literal, a variable holding one, or a
// function of the module returning one; GORM itself sees nothing more
// than the values, so nothing else is guessed. What is assigned to a
// variable or returned by a function is looked up only for the objects
// a models... argument leads to, and only in the files that can assign
// them.
type callReader struct {
	files  []sourceFile
	values map[types.Object][]tracedExpr // memo of valuesOf
}

// valuesOf returns every value assigned to the variable obj, or returned
// by the function obj.
func (r *callReader) valuesOf(obj types.Object) []tracedExpr {
	if vs, ok := r.values[obj]; ok {
		return vs
	}
	var out []tracedExpr
	for _, sf := range r.scopeFiles(obj) {
		info := sf.pkg.Info
		if fn, ok := obj.(*types.Func); ok {
			out = append(out, returnsOf(sf.file, info, fn)...)
			continue
		}
		ast.Inspect(sf.file, func(n ast.Node) bool {
			indexAssign(info, n, func(id *ast.Ident, value ast.Expr) {
				if info.ObjectOf(id) == obj {
					out = append(out, tracedExpr{value, info})
				}
			})
			return true
		})
	}
	r.values[obj] = out
	return out
}

// scopeFiles returns the files that can assign obj or declare its body:
// its own file for a function or a local variable, its package's files
// for an unexported package variable, every file for an exported one.
func (r *callReader) scopeFiles(obj types.Object) []sourceFile {
	_, isFunc := obj.(*types.Func)
	pkgVar := !isFunc && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
	var out []sourceFile
	for _, sf := range r.files {
		own := sf.file.FileStart <= obj.Pos() && obj.Pos() < sf.file.FileEnd
		if own || pkgVar && (obj.Exported() || sf.pkg.Types == obj.Pkg()) {
			out = append(out, sf)
		}
	}
	return out
}

// returnsOf returns the values fn's declaration in file returns; a
// function literal's returns are not its enclosing function's.
func returnsOf(file *ast.File, info *types.Info, fn *types.Func) []tracedExpr {
	var out []tracedExpr
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil || info.Defs[fd.Name] != fn {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				var value ast.Expr
				if len(n.Results) == 1 {
					value = n.Results[0]
				}
				out = append(out, tracedExpr{value, info})
			}
			return true
		})
	}
	return out
}

// indexAssign reports to record each identifier one assignment or
// declaration node gives a value, with that value (nil when it is not
// one expression, or when the slice may be changed elsewhere).
func indexAssign(info *types.Info, n ast.Node, record func(*ast.Ident, ast.Expr)) {
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
		if v, ok := info.Uses[x].(*types.Var); ok {
			return r.single(r.valuesOf(v), depth)
		}
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
				return r.single(r.valuesOf(fn), depth)
			}
		}
	}
	return nil, nil
}

// single traces the one expression of values, if there is exactly one.
func (r *callReader) single(values []tracedExpr, depth int) ([]ast.Expr, *types.Info) {
	if len(values) != 1 || values[0].expr == nil {
		return nil, nil
	}
	return r.sliceElems(values[0].info, values[0].expr, depth+1)
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
		c := findCandidate(all, a.obj)
		if c == nil && !a.rootCall {
			// Another package of the module migrating its own table.
			p.diags.infof(a.pos, a.expr, "AutoMigrate creates a table for %s.%s, outside the packages given; it is not in this snapshot", a.obj.Pkg().Name(), a.obj.Name())
			continue
		}
		d := p.diags.warnf(a.pos, a.expr, "AutoMigrate creates a table for %s, which is not in the model set", a.obj.Name())
		switch {
		case c == nil:
			d.hint("add %s, the package declaring it, to the packages given", a.obj.Pkg().Path())
		case c.dirs.ignore:
			d.hint("remove //migragen:ignore from %s, or stop passing it to AutoMigrate", a.obj.Name())
		default:
			d.hint("leave out -roots and -models, so that the AutoMigrate calls name the roots, or add %s to the list", a.obj.Name())
		}
	}
	// The calls can contradict discovery only when they name some struct
	// of the packages given and every argument could be read.
	compared := len(calls.namedRoots()) > 0 && len(calls.unread()) == 0
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
			if compared {
				sev = Warning
			}
			p.diags.add(sev, obj.Pos(), obj.Name(), "%s may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it", obj.Name()).
				hint("if it is no table (a query result or DTO with gorm tags), put //migragen:ignore on the line above `type %s struct`", obj.Name())
		case compared && cfg.Roots == RootsAuto && len(cfg.Models) == 0:
			p.diags.warnf(obj.Pos(), obj.Name(), "%s looks like a model and is taken as one, but no AutoMigrate call of the analyzed packages names it", obj.Name()).
				hint("if the program migrates it elsewhere, pass that package too (e.g. migragen generate ./models ./cmd/server); if it is no table, put //migragen:ignore above `type %s struct`, or trust the calls with -roots automigrate", obj.Name())
		case compared:
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
