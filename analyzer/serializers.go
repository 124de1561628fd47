package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// builtinSerializers are the serializers gorm.io/gorm/schema registers in
// its own init (serializer.go). They are listed rather than looked up with
// schema.GetSerializer because that registry belongs to the process running
// the analyzer: a test binary that links a model package would see the
// model package's registrations there, and the analyzer must judge only
// what the analyzed source registers.
var builtinSerializers = map[string]bool{"json": true, "unixtime": true, "gob": true}

// serializerRegistry is what the analyzed packages register with
// schema.RegisterSerializer.
type serializerRegistry struct {
	// names are the constant names registered, lower-cased as GORM stores
	// and looks them up.
	names map[string]bool
	// dynamic is the first call whose name is not a constant, so that a
	// warning about an unknown serializer can point at it.
	dynamic token.Pos
}

// record notes one call if it is schema.RegisterSerializer. scanCalls
// offers it every call of the source packages, wherever it is: an init
// function, a function the program calls at start-up, another package of
// the module. Static analysis cannot tell whether a call runs before
// AutoMigrate; a call that exists is taken as the program's intent, as a
// reader of the code would.
func (reg *serializerRegistry) record(info *types.Info, call *ast.CallExpr) {
	if len(call.Args) != 2 || !isRegisterSerializer(typeutil.Callee(info, call)) {
		return
	}
	if tv := info.Types[call.Args[0]]; tv.Value != nil && tv.Value.Kind() == constant.String {
		reg.names[strings.ToLower(constant.StringVal(tv.Value))] = true
	} else if !reg.dynamic.IsValid() {
		reg.dynamic = call.Pos()
	}
}

// isRegisterSerializer reports whether obj is gorm.io/gorm/schema's
// RegisterSerializer.
func isRegisterSerializer(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == gormPkg+"/schema" && fn.Name() == "RegisterSerializer"
}

// has reports whether GORM finds a serializer by name: a built-in one or
// one the analyzed packages register (GORM lower-cases both sides).
func (r serializerRegistry) has(name string) bool {
	name = strings.ToLower(name)
	return builtinSerializers[name] || r.names[name]
}

// warnUnregisteredSerializer reports a serializer tag naming a serializer
// that is neither GORM's nor registered by the analyzed packages: GORM's
// schema.Parse then fails with "invalid serializer type". It stays a
// warning, not an error, because the registration may live where migragen
// does not look (a package outside the patterns, a dependency).
func (p *parser) warnUnregisteredSerializer(f *field, name string) {
	d := p.diags.warnf(f.pos, f.path, "serializer %q is neither built into GORM nor registered by the analyzed packages; GORM fails to parse the model unless the program calls schema.RegisterSerializer(%q, ...) before AutoMigrate", name, strings.ToLower(name))
	if dyn := p.serializers.dynamic; dyn.IsValid() && p.diags.fset != nil {
		pos := p.diags.fset.Position(dyn)
		d.hint("migragen cannot read the name registered at %s:%d; register %q with a constant name", filepath.Base(pos.Filename), pos.Line, strings.ToLower(name))
		return
	}
	d.hint("use json, gob or unixtime, or register it with a constant name in a package migragen analyzes (add that package to the patterns)")
}
