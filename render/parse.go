package render

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/migragen/migragen/schema"
)

// This file is the inverse of Changes. check and merge replay the migration
// graph in memory and compare it with the head snapshot (DESIGN.md,
// decision 3), so the generator must read the changes a migration file
// holds. It reads them from the syntax tree instead of compiling the file:
// compiling would be slow and would run user code, and the literal
// Changes writes says everything there is to know.
//
// It accepts a subset of what the Go compiler accepts for such a literal.
// Left out is everything that is not a literal value: a migration is frozen
// (decision 3), so a call, a variable or a named constant in it is refused
// rather than guessed at. The exceptions are the ones the compact form
// writes around a whole list: schema.Derive and schema.Invert, evaluated
// through those same functions, and, in a Scope, a variable of the file
// holding such a list. Left out too are forms Changes never writes and
// the rest of migragen does not expect: positional struct fields, which
// would change meaning when a schema type gains a field; pointers to
// changes, which Apply and the runtime do not know; nil entries in a list
// or map, which the schema code assumes away. Where the compiler would
// refuse the literal (a missing type outside a slice or map, a duplicate
// field or key, an overflowing int), so does ParseChanges, so whatever it
// returns is exactly what the compiled file holds.

// A ParseError reports, at the offending node, why an expression is not a
// list of changes ParseChanges can read.
type ParseError struct {
	Pos token.Position // the node's position; invalid when unknown
	Msg string
}

func (e *ParseError) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ParseChanges evaluates a Go expression of the form Changes writes — a
// []schema.Change composite literal of the schema package's change and
// snapshot types, string, int and bool literals in any Go spelling, nested
// composite literals with elided types, &T{...} and maps — and returns the
// changes. fset and expr come from go/parser. Errors are *ParseError,
// located at the offending node, and say what is not supported there.
//
// Besides literals, constant expressions of them are accepted: "a" + "b",
// -1, 7/2, !true, true && false. Named constants are not: a migration holds
// values. nil stands for a pointer, slice or map field left out, and for no
// changes at all; it is refused as a change or as an entry of a list or map.
//
// Two calls are accepted around a list, the ones a generated file makes:
// schema.Derive(list), the compact form, which fills in what it leaves
// out through that same function, and schema.Invert(list), a Down written
// as the inverse of Up. The variable a generated Down names needs the
// file: Scope reads it.
//
// ParseChanges does not see the file's imports, so it accepts any package
// name as the qualifier of the schema types (schema.Table, s.Table, ...),
// as long as one expression uses one name throughout. A caller holding the
// *ast.File should use a Scope, which checks that the name is the one the
// file imports github.com/migragen/migragen/schema as.
//
// Changes gives []schema.Change{} for no changes, which reads back as an
// empty non-nil slice; everything else reads back exactly as rendered.
func ParseChanges(fset *token.FileSet, expr ast.Expr) ([]schema.Change, error) {
	v, err := (&Scope{fset: fset}).eval(expr)
	return v.changes, err
}

// boolLit reads a bool field of a migrate.Migration literal, such as
// Contract: true.
func boolLit(fset *token.FileSet, e ast.Expr) (bool, error) {
	p := &reader{fset: fset}
	v, err := p.scalar(e, reflect.TypeFor[bool](), "the field")
	if err != nil {
		return false, err
	}
	return v.Bool(), nil
}

// changeTypes are the types that implement schema.Change. Go cannot list a
// package's types by reflection; TestChangeTypesComplete checks this list
// against the declarations in the schema package.
var changeTypes = []reflect.Type{
	reflect.TypeFor[schema.CreateTable](),
	reflect.TypeFor[schema.DropTable](),
	reflect.TypeFor[schema.RenameTable](),
	reflect.TypeFor[schema.AddColumn](),
	reflect.TypeFor[schema.DropColumn](),
	reflect.TypeFor[schema.RenameColumn](),
	reflect.TypeFor[schema.AlterColumn](),
	reflect.TypeFor[schema.CreateIndex](),
	reflect.TypeFor[schema.DropIndex](),
	reflect.TypeFor[schema.RenameIndex](),
	reflect.TypeFor[schema.RenameConstraint](),
	reflect.TypeFor[schema.AddUnique](),
	reflect.TypeFor[schema.DropUnique](),
	reflect.TypeFor[schema.AddCheck](),
	reflect.TypeFor[schema.DropCheck](),
	reflect.TypeFor[schema.AddForeignKey](),
	reflect.TypeFor[schema.DropForeignKey](),
}

var (
	changeListType = reflect.TypeFor[[]schema.Change]()
	changeType     = reflect.TypeFor[schema.Change]()
	// schemaTypes maps a name in the schema package to its type: Change,
	// the change types and every named type their fields reach (Table,
	// Column, Index, ...). Deriving the snapshot types from the fields
	// keeps the table right when a change gains a field of a new type.
	schemaTypes = collectSchemaTypes()
)

func collectSchemaTypes() map[string]reflect.Type {
	types := map[string]reflect.Type{changeType.Name(): changeType}
	pkg := changeType.PkgPath()
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(t.Elem())
			return
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
			return
		}
		if t.PkgPath() != pkg || types[t.Name()] != nil {
			return
		}
		types[t.Name()] = t
		if t.Kind() == reflect.Struct {
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	for _, t := range changeTypes {
		walk(t)
	}
	return types
}

// predeclared are Go's predeclared type names, so that a literal of, say,
// []int64 is reported as the wrong type rather than as an unknown one.
var predeclared = map[string]reflect.Type{
	"bool":       reflect.TypeFor[bool](),
	"string":     reflect.TypeFor[string](),
	"int":        reflect.TypeFor[int](),
	"int8":       reflect.TypeFor[int8](),
	"int16":      reflect.TypeFor[int16](),
	"int32":      reflect.TypeFor[int32](),
	"rune":       reflect.TypeFor[rune](),
	"int64":      reflect.TypeFor[int64](),
	"uint":       reflect.TypeFor[uint](),
	"uint8":      reflect.TypeFor[uint8](),
	"byte":       reflect.TypeFor[byte](),
	"uint16":     reflect.TypeFor[uint16](),
	"uint32":     reflect.TypeFor[uint32](),
	"uint64":     reflect.TypeFor[uint64](),
	"uintptr":    reflect.TypeFor[uintptr](),
	"float32":    reflect.TypeFor[float32](),
	"float64":    reflect.TypeFor[float64](),
	"complex64":  reflect.TypeFor[complex64](),
	"complex128": reflect.TypeFor[complex128](),
	"any":        reflect.TypeFor[any](),
	"error":      reflect.TypeFor[error](),
}

// notLiteral starts the message for anything that is not a literal value.
const notLiteral = "a migration's schema changes must be literal values; found "

type reader struct {
	fset *token.FileSet
	// qual is the package name the first qualified type used, and qualAt
	// where; every other qualified type must use the same.
	qual   string
	qualAt token.Pos
}

func (p *reader) errorf(at token.Pos, format string, args ...any) error {
	var pos token.Position
	// A nil FileSet would panic, and so would asking it for a position
	// that belongs to no file.
	if p.fset != nil && at.IsValid() && p.fset.File(at) != nil {
		pos = p.fset.Position(at)
	}
	return &ParseError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// value evaluates e as a value of type want. where names the slot for
// messages ("field Size of schema.Column"). elided says whether e sits
// where Go lets a composite literal leave out its type: an element, key
// or value of a slice or map literal.
func (p *reader) value(e ast.Expr, want reflect.Type, where string, elided bool) (reflect.Value, error) {
	if e == nil {
		return reflect.Value{}, p.errorf(token.NoPos, "%s is missing", where)
	}
	switch want.Kind() {
	case reflect.Interface:
		return p.implementation(e, want, where)
	case reflect.Pointer:
		return p.pointer(e, want, where, elided)
	case reflect.Struct, reflect.Slice, reflect.Map:
		if isNil(e) && want.Kind() != reflect.Struct {
			return reflect.Zero(want), nil
		}
		lit, err := p.compositeOf(e, want, where, elided)
		if err != nil {
			return reflect.Value{}, err
		}
		switch want.Kind() {
		case reflect.Struct:
			return p.structLit(lit, want)
		case reflect.Slice:
			return p.sliceLit(lit, want)
		}
		return p.mapLit(lit, want)
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return p.scalar(e, want, where)
	}
	// The schema package has no field of another kind; this is reached
	// only if it gains one before this parser learns it.
	return reflect.Value{}, p.errorf(e.Pos(), "%s is %s, which migragen cannot read in a migration", where, typeName(want))
}

// implementation evaluates a change: a value of a type listed in
// changeTypes, with its type written out, since an interface has no
// composite literal Go could elide to.
func (p *reader) implementation(e ast.Expr, want reflect.Type, where string) (reflect.Value, error) {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		if x.Type == nil {
			return reflect.Value{}, p.errorf(x.Pos(), "missing type in composite literal: %s must name its type, as in schema.CreateTable{...}", where)
		}
		t, err := p.namedType(x.Type)
		if err != nil {
			return reflect.Value{}, err
		}
		if t.Kind() != reflect.Struct || !t.Implements(want) {
			return reflect.Value{}, p.errorf(x.Type.Pos(), "%s is %s; found a %s literal, which is not one of its types", where, typeName(want), types.ExprString(x.Type))
		}
		v, err := p.value(e, t, where, false)
		if err != nil {
			return v, err
		}
		// Accept only what Changes renders: a change without its
		// definition (a RenameConstraint without a kind, a DropTable
		// without its table) has no frozen form and cannot be applied.
		if c, ok := v.Interface().(schema.Change); ok {
			if err := schema.Complete(c); err != nil {
				return reflect.Value{}, p.errorf(x.Pos(), "%s: %v", where, err)
			}
		}
		return v, nil
	case *ast.UnaryExpr:
		// *schema.CreateTable implements Change too, but Apply, the
		// runtime and Changes know the changes as values only.
		if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND && lit.Type != nil {
			return reflect.Value{}, p.errorf(x.Pos(), "%s must be a value, not a pointer: write %s{...} without &", where, types.ExprString(lit.Type))
		}
	}
	if isNil(e) {
		return reflect.Value{}, p.errorf(e.Pos(), "%s is nil; it must be one of the schema's change types", where)
	}
	return reflect.Value{}, p.mismatch(e, want, where)
}

// pointer evaluates &T{...}, or {...} where the type may be elided.
func (p *reader) pointer(e ast.Expr, want reflect.Type, where string, elided bool) (reflect.Value, error) {
	if isNil(e) {
		return reflect.Zero(want), nil
	}
	var lit *ast.CompositeLit
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op != token.AND {
			break
		}
		l, ok := ast.Unparen(x.X).(*ast.CompositeLit)
		if !ok {
			return reflect.Value{}, p.errorf(x.Pos(), notLiteral+"the address of %s", describe(x.X))
		}
		if l.Type == nil {
			return reflect.Value{}, p.errorf(l.Pos(), "missing type in composite literal after &")
		}
		lit = l
	case *ast.CompositeLit:
		// Go reads {...} as &T{...} where T may be elided; T{...} with
		// its type written is a T, not a *T.
		if x.Type == nil && elided && ast.Expr(x) == e {
			lit = x
		}
	}
	if lit == nil {
		return reflect.Value{}, p.mismatch(e, want, where)
	}
	if lit.Type != nil {
		ok, err := p.typeIs(lit.Type, want.Elem())
		if err != nil {
			return reflect.Value{}, err
		}
		if !ok {
			return reflect.Value{}, p.mismatch(e, want, where)
		}
	}
	v, err := p.value(lit, want.Elem(), where, true)
	if err != nil {
		return reflect.Value{}, err
	}
	ptr := reflect.New(want.Elem())
	ptr.Elem().Set(v)
	return ptr, nil
}

// compositeOf returns e as a composite literal of type want, checking the
// type it names, or that it may leave its type out.
func (p *reader) compositeOf(e ast.Expr, want reflect.Type, where string, elided bool) (*ast.CompositeLit, error) {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		if x, ok := ast.Unparen(e).(*ast.CompositeLit); ok && x.Type != nil {
			lit = x // (T{...}) is T{...}; ({...}) is not Go
		} else {
			return nil, p.mismatch(e, want, where)
		}
	}
	if lit.Incomplete {
		return nil, p.errorf(lit.Pos(), "incomplete composite literal (the source has a syntax error)")
	}
	if lit.Type == nil {
		if !elided {
			return nil, p.mismatch(lit, want, where)
		}
		return lit, nil
	}
	if err := p.checkType(lit.Type, want, where); err != nil {
		return nil, err
	}
	return lit, nil
}

// structLit evaluates a struct literal of type t, which must key its
// fields: positional values would silently change meaning when a schema
// type gains or reorders a field.
func (p *reader) structLit(lit *ast.CompositeLit, t reflect.Type) (reflect.Value, error) {
	name := typeName(t)
	out := reflect.New(t).Elem()
	seen := map[string]bool{}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return reflect.Value{}, p.errorf(el.Pos(), "%s literal has a positional value; a migration names each field, as in %s{%s: ...}", name, name, fieldNames(t)[0])
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return reflect.Value{}, p.errorf(kv.Pos(), "invalid field name %s in %s literal", describe(kv.Key), name)
		}
		// Go's composite literals name the struct's own fields; promoted
		// fields and unexported ones cannot be set from another package.
		f, ok := t.FieldByName(key.Name)
		if !ok || len(f.Index) != 1 || !f.IsExported() {
			return reflect.Value{}, p.errorf(key.Pos(), "%s has no field %s; its fields are %s", name, key.Name, strings.Join(fieldNames(t), ", "))
		}
		if seen[key.Name] {
			return reflect.Value{}, p.errorf(key.Pos(), "duplicate field %s in %s literal", key.Name, name)
		}
		seen[key.Name] = true
		v, err := p.value(kv.Value, f.Type, "field "+key.Name+" of "+name, false)
		if err != nil {
			return reflect.Value{}, err
		}
		out.Field(f.Index[0]).Set(v)
	}
	return out, nil
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if f.IsExported() {
			names = append(names, f.Name)
		}
	}
	if names == nil {
		names = []string{"Field"} // for the example in a message
	}
	return names
}

// sliceLit evaluates a slice literal. Even with no elements the result is
// non-nil, as in compiled Go; Changes writes a nil slice as nothing at all.
func (p *reader) sliceLit(lit *ast.CompositeLit, t reflect.Type) (reflect.Value, error) {
	where := "element of " + typeName(t)
	out := reflect.MakeSlice(t, 0, len(lit.Elts))
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			return reflect.Value{}, p.errorf(kv.Pos(), "indexed elements (%s: ...) are not supported in a slice literal; list the elements in order", describe(kv.Key))
		}
		if isNil(el) && t.Elem().Kind() != reflect.Interface {
			return reflect.Value{}, p.errorf(el.Pos(), "nil %s: the schema's lists hold no nil entries", where)
		}
		v, err := p.value(el, t.Elem(), where, true)
		if err != nil {
			return reflect.Value{}, err
		}
		out = reflect.Append(out, v)
	}
	return out, nil
}

func (p *reader) mapLit(lit *ast.CompositeLit, t reflect.Type) (reflect.Value, error) {
	name := typeName(t)
	out := reflect.MakeMapWithSize(t, len(lit.Elts))
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return reflect.Value{}, p.errorf(el.Pos(), "missing key in %s literal", name)
		}
		k, err := p.value(kv.Key, t.Key(), "key of "+name, true)
		if err != nil {
			return reflect.Value{}, err
		}
		// The compiler refuses a duplicate constant key; without this the
		// last value would win silently.
		if out.MapIndex(k).IsValid() {
			return reflect.Value{}, p.errorf(kv.Key.Pos(), "duplicate key %#v in %s literal", k.Interface(), name)
		}
		if isNil(kv.Value) {
			return reflect.Value{}, p.errorf(kv.Value.Pos(), "nil value in %s literal: the schema's maps hold no nil entries", name)
		}
		v, err := p.value(kv.Value, t.Elem(), "value of "+name, true)
		if err != nil {
			return reflect.Value{}, err
		}
		out.SetMapIndex(k, v)
	}
	return out, nil
}

// scalar evaluates a string, int or bool constant expression as want.
func (p *reader) scalar(e ast.Expr, want reflect.Type, where string) (reflect.Value, error) {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return reflect.Value{}, p.mismatch(e, want, where)
	case *ast.UnaryExpr:
		if _, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND {
			return reflect.Value{}, p.mismatch(e, want, where)
		}
	case *ast.Ident:
		if x.Name == "nil" {
			return reflect.Value{}, p.mismatch(e, want, where)
		}
	}
	c, err := p.constant(e)
	if err != nil {
		return reflect.Value{}, err
	}
	out := reflect.New(want).Elem()
	switch want.Kind() {
	case reflect.String:
		if c.Kind() == constant.String {
			out.SetString(constant.StringVal(c))
			return out, nil
		}
	case reflect.Bool:
		if c.Kind() == constant.Bool {
			out.SetBool(constant.BoolVal(c))
			return out, nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c.Kind() == constant.Int {
			if n, exact := constant.Int64Val(c); exact && !out.OverflowInt(n) {
				out.SetInt(n)
				return out, nil
			}
			return reflect.Value{}, p.errorf(e.Pos(), "%s is %s, and %s overflows it", where, typeName(want), shorten(c.ExactString()))
		}
	default: // the unsigned kinds
		if c.Kind() == constant.Int {
			if n, exact := constant.Uint64Val(c); exact && !out.OverflowUint(n) {
				out.SetUint(n)
				return out, nil
			}
			return reflect.Value{}, p.errorf(e.Pos(), "%s is %s, and %s overflows it", where, typeName(want), shorten(c.ExactString()))
		}
	}
	return reflect.Value{}, p.errorf(e.Pos(), "%s is %s; found %s constant", where, typeName(want), kindName(c.Kind()))
}

// constant evaluates a constant expression of string, int and bool
// literals. Only the operators a migration could plausibly want are
// supported; shifts, bit operations and comparisons are refused.
// Integers are exact, as Go's untyped constants are; the result is checked
// against the field's type at the end.
func (p *reader) constant(e ast.Expr) (constant.Value, error) {
	switch x := e.(type) {
	case nil:
		return nil, p.errorf(token.NoPos, "missing expression")
	case *ast.BasicLit:
		switch x.Kind {
		case token.STRING, token.INT, token.CHAR:
		case token.FLOAT:
			return nil, p.errorf(x.Pos(), "floating-point literals are not supported: the schema's fields hold strings, ints and bools")
		case token.IMAG:
			return nil, p.errorf(x.Pos(), "imaginary literals are not supported: the schema's fields hold strings, ints and bools")
		default:
			return nil, p.errorf(x.Pos(), "invalid literal %s", shorten(x.Value))
		}
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		if v.Kind() == constant.Unknown {
			return nil, p.errorf(x.Pos(), "malformed literal %s", shorten(x.Value))
		}
		return v, nil
	case *ast.Ident:
		switch x.Name {
		case "true":
			return constant.MakeBool(true), nil
		case "false":
			return constant.MakeBool(false), nil
		}
	case *ast.ParenExpr:
		return p.constant(x.X)
	case *ast.UnaryExpr:
		var want constant.Kind
		switch x.Op {
		case token.ADD, token.SUB:
			want = constant.Int
		case token.NOT:
			want = constant.Bool
		default:
			return nil, p.notSupported(x)
		}
		v, err := p.constant(x.X)
		if err != nil {
			return nil, err
		}
		if v.Kind() != want {
			return nil, p.errorf(x.Pos(), "operator %s needs %s operand; found %s", x.Op, kindName(want), kindName(v.Kind()))
		}
		return constant.UnaryOp(x.Op, v, 0), nil
	case *ast.BinaryExpr:
		return p.binary(x)
	}
	return nil, p.notSupported(e)
}

func (p *reader) binary(x *ast.BinaryExpr) (constant.Value, error) {
	var kinds []constant.Kind
	op := x.Op
	switch x.Op {
	case token.ADD:
		kinds = []constant.Kind{constant.String, constant.Int}
	case token.SUB, token.MUL, token.REM:
		kinds = []constant.Kind{constant.Int}
	case token.QUO:
		kinds = []constant.Kind{constant.Int}
		op = token.QUO_ASSIGN // go/constant's integer division
	case token.LAND, token.LOR:
		kinds = []constant.Kind{constant.Bool}
	default:
		return nil, p.errorf(x.OpPos, "operator %s is not supported in a migration's schema changes", x.Op)
	}
	a, err := p.constant(x.X)
	if err != nil {
		return nil, err
	}
	b, err := p.constant(x.Y)
	if err != nil {
		return nil, err
	}
	// go/constant panics on operands it cannot combine, so check first.
	if a.Kind() != b.Kind() {
		return nil, p.errorf(x.OpPos, "mismatched operands of %s: %s and %s", x.Op, kindName(a.Kind()), kindName(b.Kind()))
	}
	if !slices.Contains(kinds, a.Kind()) {
		return nil, p.errorf(x.OpPos, "operator %s is not defined on %s operands", x.Op, kindName(a.Kind()))
	}
	if (x.Op == token.QUO || x.Op == token.REM) && constant.Sign(b) == 0 {
		return nil, p.errorf(x.OpPos, "division by zero")
	}
	return constant.BinaryOp(a, op, b), nil
}

// checkType reports unless the type expression te denotes want.
func (p *reader) checkType(te ast.Expr, want reflect.Type, where string) error {
	ok, err := p.typeIs(te, want)
	if err != nil {
		return err
	}
	if !ok {
		return p.errorf(te.Pos(), "%s is %s; found a %s literal", where, typeName(want), types.ExprString(te))
	}
	return nil
}

// typeIs reports whether te denotes t. It compares the expression with t
// rather than building a reflect.Type from it, which reflect.MapOf would
// panic on for a key type that is not comparable.
func (p *reader) typeIs(te ast.Expr, t reflect.Type) (bool, error) {
	switch x := te.(type) {
	case *ast.ParenExpr:
		return p.typeIs(x.X, t)
	case *ast.Ident:
		pt, ok := predeclared[x.Name]
		if !ok {
			if _, isSchema := schemaTypes[x.Name]; isSchema {
				return false, p.errorf(x.Pos(), "unknown type %s; write it qualified, as in schema.%s", x.Name, x.Name)
			}
			return false, p.errorf(x.Pos(), "unknown type %s", x.Name)
		}
		return pt == t, nil
	case *ast.SelectorExpr:
		nt, err := p.namedType(x)
		if err != nil {
			return false, err
		}
		return nt == t, nil
	case *ast.StarExpr:
		if t.Kind() != reflect.Pointer {
			return false, nil
		}
		return p.typeIs(x.X, t.Elem())
	case *ast.ArrayType:
		if x.Len != nil {
			return false, p.errorf(x.Pos(), "array types are not supported; the schema uses slices")
		}
		if t.Kind() != reflect.Slice {
			return false, nil
		}
		return p.typeIs(x.Elt, t.Elem())
	case *ast.MapType:
		if t.Kind() != reflect.Map {
			return false, nil
		}
		if ok, err := p.typeIs(x.Key, t.Key()); !ok || err != nil {
			return false, err
		}
		return p.typeIs(x.Value, t.Elem())
	case nil:
		return false, p.errorf(token.NoPos, "missing type")
	}
	return false, p.errorf(te.Pos(), "unsupported type %s in a migration's schema changes", types.ExprString(te))
}

// namedType resolves a type expression that must name a schema type:
// pkg.Name, where pkg is whatever name the schema package was imported as,
// the same throughout one expression.
func (p *reader) namedType(te ast.Expr) (reflect.Type, error) {
	x, ok := ast.Unparen(te).(*ast.SelectorExpr)
	if !ok {
		if _, err := p.typeIs(te, changeType); err != nil {
			return nil, err
		}
		return nil, p.errorf(te.Pos(), "%s is not one of the schema package's change types", types.ExprString(te))
	}
	pkg, ok := x.X.(*ast.Ident)
	if !ok {
		return nil, p.errorf(x.Pos(), "unsupported type %s in a migration's schema changes", types.ExprString(x))
	}
	if p.qual == "" {
		p.qual, p.qualAt = pkg.Name, pkg.Pos()
	} else if pkg.Name != p.qual {
		at := ""
		if p.fset != nil && p.qualAt.IsValid() && p.fset.File(p.qualAt) != nil {
			at = " at " + p.fset.Position(p.qualAt).String()
		}
		return nil, p.errorf(pkg.Pos(), "%s.%s: schema types are qualified as %s elsewhere%s; a file imports the schema package under one name", pkg.Name, x.Sel.Name, p.qual, at)
	}
	t, ok := schemaTypes[x.Sel.Name]
	if !ok {
		return nil, p.errorf(x.Sel.Pos(), "unknown type %s.%s: not one of the schema package's change or snapshot types", pkg.Name, x.Sel.Name)
	}
	return t, nil
}

// mismatch reports e where a want belongs: the wrong kind of literal, or
// something that is no literal at all.
func (p *reader) mismatch(e ast.Expr, want reflect.Type, where string) error {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		if x.Type == nil {
			return p.errorf(x.Pos(), "missing type in composite literal: %s is %s, and Go elides a literal's type only inside a slice or map literal", where, typeName(want))
		}
		return p.errorf(x.Pos(), "%s is %s; found a %s literal", where, typeName(want), types.ExprString(x.Type))
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND && lit.Type != nil {
			return p.errorf(x.Pos(), "%s is %s; found &%s{...}", where, typeName(want), types.ExprString(lit.Type))
		}
	}
	if isNil(e) {
		return p.errorf(e.Pos(), "%s is %s; found nil", where, typeName(want))
	}
	c, err := p.constant(e)
	if err != nil {
		return err
	}
	return p.errorf(e.Pos(), "%s is %s; found %s constant", where, typeName(want), kindName(c.Kind()))
}

// notSupported reports e, which is not a literal value.
func (p *reader) notSupported(e ast.Expr) error {
	return p.errorf(e.Pos(), notLiteral+"%s", describe(e))
}

// describe names the kind of expression e, for messages.
func describe(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.CallExpr:
		return "a function call"
	case *ast.Ident:
		if x.Name == "nil" {
			return "nil"
		}
		return "the name " + x.Name
	case *ast.SelectorExpr:
		return "a reference to " + shorten(types.ExprString(x))
	case *ast.FuncLit:
		return "a function literal"
	case *ast.IndexExpr, *ast.IndexListExpr:
		return "an index expression"
	case *ast.SliceExpr:
		return "a slice expression"
	case *ast.TypeAssertExpr:
		return "a type assertion"
	case *ast.StarExpr:
		return "a pointer indirection"
	case *ast.UnaryExpr:
		switch x.Op {
		case token.AND:
			return "the address of " + describe(x.X)
		case token.ARROW:
			return "a channel receive"
		}
		return "the operator " + x.Op.String()
	case *ast.BinaryExpr:
		return "the operator " + x.Op.String()
	case *ast.ParenExpr:
		return describe(x.X)
	case *ast.CompositeLit:
		return "a composite literal"
	case *ast.BasicLit:
		return "the literal " + shorten(x.Value)
	case *ast.KeyValueExpr:
		return "a key: value pair"
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
		return "a type"
	case *ast.Ellipsis:
		return "..."
	case *ast.BadExpr:
		return "a syntax error"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a %T", e)
}

func kindName(k constant.Kind) string {
	switch k {
	case constant.String:
		return "a string"
	case constant.Int:
		return "an integer"
	case constant.Bool:
		return "a boolean"
	}
	return "an unsupported"
}

func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// shorten keeps a message readable when it quotes a long literal.
func shorten(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "..."
}

// A Scope reads the changes of a migration file's migrate.Schema steps
// as the compiled file holds them, from the syntax alone: what
// ParseChanges reads, and the names of the package-level variables the
// file declares, whose values are read the same way, each once, as Go
// initializes each once. A generated file keeps Up's changes in such a
// variable so that Down can be written schema.Invert(variable).
type Scope struct {
	fset *token.FileSet
	// schema is the file's name for the schema package. Without a file
	// (vars is nil) it is the name the first call uses, or "".
	schema string
	vars   map[string]ast.Expr
	values map[string]evaluated
	// reading are the variables being read, to refuse a cycle, which the
	// compiler refuses too.
	reading map[string]bool
}

// evaluated is what an expression holds: its changes, and the lines of
// each one's literal.
type evaluated struct {
	changes []schema.Change
	lines   []Lines
}

// NewScope returns the Scope of file, which fset positions.
func NewScope(fset *token.FileSet, file *ast.File) *Scope {
	s := &Scope{fset: fset, schema: importName(file, schemaPath), vars: map[string]ast.Expr{},
		values: map[string]evaluated{}, reading: map[string]bool{}}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, name := range vs.Names {
				if name.Name != "_" {
					s.vars[name.Name] = vs.Values[i]
				}
			}
		}
	}
	return s
}

// Changes evaluates the Changes of a migrate.Schema step of the file.
func (s *Scope) Changes(expr ast.Expr) ([]schema.Change, error) {
	v, err := s.eval(expr)
	return v.changes, err
}

func (s *Scope) errorf(at ast.Node, format string, args ...any) error {
	return (&reader{fset: s.fset}).errorf(at.Pos(), format, args...)
}

func (s *Scope) eval(expr ast.Expr) (evaluated, error) {
	switch e := ast.Unparen(expr).(type) {
	case *ast.CallExpr:
		return s.call(e)
	case *ast.Ident:
		if e.Name != "nil" && s.vars != nil {
			return s.variable(e)
		}
	case *ast.CompositeLit:
		if at, ok := e.Type.(*ast.ArrayType); ok && (s.vars != nil || s.schema != "") && !isSelector(at.Elt, s.schema, "Change") {
			return evaluated{}, s.errorf(at, "the changes must be %s.Change values of package %s", s.schema, schemaPath)
		}
	}
	p := &reader{fset: s.fset}
	v, err := p.value(expr, changeListType, "the change list", false)
	if err != nil {
		return evaluated{}, err
	}
	out := evaluated{changes: v.Interface().([]schema.Change)}
	if lit, ok := ast.Unparen(expr).(*ast.CompositeLit); ok {
		for _, c := range lit.Elts {
			out.lines = append(out.lines, Lines{First: s.fset.Position(c.Pos()).Line, Last: s.fset.Position(c.End()).Line})
		}
	}
	return out, nil
}

// call evaluates schema.Derive(x) or schema.Invert(x), the calls a
// generated file makes, as the compiled file does: through the same
// functions.
func (s *Scope) call(e *ast.CallExpr) (evaluated, error) {
	sel, _ := e.Fun.(*ast.SelectorExpr)
	var pkg *ast.Ident
	if sel != nil {
		pkg, _ = sel.X.(*ast.Ident)
	}
	if s.vars == nil && s.schema == "" && pkg != nil {
		s.schema = pkg.Name // ParseChanges: one name throughout
	}
	if pkg == nil || (sel.Sel.Name != "Derive" && sel.Sel.Name != "Invert") || pkg.Name != s.schema {
		return evaluated{}, s.errorf(e, "%s; the changes may be a []schema.Change literal, schema.Derive or schema.Invert of one, or a variable of this file holding one",
			notLiteral+"a call of "+shorten(types.ExprString(e.Fun)))
	}
	if len(e.Args) != 1 || e.Ellipsis.IsValid() {
		return evaluated{}, s.errorf(e, "%s takes one list of changes", types.ExprString(e.Fun))
	}
	arg, err := s.eval(e.Args[0])
	if err != nil {
		return evaluated{}, err
	}
	if sel.Sel.Name == "Derive" {
		schema.Derive(arg.changes)
		return arg, nil
	}
	// Inverted changes have no literal of their own: each one's lines are
	// the call's.
	out := evaluated{changes: schema.Invert(arg.changes)}
	at := Lines{First: s.fset.Position(e.Pos()).Line, Last: s.fset.Position(e.End()).Line}
	for range out.changes {
		out.lines = append(out.lines, at)
	}
	return out, nil
}

// variable evaluates a package-level variable of the file, once.
func (s *Scope) variable(id *ast.Ident) (evaluated, error) {
	if v, ok := s.values[id.Name]; ok {
		return v, nil
	}
	expr, ok := s.vars[id.Name]
	if !ok {
		return evaluated{}, s.errorf(id, "%s is not a variable this file declares; a migration's changes are a []schema.Change literal, schema.Derive or schema.Invert of one, or a variable of the same file holding one", id.Name)
	}
	if s.reading[id.Name] {
		return evaluated{}, s.errorf(id, "%s refers to itself", id.Name)
	}
	s.reading[id.Name] = true
	defer delete(s.reading, id.Name)
	v, err := s.eval(expr)
	if err != nil {
		return evaluated{}, err
	}
	s.values[id.Name] = v
	return v, nil
}
