package sqlserver

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	gormsqlserver "gorm.io/driver/sqlserver"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/cases"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/ddlnorm"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// TestCreateMatchesGORM compiles CREATE TABLE for every table of every
// corpus case (the corpus packages, GORM's test models, the example app,
// naming-strategy variants) and requires the statements GORM's sqlserver
// migrator issues for the same models: CREATE TABLE and CREATE INDEX from
// CreateTable in DryRun mode, column comments from CreateTable on a fake
// server (see gormComments). Only GORM's random orders are normalised: the
// order of the constraints inside CREATE TABLE and of the CREATE INDEX
// statements.
func TestCreateMatchesGORM(t *testing.T) {
	// What was compared, so that a comparison of nothing cannot pass.
	var tables, indexes, comments int
	defer func() {
		t.Logf("compared %d tables, %d CREATE INDEX and %d comment statements", tables, indexes, comments)
		if tables == 0 || indexes == 0 || comments == 0 {
			t.Error("the corpus exercised too little")
		}
	}()
	for _, c := range cases.All() {
		t.Run(c.Name, func(t *testing.T) {
			opts := gormoracle.Options{
				Naming:                       c.Settings.Naming,
				DisableForeignKeyConstraints: c.Settings.DisableForeignKeyConstraints,
				TableOptions:                 c.Settings.TableOptions,
				JoinTables:                   c.JoinTables,
			}
			snap, err := gormoracle.Snapshot(c.Models, opts)
			if err != nil {
				t.Fatal(err)
			}
			gormDDL := gormCreates(t, c.Models, opts)
			commentsByTable := gormComments(t, c.Models, opts)

			ctx := &dialect.Context{DB: dryRunDB(t, opts), Before: snap}
			for _, table := range snap.Tables {
				ours, err := Dialect{}.Compile(ctx, schema.CreateTable{Table: table})
				if err != nil {
					t.Errorf("table %s: %v", table.Name, err)
					continue
				}
				want, ok := gormDDL[table.Name]
				if !ok {
					t.Errorf("table %s: GORM's CreateTable did not create it", table.Name)
					continue
				}
				want = append(want, commentsByTable[table.Name]...)
				tables++
				for _, s := range want {
					switch {
					case strings.HasPrefix(s, "CREATE ") && !strings.HasPrefix(s, "CREATE TABLE "):
						indexes++
					case strings.Contains(s, "sp_addextendedproperty"):
						comments++
					}
				}
				got, want := normalise(ours), normalise(want)
				if !slices.Equal(got, want) {
					t.Errorf("table %s differs from GORM's sqlserver migrator:\nmigragen:\n\t%s\nGORM:\n\t%s",
						table.Name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
				}
				delete(gormDDL, table.Name)
			}
			for name := range gormDDL {
				t.Errorf("GORM creates table %s, which is not in the snapshot", name)
			}
		})
	}
}

// dryRunDB is a DryRun sqlserver database with the settings of opts, on
// the Dialector of dialects.DryRun. Each case gets its own, so that schema
// caches, SetupJoinTable and naming settings stay apart.
func dryRunDB(t testing.TB, opts gormoracle.Options) *gorm.DB {
	t.Helper()
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	db, err := gorm.Open(dbs["sqlserver"].Dialector, gormConfig(opts, true))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func gormConfig(opts gormoracle.Options, dryRun bool) *gorm.Config {
	return &gorm.Config{
		DryRun:               dryRun,
		DisableAutomaticPing: true,
		Logger:               logger.Discard,
		NamingStrategy: gormschema.NamingStrategy{
			TablePrefix:         opts.Naming.TablePrefix,
			SingularTable:       opts.Naming.SingularTable,
			NoLowerCase:         opts.Naming.NoLowerCase,
			IdentifierMaxLength: opts.Naming.IdentifierMaxLength,
		},
		DisableForeignKeyConstraintWhenMigrating: opts.DisableForeignKeyConstraints,
	}
}

// migrated prepares db as an application would (SetupJoinTable), parses
// the models in order, as gormoracle does, and returns the values
// AutoMigrate creates tables for, in its order, with their table names.
func migrated(t testing.TB, db *gorm.DB, models []any, opts gormoracle.Options) (values []any, tables []string) {
	t.Helper()
	for _, jt := range opts.JoinTables {
		if err := db.SetupJoinTable(jt.Model, jt.Field, jt.JoinModel); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range models {
		if err := (&gorm.Statement{DB: db}).Parse(m); err != nil {
			t.Fatal(err)
		}
	}
	values = db.Migrator().(gormsqlserver.Migrator).ReorderModels(models, true)
	for _, v := range values {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(v); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, stmt.Schema.Table)
	}
	return values, tables
}

// gormCreates returns, per table, the CREATE statements GORM's sqlserver
// migrator emits in DryRun mode: AutoMigrate's path for a missing table,
// CreateTable on each value of the model set. The migrator then adds
// column comments, which DryRun cannot do: it reads the default schema
// with a query DryRun does not run and dereferences the missing row. That
// panic, after the CREATE statements, is expected for tables with
// comments.
func gormCreates(t *testing.T, models []any, opts gormoracle.Options) map[string][]string {
	t.Helper()
	db := dryRunDB(t, opts)
	values, tables := migrated(t, db, models, opts)
	out := map[string][]string{}
	for i, v := range values {
		rec := &corpustest.Recorder{}
		panicked := func() (p any) {
			defer func() { p = recover() }()
			if err := db.Session(&gorm.Session{Logger: rec}).Migrator().CreateTable(v); err != nil {
				t.Fatalf("GORM CreateTable %s: %v", tables[i], err)
			}
			return nil
		}()
		var stmts []string
		for _, s := range rec.Statements() {
			if strings.HasPrefix(s, "CREATE ") {
				stmts = append(stmts, s)
			}
		}
		readsSchema := slices.ContainsFunc(rec.Statements(), func(s string) bool { return strings.HasPrefix(s, "SELECT SCHEMA_NAME()") })
		if panicked != nil && !readsSchema {
			t.Fatalf("GORM CreateTable %s panicked before a column comment: %v", tables[i], panicked)
		}
		out[tables[i]] = stmts
	}
	return out
}

// fakeSchema is the default schema the fake server reports.
const fakeSchema = "fake_default_schema"

// gormComments returns, per table, the column comments GORM's sqlserver
// migrator writes in CreateTable, run on a fake server that answers its
// SELECT SCHEMA_NAME(), as the statements migragen writes for them. GORM
// sends
//
//	EXEC sp_addextendedproperty 'MS_Description', N'<comment>', 'SCHEMA', @p1, 'TABLE', @p2, 'COLUMN', @p3
//
// with the schema it read, the table and the column as parameters, which
// go-mssqldb binds as nvarchar. migragen reads nothing while compiling, so
// its statement reads SCHEMA_NAME() itself: the expected statement is
// GORM's with the schema parameter as that @schema variable and the other
// parameters as N'...' literals. Everything GORM wrote itself, including
// the comment's escaping, is compared as it is.
func gormComments(t *testing.T, models []any, opts gormoracle.Options) map[string][]string {
	t.Helper()
	db, srv := openFake(t, gormConfig(opts, false), func(query string, _ []any) any {
		if strings.Contains(query, "SCHEMA_NAME()") {
			return fakeSchema
		}
		return nil
	})
	values, tables := migrated(t, db, models, opts)
	out := map[string][]string{}
	for i, v := range values {
		start := len(srv.Calls())
		if err := db.Migrator().CreateTable(v); err != nil {
			t.Fatalf("GORM CreateTable %s on the fake server: %v", tables[i], err)
		}
		for _, c := range srv.Calls()[start:] {
			if !strings.HasPrefix(c.Query, "EXEC sp_addextendedproperty") {
				continue
			}
			if len(c.Args) != 3 || c.Args[0] != fakeSchema {
				t.Fatalf("unexpected comment statement from GORM: %q %v", c.Query, c.Args)
			}
			s := strings.Replace(c.Query, "@p1", "@schema", 1)
			for n, a := range c.Args[1:] {
				s = strings.Replace(s, fmt.Sprintf("@p%d", n+2), "N'"+strings.ReplaceAll(fmt.Sprint(a), "'", "''")+"'", 1)
			}
			out[tables[i]] = append(out[tables[i]], "DECLARE @schema sysname = SCHEMA_NAME(); "+s)
		}
	}
	return out
}

// normalise puts what GORM orders at random in a fixed order: the
// constraints at the end of a CREATE TABLE and the CREATE INDEX
// statements, which follow the CREATE TABLE.
func normalise(stmts []string) []string {
	out := slices.Clone(stmts)
	for i, s := range out {
		if strings.HasPrefix(s, "CREATE TABLE ") {
			out[i] = ddlnorm.SortConstraints(s)
		}
	}
	isIndex := func(s string) bool { return strings.HasPrefix(s, "CREATE ") && !strings.HasPrefix(s, "CREATE TABLE ") }
	first := slices.IndexFunc(out, isIndex)
	if first < 0 {
		return out
	}
	last := first
	for last < len(out) && isIndex(out[last]) {
		last++
	}
	slices.Sort(out[first:last])
	return out
}
