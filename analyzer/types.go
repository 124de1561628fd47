package analyzer

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

// typeEnv answers the questions GORM answers with reflection — which
// interfaces a type implements, what kind of value it stores — and, for
// methods declared in source, what a simple method body returns.
type typeEnv struct {
	methodSets typeutil.MethodSetCache
	// ptrMethods memoizes the method set of *N for each named type N, which
	// method asks for several times per field. typeutil's cache does too,
	// but behind a mutex and with a new entry for every other type on
	// every call.
	ptrMethods map[*types.Named]*types.MethodSet
	// bodies maps a declared function to its syntax, for the packages
	// type-checked from source.
	bodies   map[*types.Func]funcSource
	timeType types.Type
	// dbTypeDirectives are the //migragen:dbtype comments on the types
	// declared in source.
	dbTypeDirectives map[*types.TypeName]*dbTypeDirective
	// source holds the packages type-checked from source, where a
	// directive can be written.
	source map[*types.Package]bool
	// settingsReads memoizes settingsReadsOf.
	settingsReads map[*types.Func]settingsReads
}

type funcSource struct {
	decl *ast.FuncDecl
	info *types.Info
}

func newTypeEnv(pkgs []*loader.Package) *typeEnv {
	env := &typeEnv{bodies: map[*types.Func]funcSource{}, source: map[*types.Package]bool{}, settingsReads: map[*types.Func]settingsReads{}, ptrMethods: map[*types.Named]*types.MethodSet{}}
	for _, pkg := range pkgs {
		env.source[pkg.Types] = true
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || fd.Body == nil {
					continue
				}
				if fn, ok := pkg.Info.Defs[fd.Name].(*types.Func); ok {
					env.bodies[fn] = funcSource{decl: fd, info: pkg.Info}
				}
			}
		}
		if env.timeType == nil {
			env.timeType = findTime(pkg.Types, map[*types.Package]bool{})
		}
	}
	env.dbTypeDirectives = collectDBTypeDirectives(pkgs)
	return env
}

// findTime finds time.Time among the transitive imports of pkg.
func findTime(pkg *types.Package, seen map[*types.Package]bool) types.Type {
	if pkg == nil || seen[pkg] {
		return nil
	}
	seen[pkg] = true
	if pkg.Path() == "time" {
		if obj := pkg.Scope().Lookup("Time"); obj != nil {
			return obj.Type()
		}
	}
	for _, imp := range pkg.Imports() {
		if t := findTime(imp, seen); t != nil {
			return t
		}
	}
	return nil
}

// method returns the method name in the method set of *t, which is where
// GORM looks (it calls reflect.New(t).Interface()), or nil.
func (e *typeEnv) method(t types.Type, name string) *types.Func {
	if types.IsInterface(t) {
		return nil // a pointer to an interface has no methods
	}
	var ms *types.MethodSet
	switch u := types.Unalias(t).(type) {
	case *types.Basic:
		return nil // the most common field type: no methods, nothing to look up
	case *types.Named:
		ms = e.ptrMethods[u]
		if ms == nil {
			ms = types.NewMethodSet(types.NewPointer(u))
			e.ptrMethods[u] = ms
		}
	default:
		// A pointer to a struct literal has its embedded fields' methods.
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for i := 0; i < ms.Len(); i++ {
		if fn, ok := ms.At(i).Obj().(*types.Func); ok && fn.Name() == name {
			return fn
		}
	}
	return nil
}

// hasMethod reports whether *t has method name with the given arity.
func (e *typeEnv) hasMethod(t types.Type, name string, params, results int) bool {
	fn := e.method(t, name)
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == params && sig.Results().Len() == results
}

// isValuer reports whether t implements database/sql/driver.Valuer. GORM
// asserts the interface, so the method must be exactly
// Value() (driver.Value, error): a Value method returning interface{} or a
// concrete type is not driver.Valuer's, and GORM (like database/sql) never
// calls it.
func (e *typeEnv) isValuer(t types.Type) bool {
	fn := e.method(t, "Value")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 2 &&
		isNamed(sig.Results().At(0).Type(), "database/sql/driver", "Value") && isError(sig.Results().At(1).Type())
}

// isGormDataTyper reports whether t implements GORM's
// GormDataTypeInterface, GormDataType() string; GORM asserts the interface,
// so a method returning another type (even schema.DataType) is ignored.
func (e *typeEnv) isGormDataTyper(t types.Type) bool {
	fn := e.method(t, "GormDataType")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && isString(sig.Results().At(0).Type())
}

// isNamed reports whether t is (an alias of) the named type pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func isString(t types.Type) bool {
	return types.Identical(t, types.Typ[types.String])
}

// isGormDBDataTyper reports whether t implements the migrator's
// GormDataTypeInterface, GormDBDataType(*gorm.DB, *schema.Field) string.
func (e *typeEnv) isGormDBDataTyper(t types.Type) bool {
	fn := e.method(t, "GormDBDataType")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 2 || sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) {
		return false
	}
	db, ok1 := sig.Params().At(0).Type().(*types.Pointer)
	fld, ok2 := sig.Params().At(1).Type().(*types.Pointer)
	return ok1 && ok2 && isNamed(db.Elem(), gormPkg, "DB") && isNamed(fld.Elem(), gormPkg+"/schema", "Field")
}

// isSerializer reports whether t implements gorm's SerializerInterface.
func (e *typeEnv) isSerializer(t types.Type) bool {
	return e.hasMethod(t, "Value", 4, 2) && e.hasMethod(t, "Scan", 4, 1)
}

// isScanner reports whether t implements database/sql.Scanner,
// Scan(src any) error.
func (e *typeEnv) isScanner(t types.Type) bool {
	fn := e.method(t, "Scan")
	if fn == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 1 || !isError(sig.Results().At(0).Type()) {
		return false
	}
	iface, ok := sig.Params().At(0).Type().Underlying().(*types.Interface)
	return ok && iface.Empty()
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// valueInfo is what GORM's kind switch in ParseField sees.
type valueInfo struct {
	kind      valueKind
	bits      int  // for numbers: 8, 16, 32 or 64, as reflect sizes them
	time      bool // a struct that is, or converts to, time.Time
	byteElems bool // a slice or array whose elements are exactly uint8
}

// defaultSize mirrors the size GORM gives unsized numeric fields.
func (v valueInfo) defaultSize() int {
	switch v.kind {
	case kindInt, kindUint, kindFloat:
		return v.bits
	}
	return 0
}

// valueOf classifies t the way reflect.Kind does, pointers removed.
func (e *typeEnv) valueOf(t types.Type) valueInfo {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return basicValue(u)
	case *types.Struct:
		return valueInfo{kind: kindStruct, time: e.isTime(t)}
	case *types.Slice:
		return valueInfo{kind: kindSlice, byteElems: types.Identical(u.Elem(), types.Typ[types.Uint8])}
	case *types.Array:
		return valueInfo{kind: kindSlice, byteElems: types.Identical(u.Elem(), types.Typ[types.Uint8])}
	case *types.Map:
		return valueInfo{kind: kindMap}
	case *types.Interface:
		return valueInfo{kind: kindInterface}
	case *types.Pointer:
		return e.valueOf(u.Elem())
	}
	return valueInfo{kind: kindFunc}
}

func basicValue(b *types.Basic) valueInfo {
	switch b.Kind() {
	case types.Bool:
		return valueInfo{kind: kindBool}
	case types.Int, types.Int64:
		return valueInfo{kind: kindInt, bits: 64}
	case types.Int8:
		return valueInfo{kind: kindInt, bits: 8}
	case types.Int16:
		return valueInfo{kind: kindInt, bits: 16}
	case types.Int32:
		return valueInfo{kind: kindInt, bits: 32}
	case types.Uint, types.Uint64:
		return valueInfo{kind: kindUint, bits: 64}
	case types.Uint8:
		return valueInfo{kind: kindUint, bits: 8}
	case types.Uint16:
		return valueInfo{kind: kindUint, bits: 16}
	case types.Uint32:
		return valueInfo{kind: kindUint, bits: 32}
	case types.Float32:
		return valueInfo{kind: kindFloat, bits: 32}
	case types.Float64:
		return valueInfo{kind: kindFloat, bits: 64}
	case types.String:
		return valueInfo{kind: kindString}
	}
	return valueInfo{kind: kindFunc} // uintptr, complex, unsafe.Pointer
}

func (e *typeEnv) isTime(t types.Type) bool {
	return e.timeType != nil && (types.Identical(t, e.timeType) || types.ConvertibleTo(t, e.timeType))
}

// ownPath tells whether GORM's ParseField, for a Valuer, goes on to inspect
// the field's own type (getRealFieldValue on a new value of it) instead of
// what Value returned: when Value returns nil or a non-nil error.
type ownPath int

const (
	ownNever ownPath = iota
	ownSometimes
	ownAlways
)

// valuerResult infers what GORM's ParseField ends up inspecting for a
// driver.Valuer type declared in source: the kind of what Value returns
// for the zero value. It succeeds only when every return statement agrees,
// so that the unknown zero-value path cannot matter. It also reports
// whether the paths end in GORM inspecting t itself, where GORM merges the
// gorm tags of t's fields into the field's (see realWalk).
func (e *typeEnv) valuerResult(t types.Type) (valueInfo, ownPath, bool) {
	src, ok := e.body(e.method(t, "Value"))
	if !ok {
		return valueInfo{}, ownNever, false
	}
	var results []valueInfo
	var ownValue *valueInfo // what GORM sees on the paths to t itself
	known := true
	own, value := 0, 0
	inspectReturns(src.decl.Body, func(ret *ast.ReturnStmt) {
		var (
			tv  types.TypeAndValue
			ok  bool
			res = errNil
		)
		switch len(ret.Results) {
		case 2:
			tv, ok = src.info.Types[ret.Results[0]]
			res = errorResult(src.info, ret.Results[1])
		case 1:
			// return json.Marshal(x): the call's first result has a static
			// type; its error is assumed nil, as for
			// b, err := json.Marshal(x); return b, err.
			call, isCall := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
			if !isCall {
				break
			}
			if tuple, isTuple := src.info.TypeOf(call).(*types.Tuple); isTuple && tuple.Len() == 2 {
				tv, ok = types.TypeAndValue{Type: tuple.At(0).Type()}, true
			}
		}
		if !ok {
			known = false // e.g. a bare return of named results
			return
		}
		// GORM keeps what Value returned only if
		// reflect.ValueOf(v).IsValid() && err == nil; otherwise it keeps
		// inspecting the field's own type.
		useValue, useOwn := true, false
		switch res {
		case errNonNil:
			useValue, useOwn = false, true
		case errMaybe:
			useOwn = true
		}
		if tv.IsNil() {
			useValue, useOwn = false, true
		}
		if useOwn {
			if ownValue == nil {
				final, _ := e.realWalk(t)
				v := e.valueOf(final)
				ownValue = &v
			}
			results = append(results, *ownValue)
			own++
		}
		if !useValue {
			return
		}
		value++
		if types.IsInterface(tv.Type) {
			known = false
			return
		}
		v := e.valueOf(tv.Type)
		if v.kind == kindStruct && !v.time {
			known = false // GORM would look inside the struct GORM got
		}
		if e.methodSets.MethodSet(tv.Type).Lookup(nil, "GormDataType") != nil {
			known = false // GORM asks the returned value for its data type
		}
		results = append(results, v)
	})
	if !known || len(results) == 0 {
		return valueInfo{}, ownNever, false
	}
	for _, r := range results[1:] {
		if r != results[0] {
			return valueInfo{}, ownNever, false
		}
	}
	path := ownNever
	switch {
	case own > 0 && value > 0:
		path = ownSometimes
	case own > 0:
		path = ownAlways
	}
	return results[0], path, true
}

// errResult classifies the error a return statement of Value returns.
type errResult int

const (
	errNil    errResult = iota // nil, or a local variable (assumed nil, e.g. after json.Marshal)
	errNonNil                  // errors.New(...), fmt.Errorf(...) or a package-level error variable
	errMaybe                   // anything else: GORM may see either outcome
)

func errorResult(info *types.Info, expr ast.Expr) errResult {
	if tv, ok := info.Types[expr]; ok && tv.IsNil() {
		return errNil
	}
	switch x := ast.Unparen(expr).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				return errNonNil // a sentinel such as ErrInvalid
			}
			return errNil
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[x.Sel].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return errNonNil // another package's sentinel
		}
	case *ast.CallExpr:
		if fn := typeutil.StaticCallee(info, x); fn != nil && fn.Pkg() != nil {
			switch fn.Pkg().Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return errNonNil
			}
		}
	}
	return errMaybe
}

// realWalk mirrors getRealFieldValue in ParseField: for a struct that is
// not a time, GORM goes on with a new value of its first field's type,
// recursively, merging the gorm tags of every field of each struct it
// passes into the field's settings, first one wins. It returns where GORM
// ends up — the type its later checks in ParseField (the kind switch, the
// serializer and GormDataType interfaces) look at — and the merged tags.
func (e *typeEnv) realWalk(t types.Type) (types.Type, map[string]string) {
	tags := map[string]string{}
	seen := map[string]bool{}
	for {
		st, ok := t.Underlying().(*types.Struct)
		if !ok || e.isTime(t) || st.NumFields() == 0 || seen[cacheKey(t)] {
			return t, tags
		}
		seen[cacheKey(t)] = true
		for i := 0; i < st.NumFields(); i++ {
			for k, v := range gormSettings(st.Tag(i)) {
				if _, ok := tags[k]; !ok {
					tags[k] = v
				}
			}
		}
		t = st.Field(0).Type()
		for {
			p, ok := t.Underlying().(*types.Pointer)
			if !ok {
				break
			}
			t = p.Elem()
		}
	}
}

// constMethodString returns the constant string that method name of *t
// returns on every path, when its body is available.
func (e *typeEnv) constMethodString(t types.Type, name string) (string, bool) {
	src, ok := e.body(e.method(t, name))
	if !ok {
		return "", false
	}
	value, found, constant := "", false, true
	inspectReturns(src.decl.Body, func(ret *ast.ReturnStmt) {
		if len(ret.Results) != 1 {
			constant = false
			return
		}
		s, ok := constString(src.info, ret.Results[0])
		if !ok || (found && s != value) {
			constant = false
			return
		}
		value, found = s, true
	})
	return value, found && constant
}

func constString(info *types.Info, expr ast.Expr) (string, bool) {
	tv, ok := info.Types[expr]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

func (e *typeEnv) body(fn *types.Func) (funcSource, bool) {
	if fn == nil {
		return funcSource{}, false
	}
	src, ok := e.bodies[fn.Origin()]
	return src, ok
}

// inspectReturns calls visit for each return statement of a function body,
// skipping those of nested function literals.
func inspectReturns(body *ast.BlockStmt, visit func(*ast.ReturnStmt)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			visit(n)
		}
		return true
	})
}

// typeString prints t with package names, as a user writes it.
func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// dialectNames are the dialects whose GormDBDataType answers a snapshot
// records, as their Dialector.Name() spells them.
var dialectNames = []string{"mysql", "postgres", "sqlite", "sqlserver"}
