package analyzer

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"strings"

	"golang.org/x/mod/semver"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/analyzer/internal/loader"
	"github.com/migragen/migragen/schema"
)

// Config says what to analyze and how the application configures GORM.
type Config struct {
	// Dir is where the go command runs; "" means the current directory.
	Dir string
	// Tags are build tags, as for go build -tags.
	Tags []string
	// Env is added to the go command's environment.
	Env []string
	// Models names the root models explicitly ("User" or
	// "import/path.User"). Empty means Roots decides.
	Models []string
	// Roots is how the root models are found when Models is empty.
	Roots RootRule
	// Settings are the GORM settings static analysis cannot see.
	Settings schema.Settings
}

// RootRule says how the root models are found.
type RootRule int

const (
	// RootsAuto takes the structs of the packages given that the
	// application's db.AutoMigrate calls name, and those RootsDiscover
	// takes: a call migragen does not see (in a package importing the
	// ones given) must not drop a table. Where the calls are readable and
	// name some of the structs, a discovered struct they do not name draws
	// a warning, and one that could not be a table is left out.
	RootsAuto RootRule = iota
	// RootsDiscover applies the default rule to the structs of the
	// analyzed packages: gorm.Model, a gorm tag or a TableName method.
	RootsDiscover
	// RootsAutoMigrate takes exactly the structs of the packages given
	// that the AutoMigrate calls name, and fails when there are none or
	// an argument cannot be read.
	RootsAutoMigrate
)

// Model is one table of the model set, as found.
type Model struct {
	// Type is "import/path.Name"; empty for a join table.
	Type  string
	Table string
	Pos   token.Position
	// Root is set for the models discovery or Config.Models chose; the
	// others are what AutoMigrate adds: belongs-to and many2many targets
	// and join tables.
	Root bool
}

// Result is the outcome of an analysis that could load the packages.
type Result struct {
	// Snapshot is nil when Diagnostics hold an error.
	Snapshot *schema.Snapshot
	// Hints are the renames the models declare, for schema.Diff.
	Hints  schema.Hints
	Models []Model
	// Packages are the import paths of the packages analyzed.
	Packages    []string
	Diagnostics []Diagnostic
}

// Err returns an error listing the error diagnostics, or nil.
func (r *Result) Err() error {
	var errs []string
	for _, d := range r.Diagnostics {
		if d.Severity == Error {
			errs = append(errs, d.String())
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(errs, "\n"))
}

// Analyze loads the packages matched by patterns and derives the snapshot
// of the schema AutoMigrate would create for their models. It returns an
// error when the packages cannot be loaded or do not compile; problems with
// the models themselves are diagnostics in the Result.
func Analyze(ctx context.Context, cfg Config, patterns ...string) (*Result, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if err := checkSettings(cfg.Settings); err != nil {
		return nil, err
	}
	loaded, err := loader.Load(ctx, loader.Config{Dir: cfg.Dir, Tags: cfg.Tags, Env: cfg.Env}, patterns...)
	if err != nil {
		return nil, err
	}
	diags := &diagnostics{fset: loaded.Fset}
	checkGORMVersion(loaded.ModuleVersions[gormPkg], diags)
	env := newTypeEnv(loaded.Source)
	naming := cfg.Settings.Naming
	p := newParser(gormschema.NamingStrategy{
		TablePrefix:   naming.TablePrefix,
		SingularTable: naming.SingularTable,
		NoLowerCase:   naming.NoLowerCase,
		// Keep derived names whole: the snapshot stores them in full and
		// each dialect shortens them when compiling (schema.ShortName).
		IdentifierMaxLength: 1 << 20,
	}, env, diags)
	defer p.names.prefetch(loaded.Roots)()
	calls, serializers := scanCalls(loaded.Source)
	p.serializers = serializers
	// Discovery probes structs for a primary key with the parser, under
	// the naming strategy and the registered serializers.
	candidates, dirs := p.discover(loaded.Roots)
	p.directives = dirs
	calls.roots = map[*types.TypeName]bool{}
	for _, c := range candidates {
		calls.roots[c.obj] = true
	}
	roots := p.chooseRoots(cfg, candidates, calls)
	if len(roots) == 0 && len(cfg.Models) == 0 && cfg.Roots != RootsAutoMigrate {
		diags.errorf(token.NoPos, "", "no models found in %s", strings.Join(patterns, " ")).
			hint("models are exported structs that embed gorm.Model, have a gorm tag or a TableName method; or name them with -models")
	}

	// The application calls db.SetupJoinTable before AutoMigrate, and parse
	// order matters to GORM, so join tables are set up first.
	snap := schema.New(cfg.Settings)
	snap.GORMVersion = loaded.ModuleVersions[gormPkg]
	snap.Settings.JoinTables = nil
	for _, jt := range cfg.Settings.JoinTables {
		if resolved, ok := p.setupJoinTable(loaded, jt); ok {
			snap.Settings.JoinTables = append(snap.Settings.JoinTables, resolved)
		}
	}

	var rootModels []*model
	isRoot := map[*model]bool{}
	for _, obj := range roots {
		m := p.getOrParse(obj.Type(), obj.Pos())
		rootModels = append(rootModels, m)
		isRoot[m] = true
	}
	set := p.modelSet(rootModels)
	p.warnUnmigratedTargets(set, loaded)

	res := &Result{}
	for _, pkg := range loaded.Roots {
		res.Packages = append(res.Packages, pkg.PkgPath)
	}
	indexTables := map[string]string{} // index name → first table using it
	for _, m := range set {
		p.checkPitfalls(m)
		t := p.snapshotTable(m, cfg.Settings.DisableForeignKeyConstraints)
		for _, ix := range t.Indexes {
			if other, ok := indexTables[ix.Name]; ok && other != t.Name {
				diags.warnf(m.pos, m.name, "tables %s and %s both have an index named %s; PostgreSQL and SQLite keep one index namespace per schema, so GORM's second CREATE INDEX fails on SQLite and is silently skipped on PostgreSQL", other, t.Name, ix.Name).
					hint("give the index a name of its own per table, or leave the name out so GORM derives one")
			} else {
				indexTables[ix.Name] = t.Name
			}
		}
		snap.Tables = append(snap.Tables, t)
		res.Models = append(res.Models, Model{Type: modelName(m), Table: m.table, Pos: loaded.Fset.Position(m.pos), Root: isRoot[m]})
		p.collectHints(m, t, &res.Hints)
	}
	// After the tables, whose derivation reports the last errors.
	p.checkMigrateCalls(cfg, candidates, calls, set, rootModels)
	res.Diagnostics = diags.resolve(baseDir(cfg.Dir))
	if res.Err() == nil {
		snap.Sort()
		if err := snap.Validate(); err != nil {
			// A contradiction here is an analyzer bug or a model GORM
			// itself could not migrate; say which.
			return nil, fmt.Errorf("the derived snapshot is inconsistent: %w", err)
		}
		res.Snapshot = snap
	}
	return res, nil
}

// checkGORMVersion warns when the models build against a GORM whose rules
// migragen does not reproduce: its snapshot could then differ from what
// that GORM's AutoMigrate creates.
func checkGORMVersion(v string, diags *diagnostics) {
	if v == "" || !semver.IsValid(v) {
		return // GORM is not a dependency, or a local checkout of it
	}
	if semver.Compare(v, schema.MinGORM) < 0 || semver.Compare(v, schema.BeyondGORM) >= 0 {
		diags.warnf(token.NoPos, gormPkg+"@"+v, "migragen reproduces the rules of gorm.io/gorm %s; this module uses %s, whose AutoMigrate may differ", schema.SupportedGORM, v).
			hint("use a supported GORM version, or a migragen release made for %s", v)
	}
}

func baseDir(dir string) string {
	if dir != "" {
		return dir
	}
	wd, _ := os.Getwd()
	return wd
}

func checkSettings(s schema.Settings) error {
	if s.Naming.IdentifierMaxLength < 0 {
		return fmt.Errorf("identifier max length %d is negative", s.Naming.IdentifierMaxLength)
	}
	for _, jt := range s.JoinTables {
		if jt.Model == "" || jt.Field == "" || jt.JoinModel == "" {
			return fmt.Errorf("join table setting %+v: model, field and join model are all required", jt)
		}
	}
	return nil
}

// gormSettings parses the gorm part of a struct tag as GORM does.
func gormSettings(tag string) map[string]string {
	return gormschema.ParseTagSetting(reflect.StructTag(tag).Get("gorm"), ";")
}

// tableName mirrors how schema.Parse names a model's table: a TableName
// method if the type has one, else the naming strategy.
func (p *parser) tableName(m *model, t types.Type) string {
	obj := namedStruct(t)
	if d, ok := p.directives[obj]; ok && d.table != "" {
		return d.table
	}
	if fn := p.env.method(t, "TableName"); fn != nil {
		// GORM asserts Tabler, TableName() string, or TablerWithNamer,
		// TableName(schema.Namer) string; other signatures are ignored.
		sig := fn.Type().(*types.Signature)
		if sig.Results().Len() == 1 && isString(sig.Results().At(0).Type()) &&
			(sig.Params().Len() == 0 || sig.Params().Len() == 1 && isNamed(sig.Params().At(0).Type(), "gorm.io/gorm/schema", "Namer")) {
			if name, ok := p.env.constMethodString(t, "TableName"); ok {
				return name
			}
			p.diags.errorf(fn.Pos(), m.name+".TableName", "migragen cannot tell which table %s maps to: TableName does not return a constant", m.name).
				hint("return a string constant from TableName, or state the table with a //migragen:table NAME comment on the type")
			m.failed = true
		}
	}
	return p.names.table(m.name)
}

// lookupType finds a struct type by "Name" in the root packages or by
// "import/path.Name" anywhere in the source packages.
func lookupType(loaded *loader.Result, name string) (*types.TypeName, error) {
	var found []*types.TypeName
	pkgs := loaded.Roots
	if i := strings.LastIndex(name, "."); i > 0 {
		if pkg := loaded.Lookup(name[:i]); pkg != nil {
			pkgs, name = []*loader.Package{pkg}, name[i+1:]
		}
	}
	for _, pkg := range pkgs {
		if obj, ok := pkg.Types.Scope().Lookup(name).(*types.TypeName); ok {
			if _, ok := obj.Type().Underlying().(*types.Struct); ok {
				found = append(found, obj)
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no struct type %q in the analyzed packages", name)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%q names a struct in %d packages; qualify it with its import path", name, len(found))
}

// setupJoinTable mirrors db.SetupJoinTable: the join model replaces the
// join table GORM would synthesise for the many2many field, taking over
// its key types and relations.
func (p *parser) setupJoinTable(loaded *loader.Result, jt schema.JoinTableSetting) (schema.JoinTableSetting, bool) {
	fail := func(format string, args ...any) (schema.JoinTableSetting, bool) {
		p.diags.errorf(token.NoPos, "-join-table "+jt.Model+"."+jt.Field+"="+jt.JoinModel, format, args...).
			hint("name the model, its many2many field and the join model as the application's db.SetupJoinTable call does")
		return jt, false
	}
	modelObj, err := lookupType(loaded, jt.Model)
	if err != nil {
		return fail("%v", err)
	}
	joinObj, err := lookupType(loaded, jt.JoinModel)
	if err != nil {
		return fail("%v", err)
	}
	owner := p.getOrParse(modelObj.Type(), modelObj.Pos())
	join := p.getOrParse(joinObj.Type(), joinObj.Pos())
	rel, ok := owner.relations[jt.Field]
	if !ok || rel.joinTable == nil {
		return fail("%s has no many2many field %s", modelObj.Name(), jt.Field)
	}
	for _, ref := range rel.references {
		f := join.lookUpField(ref.foreignKey.dbName)
		if f == nil {
			return fail("join model %s has no field for column %s", joinObj.Name(), ref.foreignKey.dbName)
		}
		f.dataType, f.gormDataType = ref.foreignKey.dataType, ref.foreignKey.gormDataType
		if f.size == 0 {
			f.size = ref.foreignKey.size
		}
		ref.foreignKey = f
	}
	for _, name := range rel.joinTable.relOrder {
		if _, ok := join.relations[name]; !ok {
			r := rel.joinTable.relations[name]
			r.schema = join
			join.setRelation(name, r)
		}
	}
	rel.joinTable = join
	return schema.JoinTableSetting{
		Model:     modelObj.Pkg().Path() + "." + modelObj.Name(),
		Field:     jt.Field,
		JoinModel: joinObj.Pkg().Path() + "." + joinObj.Name(),
	}, true
}

// collectHints records the renames m declares: a //migragen:renamed_from
// directive on its type for the table, renamed_from tags for columns.
func (p *parser) collectHints(m *model, t *schema.Table, hints *schema.Hints) {
	if obj := namedStruct(m.typ); obj != nil && !m.joinTable {
		if from := p.directives[obj].renamedFrom; from != "" {
			if from == m.table {
				p.diags.warnf(m.pos, m.name, "//migragen:renamed_from %s names the table's current name", from).
					hint("remove the directive once the rename has been generated")
			} else {
				if hints.Tables == nil {
					hints.Tables = map[string]string{}
				}
				hints.Tables[m.table] = from
			}
		}
	}
	for _, dbName := range m.dbNames {
		f := m.fieldsByDBName[dbName]
		if f.renamedFrom == "" || t.Column(dbName) == nil {
			continue
		}
		if f.renamedFrom == dbName {
			p.diags.warnf(f.pos, f.path, "renamed_from:%s names the column's current name", dbName).
				hint("remove the tag once the rename has been generated")
			continue
		}
		if hints.Columns == nil {
			hints.Columns = map[string]map[string]string{}
		}
		if hints.Columns[m.table] == nil {
			hints.Columns[m.table] = map[string]string{}
		}
		hints.Columns[m.table][dbName] = f.renamedFrom
	}
}

// warnUnmigratedTargets flags has-one and has-many targets declared in the
// analyzed packages that are not in the model set: AutoMigrate adds
// belongs-to and many2many targets but not these, so unless the
// application migrates them some other way their table never exists.
func (p *parser) warnUnmigratedTargets(set []*model, loaded *loader.Result) {
	inSet := map[*model]bool{}
	for _, m := range set {
		inSet[m] = true
	}
	for _, m := range set {
		for _, rel := range m.relationList() {
			if (rel.typ != hasOne && rel.typ != hasMany) || rel.schema != m || inSet[rel.fieldSchema] {
				continue
			}
			obj := namedStruct(rel.fieldSchema.typ)
			if obj == nil || obj.Pkg() == nil {
				continue
			}
			if pkg := loaded.Lookup(obj.Pkg().Path()); pkg == nil || !pkg.Root {
				continue // declared elsewhere: not this run's to judge
			}
			p.diags.warnf(rel.field.pos, rel.field.path, "%s is not a model here, so its table does not exist: AutoMigrate adds belongs-to and many2many targets, not has-one or has-many ones", rel.fieldSchema.name).
				hint("give %s a gorm tag (or embed gorm.Model), or list it with -models", rel.fieldSchema.name)
		}
	}
}
