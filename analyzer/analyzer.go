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
	// "import/path.User"). Empty means discovery by the default rule.
	Models []string
	// Settings are the GORM settings static analysis cannot see.
	Settings schema.Settings
}

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
	Snapshot    *schema.Snapshot
	Models      []Model
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
	env := newTypeEnv(loaded.Source)
	roots, dirs := discover(loaded.Roots, env, cfg.Models, diags)
	if len(roots) == 0 && len(cfg.Models) == 0 {
		diags.errorf(token.NoPos, "", "no models found in %s", strings.Join(patterns, " ")).
			hint("models are exported structs that embed gorm.Model, have a gorm tag or a TableName method; or name them with -models")
	}

	naming := cfg.Settings.Naming
	p := newParser(gormschema.NamingStrategy{
		TablePrefix:   naming.TablePrefix,
		SingularTable: naming.SingularTable,
		NoLowerCase:   naming.NoLowerCase,
		// Keep derived names whole: the snapshot stores them in full and
		// each dialect shortens them when compiling (schema.ShortName).
		IdentifierMaxLength: 1 << 20,
	}, env, diags)
	p.directives = dirs

	var rootModels []*model
	isRoot := map[*model]bool{}
	for _, obj := range roots {
		m := p.getOrParse(obj.Type(), obj.Pos(), obj.Name())
		rootModels = append(rootModels, m)
		isRoot[m] = true
	}
	set := p.modelSet(rootModels)

	res := &Result{}
	snap := schema.New(cfg.Settings)
	tables := map[string]*model{}
	for _, m := range set {
		if other, dup := tables[m.table]; dup && other != m {
			diags.warnf(m.pos, m.name, "%s and %s both map to table %q; AutoMigrate uses only one of them", other.name, m.name, m.table).
				hint("give one of them its own TableName, or mark one //migragen:ignore")
			continue
		}
		tables[m.table] = m
		p.checkPitfalls(m)
		snap.Tables = append(snap.Tables, p.snapshotTable(m, cfg.Settings.DisableForeignKeyConstraints))
		res.Models = append(res.Models, Model{Type: modelName(m), Table: m.table, Pos: loaded.Fset.Position(m.pos), Root: isRoot[m]})
	}
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
	if len(s.JoinTables) > 0 {
		return errors.New("custom join tables (db.SetupJoinTable) are not supported yet; remove the -join-table flags")
	}
	return nil
}

// gormSettings parses the gorm part of a struct tag as GORM does.
func gormSettings(tag string) map[string]string {
	return gormschema.ParseTagSetting(reflect.StructTag(tag).Get("gorm"), ";")
}

// tableName mirrors how schema.Parse names a model's table: a TableName
// method if the type has one, else the naming strategy.
func (p *parser) tableName(m *model, t types.Type, special string) string {
	if special != "" {
		return special
	}
	obj := namedStruct(t)
	if d, ok := p.directives[obj]; ok && d.table != "" {
		return d.table
	}
	if fn := p.env.method(t, "TableName"); fn != nil {
		sig := fn.Type().(*types.Signature)
		if sig.Results().Len() == 1 && sig.Params().Len() <= 1 {
			if name, ok := p.env.constMethodString(t, "TableName"); ok {
				return name
			}
			p.diags.errorf(fn.Pos(), m.name+".TableName", "migragen cannot tell which table %s maps to: TableName does not return a constant", m.name).
				hint("return a string constant from TableName, or state the table with a //migragen:table NAME comment on the type")
			m.failed = true
		}
	}
	return p.namer.TableName(m.name)
}
