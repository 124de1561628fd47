// Package oracle holds migragen's runtime correctness check against GORM
// itself, the zero-DDL oracle: migrations applied to a fresh database must
// leave GORM's AutoMigrate, given the same models, nothing to do beyond
// what it does on a database it built itself, and the two databases'
// introspected schemas must be equal. Tests of the runtime, of golden
// migrations and of the example's evolution all run it.
package oracle

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/introspect"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// Migration builds the migration generate would write for changes, through
// the renderer and back, so the runtime sees exactly what a generated file
// holds.
func Migration(id string, parents []string, changes []schema.Change) (migrate.Migration, error) {
	roundTrip := func(cs []schema.Change) ([]schema.Change, error) {
		src, err := render.Changes(cs)
		if err != nil {
			return nil, err
		}
		expr, err := parser.ParseExpr(src)
		if err != nil {
			return nil, fmt.Errorf("rendered changes do not parse: %w", err)
		}
		return render.ParseChanges(token.NewFileSet(), expr)
	}
	up, err := roundTrip(changes)
	if err != nil {
		return migrate.Migration{}, err
	}
	down, err := roundTrip(schema.Invert(changes))
	if err != nil {
		return migrate.Migration{}, err
	}
	return migrate.Migration{ID: id, Parents: parents, Message: id,
		Up: []migrate.Step{migrate.Schema{Changes: up}}, Down: []migrate.Step{migrate.Schema{Changes: down}}}, nil
}

// Models is what GORM is given: the hand-written root list an application
// passes to AutoMigrate, and the *gorm.DB settings and calls it makes.
type Models struct {
	List     []any
	Settings schema.Settings
	// Setup runs on each database before AutoMigrate (SetupJoinTable).
	Setup func(*gorm.DB) error
}

// Configure applies the snapshot settings to a gorm.Config as the
// application's would be.
func (ms Models) Configure(cfg *gorm.Config) {
	n := ms.Settings.Naming
	cfg.NamingStrategy = gormschema.NamingStrategy{TablePrefix: n.TablePrefix, SingularTable: n.SingularTable,
		NoLowerCase: n.NoLowerCase, IdentifierMaxLength: n.IdentifierMaxLength}
	cfg.DisableForeignKeyConstraintWhenMigrating = ms.Settings.DisableForeignKeyConstraints
}

func (ms Models) autoMigrate(db *gorm.DB) error {
	if ms.Setup != nil {
		if err := ms.Setup(db); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}
	if ms.Settings.TableOptions != "" {
		db = db.Set("gorm:table_options", ms.Settings.TableOptions)
	}
	return db.AutoMigrate(ms.List...)
}

// Baseline is a database AutoMigrate built itself, and the DDL a second
// AutoMigrate issues on it: GORM is not idempotent everywhere, and the
// oracle tolerates exactly that much.
type Baseline struct {
	Schema introspect.Schema
	DDL    []string
}

// NewBaseline builds a fresh database with AutoMigrate(ms) on d.
func NewBaseline(t testing.TB, d corpustest.Dialect, ms Models) Baseline {
	t.Helper()
	db, rec := corpustest.Open(t, d, ms.Configure)
	if err := ms.autoMigrate(db); err != nil {
		t.Fatalf("AutoMigrate on a fresh %s database: %v", d, err)
	}
	got, err := introspect.Read(db)
	if err != nil {
		t.Fatal(err)
	}
	rec.Reset()
	if err := ms.autoMigrate(db); err != nil {
		t.Fatalf("second AutoMigrate on %s: %v", d, err)
	}
	return Baseline{Schema: got, DDL: rec.DDL()}
}

// Check holds db, which migrations brought to the models' schema, against
// base: the introspected schemas must be equal (the version table aside),
// and AutoMigrate on db must issue no DDL the baseline's second run did
// not. got is db's schema when the caller has just read it, else nil. It
// runs AutoMigrate on db, so call it last on a database.
func Check(t testing.TB, db *gorm.DB, rec *corpustest.Recorder, ms Models, base Baseline, got introspect.Schema) {
	t.Helper()
	if got == nil {
		var err error
		if got, err = introspect.Read(db); err != nil {
			t.Fatal(err)
		}
	}
	delete(got, migrate.DefaultVersionTable)
	for _, d := range introspect.Diff(base.Schema, got) {
		t.Errorf("schema differs from AutoMigrate's: %s", d)
	}
	rec.Reset()
	if err := ms.autoMigrate(db); err != nil {
		t.Fatalf("AutoMigrate after the migrations: %v", err)
	}
	var extra []string
	for _, s := range rec.DDL() {
		if !slices.Contains(base.DDL, s) {
			extra = append(extra, s)
		}
	}
	if len(extra) > 0 {
		t.Errorf("AutoMigrate issued DDL after the migrations that it does not issue on a database it built itself:\n%s", strings.Join(extra, "\n"))
	}
}

// UpDownUp applies migrations, rolls everything back, checking that only
// the version table remains, and applies them again; the schema after the
// second Up must equal the first's, and Verify must find no difference.
// It returns that schema.
func UpDownUp(t testing.TB, db *gorm.DB, migrations []migrate.Migration) introspect.Schema {
	t.Helper()
	ctx := context.Background()
	m, err := migrate.New(db, migrations)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	first, err := introspect.Read(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.DownTo(ctx, migrate.Base); err != nil {
		t.Fatalf("down to base: %v", err)
	}
	left, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	left = slices.DeleteFunc(left, func(s string) bool { return strings.HasPrefix(s, "sqlite_") })
	if !slices.Equal(left, []string{migrate.DefaultVersionTable}) {
		t.Errorf("after down to base the tables are %q, want only the version table", left)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	second, err := introspect.Read(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range introspect.Diff(first, second) {
		t.Errorf("up → down to base → up changed the schema: %s", d)
	}
	// The corpora are Verify's oracle: what the migrations built is what
	// they describe.
	drift, err := m.Verify(ctx)
	if err != nil {
		t.Fatalf("verify after up: %v", err)
	}
	for _, d := range drift.Differences {
		t.Errorf("verify after up reports a difference: %s", d)
	}
	return second
}
