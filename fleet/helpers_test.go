package fleet_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/fleet/pgschema"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

const (
	revItems = "20260101000000_items"
	revNote  = "20260102000000_note"
)

// poison is the name of a row that makes the note revision's backfill
// fail half-way: after its ALTER TABLE and its UPDATE, before the
// revision is recorded.
const poison = "poison"

// fleetMigrations is a chain of two revisions: items (id, name), then a
// nullable note column filled by a Go step from the name, in upper case.
// The Go step refuses a table that holds a poison row, after it has
// written, so one target can be made to fail half-way by its data alone.
// backfill, when not nil, is called by each successful backfill, with the
// connection it ran on.
func fleetMigrations(backfill func(ctx context.Context, tx *gorm.DB) error) []migrate.Migration {
	items := &schema.Table{Name: "items", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 100, NotNull: true},
	}}
	note := &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 100}
	return []migrate.Migration{
		{ID: revItems,
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: items}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: items}}}}},
		{ID: revNote, Parents: []string{revItems},
			Up: []migrate.Step{
				migrate.Schema{Changes: []schema.Change{schema.AddColumn{Table: "items", Column: note}}},
				migrate.Go{Name: "backfill", Down: migrate.Nothing, Up: func(ctx context.Context, tx *gorm.DB) error {
					if err := tx.WithContext(ctx).Exec("UPDATE items SET note = UPPER(name)").Error; err != nil {
						return err
					}
					var n int64
					if err := tx.WithContext(ctx).Raw("SELECT COUNT(*) FROM items WHERE name = ?", poison).Scan(&n).Error; err != nil {
						return err
					}
					if n > 0 {
						return fmt.Errorf("%d poisoned row(s) in items", n)
					}
					if backfill != nil {
						return backfill(ctx, tx)
					}
					return nil
				}},
			},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropColumn{Table: "items", Column: note}}}}},
	}
}

// engine is a set of targets on one engine, and a way to look into each
// target other than through the fleet.
type engine struct {
	dialect corpustest.Dialect
	names   []string
	targets []fleet.Target
	// on returns a connection that reaches target's tables, and the
	// target's table tbl named so that the connection finds it.
	on func(t testing.TB, target string) (db *gorm.DB, table func(tbl string) string)
	// columns lists the columns of the target's items table.
	columns func(t testing.TB, target string) []string
}

func quiet(cfg *gorm.Config) { cfg.Logger = logger.Discard }

func suffix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// pgEngine makes n PostgreSQL schemas in corpustest's database, dropped
// when the test ends, and targets for them from pgschema.Targets on a
// *gorm.DB whose own DSN sets another search_path, which each target's
// must override.
func pgEngine(t testing.TB, n int) *engine {
	admin, _ := corpustest.Open(t, corpustest.PostgreSQL, quiet)
	e := &engine{dialect: corpustest.PostgreSQL, names: names("tenant_"+suffix(), n)}
	for _, name := range e.names {
		mustExec(t, admin, "CREATE SCHEMA "+name)
		t.Cleanup(func() { mustExec(t, admin, "DROP SCHEMA IF EXISTS "+name+" CASCADE") })
	}
	var err error
	if e.targets, err = pgschema.Targets(admin, e.names); err != nil {
		t.Fatal(err)
	}
	e.on = func(_ testing.TB, target string) (*gorm.DB, func(string) string) {
		return admin, func(tbl string) string { return fmt.Sprintf("%q.%q", target, tbl) }
	}
	e.columns = func(t testing.TB, target string) []string {
		return queryStrings(t, admin, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'items' ORDER BY ordinal_position", target)
	}
	return e
}

// mariaEngine makes n MariaDB databases, dropped when the test ends, and
// targets for them from a DSN template.
func mariaEngine(t testing.TB, n int) *engine {
	admin, _ := corpustest.Open(t, corpustest.MariaDB, quiet)
	e := &engine{dialect: corpustest.MariaDB, names: names("maria_"+suffix(), n)}
	for _, name := range e.names {
		mustExec(t, admin, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4")
		t.Cleanup(func() { mustExec(t, admin, "DROP DATABASE IF EXISTS "+name) })
	}
	var current string
	if err := admin.Raw("SELECT DATABASE()").Scan(&current).Error; err != nil {
		t.Fatal(err)
	}
	dsn := admin.Dialector.(*mysql.Dialector).Config.DSN
	template := strings.Replace(dsn, "/"+current+"?", "/"+fleet.NamePlaceholder+"?", 1)
	var err error
	if e.targets, err = fleet.FromTemplate(template, e.names, openWith(mysql.Open)); err != nil {
		t.Fatal(err)
	}
	e.on = func(_ testing.TB, target string) (*gorm.DB, func(string) string) {
		return admin, func(tbl string) string { return "`" + target + "`.`" + tbl + "`" }
	}
	e.columns = func(t testing.TB, target string) []string {
		return queryStrings(t, admin, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'items' ORDER BY ordinal_position", target)
	}
	return e
}

// sqliteEngine makes targets for n SQLite files in a temporary directory,
// from a DSN template; the files appear when first opened.
func sqliteEngine(t testing.TB, n int) *engine {
	e := &engine{dialect: corpustest.SQLite, names: names("lite", n)}
	template := sqliteTemplate(t)
	var err error
	if e.targets, err = fleet.FromTemplate(template, e.names, openWith(sqlite.Open)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	dbs := map[string]*gorm.DB{}
	e.on = func(t testing.TB, target string) (*gorm.DB, func(string) string) {
		mu.Lock()
		defer mu.Unlock()
		if dbs[target] == nil {
			db, err := openWith(sqlite.Open)(strings.ReplaceAll(template, fleet.NamePlaceholder, target))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { closeDB(db) })
			dbs[target] = db
		}
		return dbs[target], func(tbl string) string { return `"` + tbl + `"` }
	}
	e.columns = func(t testing.TB, target string) []string {
		db, _ := e.on(t, target)
		return queryStrings(t, db, "SELECT name FROM pragma_table_info('items') ORDER BY cid")
	}
	return e
}

// sqliteTemplate is a DSN template for SQLite files in a fresh directory,
// with the settings corpustest opens SQLite with.
func sqliteTemplate(t testing.TB) string {
	return filepath.Join(t.TempDir(), fleet.NamePlaceholder+".db") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
}

// openWith is an Opener for a GORM driver, logging nothing.
func openWith(driver func(dsn string) gorm.Dialector) fleet.Opener {
	return func(dsn string) (*gorm.DB, error) {
		return gorm.Open(driver(dsn), &gorm.Config{Logger: logger.Discard})
	}
}

// pgTemplate is a DSN template for schemas of corpustest's PostgreSQL
// database, and that database.
func pgTemplate(t testing.TB) (string, *gorm.DB) {
	admin, _ := corpustest.Open(t, corpustest.PostgreSQL, quiet)
	return admin.Dialector.(*postgres.Dialector).Config.DSN + " search_path=" + fleet.NamePlaceholder, admin
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s_%02d", prefix, i+1)
	}
	return out
}

func mustExec(t testing.TB, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryStrings(t testing.TB, db *gorm.DB, sql string, args ...any) []string {
	t.Helper()
	var out []string
	if err := db.Raw(sql, args...).Scan(&out).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// seed inserts rows named after the target into its items table, and a
// poison row when poisoned; it returns the names in id order.
func (e *engine) seed(t testing.TB, target string, poisoned bool) []string {
	rows := []string{"alpha " + target, "beta " + target, "gamma " + target}
	if poisoned {
		rows = append(rows, poison)
	}
	db, table := e.on(t, target)
	for _, name := range rows {
		mustExec(t, db, "INSERT INTO "+table("items")+" (name) VALUES (?)", name)
	}
	return rows
}

// item is a row of items after the note revision.
type item struct {
	Name string
	Note *string
}

// items reads the target's rows in id order; withNote reads the note too.
func (e *engine) items(t testing.TB, target string, withNote bool) []item {
	db, table := e.on(t, target)
	cols := "name, NULL AS note"
	if withNote {
		cols = "name, note"
	}
	var out []item
	if err := db.Raw("SELECT " + cols + " FROM " + table("items") + " ORDER BY id").Scan(&out).Error; err != nil {
		t.Fatalf("items of %s: %v", target, err)
	}
	return out
}

func itemNames(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}

// results indexes a summary's results by target.
func results(s *fleet.Summary) map[string]fleet.Result {
	out := map[string]fleet.Result{}
	for _, r := range s.Targets {
		out[r.Target] = r
	}
	return out
}

// events collects a fleet's progress events.
type events struct {
	mu  sync.Mutex
	all []fleet.Event
}

func (ev *events) add(e fleet.Event) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.all = append(ev.all, e)
}

func (ev *events) list() []fleet.Event {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return slices.Clone(ev.all)
}

func targetsOf(engines ...*engine) []fleet.Target {
	var out []fleet.Target
	for _, e := range engines {
		out = append(out, e.targets...)
	}
	return out
}
