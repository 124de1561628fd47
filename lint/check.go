package lint

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/schema"
)

// The dialects migragen ships, as their GORM Dialectors name them.
const (
	postgres  = "postgres"
	mysql     = "mysql"
	sqlite    = "sqlite"
	sqlserver = "sqlserver"
)

// Shipped lists the dialects lint checks when the model set names none.
var Shipped = []string{postgres, mysql, sqlite, sqlserver}

// Options say what Check needs to know beyond the changes.
type Options struct {
	// Settings are the model set's settings: Dialects says which dialects
	// to check (all of Shipped when empty, the findings on those Assumed
	// being informational) and PlainDDL what the runtime emits on each.
	Settings schema.Settings
	// NoTransaction says the migration runs outside a transaction
	// (migrate.Migration.NoTransaction).
	NoTransaction bool
	// Contract says the revision is a contraction
	// (migrate.Migration.Contract): its drops and renames are meant to
	// run once no older binary does.
	Contract bool
	// DataSteps are where the migration's data steps run among changes:
	// each is the number of changes before one (render.Source.UpData).
	// Lint cannot see what a data step writes, so after one it knows
	// nothing of a column's values.
	DataSteps []int
}

// Check returns the findings of changes, a migration's Up, applied to
// before (nil means an empty schema), ordered by change. It fails when a
// change does not apply to the schema before it, as replaying the
// migration would.
func Check(before *schema.Snapshot, changes []schema.Change, opts Options) ([]Finding, error) {
	dbs, err := dialects.DryRun()
	if err != nil {
		return nil, err
	}
	w := &walker{opts: opts, dbs: dbs, created: map[string]bool{}, fresh: map[string]map[string]*schema.Column{},
		referenced: dialect.ReferencedTables(changes), targets: opts.Settings.Dialects}
	if len(w.targets) == 0 {
		w.targets = Shipped
	}
	if before == nil {
		before = schema.New(opts.Settings)
	}
	// The walk writes only the tables the changes touch: it shares the
	// rest with before rather than copying thousands of them.
	replay := schema.Share(before)
	w.state = replay.Snapshot
	for i, c := range changes {
		if err := schema.Complete(c); err != nil {
			return nil, fmt.Errorf("change %d: %w", i+1, err)
		}
		w.index, w.change = i, c
		if slices.Contains(opts.DataSteps, i) {
			clear(w.fresh)
		}
		for _, rule := range rules {
			rule(w, c)
		}
		if w.err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, c, w.err)
		}
		if err := replay.Apply(c); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, c, err)
		}
		w.track(c)
	}
	sortFindings(w.findings)
	return w.findings, nil
}

// rules are applied to every change in turn; each reports what it finds.
var rules = []func(*walker, schema.Change){
	checkPostgres,
	checkMySQL,
	checkSQLite,
	checkUnique,
	checkBackfill,
	checkOldBinary,
	checkDialectSQL,
}

// walker is one Check in progress.
type walker struct {
	opts    Options
	targets []string
	dbs     map[string]*gorm.DB
	// state is the schema before the current change.
	state *schema.Snapshot
	// created holds the tables the migration created so far, under their
	// current names (dialect.Context.CreatedHere).
	created map[string]bool
	// referenced holds the tables the foreign keys the migration creates
	// reference (dialect.Context.Referenced).
	referenced map[string]bool
	// fresh holds, by table, the columns the migration added to tables
	// that existed before it, as added, while lint knows that every row
	// holds the column's default (NULL without one): until a data step or
	// a change of the column.
	fresh  map[string]map[string]*schema.Column
	index  int
	change schema.Change
	// err is the first error a rule met.
	err      error
	findings []Finding
}

// on reports whether lint checks dialect d.
func (w *walker) on(d string) bool { return slices.Contains(w.targets, d) }

// existing reports whether table was there before the migration: a table
// the migration created has no rows and no other session sees it yet.
func (w *walker) existing(table string) bool {
	return w.state.Table(table) != nil && !w.created[table]
}

// plain reports whether the runtime emits plain DDL on dialect d.
func (w *walker) plain(d string) bool { return !w.opts.Settings.OnlineDDL(d) }

// context is what d's compiler would be given for the current change.
func (w *walker) context(d string) *dialect.Context {
	return &dialect.Context{
		DB:            w.dbs[d],
		Before:        w.state,
		InTransaction: !w.opts.NoTransaction,
		Online:        !w.plain(d),
		CreatedHere:   w.created,
		Referenced:    w.referenced,
	}
}

// sqlType is the column type d's compiler gives col.
func (w *walker) sqlType(d string, col *schema.Column) string {
	return dialect.NewBuilder(w.dbs[d]).Type(col)
}

// report records a finding on the current change: informational when it
// is on a dialect the model set did not declare (Assumed).
func (w *walker) report(code, d, why, fix string) {
	info := d != "" && slices.Contains(Assumed(w.opts.Settings), d)
	w.findings = append(w.findings, Finding{Code: code, Dialect: d, Change: w.change.String(), Index: w.index, Why: why, Fix: fix, Info: info})
}

// inform records an informational finding on the current change.
func (w *walker) inform(code, d, why, fix string) {
	w.report(code, d, why, fix)
	w.findings[len(w.findings)-1].Info = true
}

// fail records the first error a rule meets.
func (w *walker) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// track follows the tables the migration creates, drops and renames, as
// the runtime does, and the columns it adds to existing tables. It runs
// after c is applied to w.state.
func (w *walker) track(c schema.Change) {
	switch c := c.(type) {
	case schema.AddColumn:
		if !w.created[c.Table] {
			if w.fresh[c.Table] == nil {
				w.fresh[c.Table] = map[string]*schema.Column{}
			}
			w.fresh[c.Table][c.Column.Name] = c.Column
		}
	case schema.DropColumn:
		delete(w.fresh[c.Table], c.Column.Name)
	case schema.AlterColumn:
		delete(w.fresh[c.Table], c.From.Name) // a backfill, or a cast
	case schema.RenameColumn:
		if col, ok := w.fresh[c.Table][c.From]; ok {
			delete(w.fresh[c.Table], c.From)
			w.fresh[c.Table][c.To] = col
		}
	case schema.RenameTable:
		if cols, ok := w.fresh[c.From]; ok {
			delete(w.fresh, c.From)
			w.fresh[c.To] = cols
		}
	case schema.DropTable:
		delete(w.fresh, c.Table.Name)
	}
	dialect.TrackCreated(w.created, c)
}

// tableBefore names c's table as the schema before c knows it.
func tableBefore(c schema.Change) string {
	if r, ok := c.(schema.RenameTable); ok {
		return r.From
	}
	return schema.TableOf(c)
}

// becomesNotNull reports whether an altered column becomes NOT NULL.
func becomesNotNull(c schema.AlterColumn) bool { return !c.From.NotNull && c.To.NotNull }
