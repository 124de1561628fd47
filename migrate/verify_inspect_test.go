package migrate_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// gizmos is one revision creating gizmos, whose check, default and
// indexes the hand-made changes below alter, with extra steps after it.
func gizmos(extra ...migrate.Step) []migrate.Migration {
	col := func(name, kind string) *schema.Column {
		return &schema.Column{Name: name, DataType: kind, GORMDataType: kind, Size: 64}
	}
	code := col("code", schema.String)
	code.HasDefault, code.Default, code.DefaultKind = true, "007", schema.String
	t := &schema.Table{Name: "gizmos", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		col("a", schema.Int), col("b", schema.Int), col("c", schema.Int), col("role", schema.String), code,
		col("email", schema.String), col("deleted_at", schema.Time), col("kind", schema.String)},
		Checks: []*schema.Check{{Name: "chk_sum", Expr: "a + (b * c) > 0", Column: "a"}, {Name: "chk_role", Expr: "role <> 'Admin'", Column: "role"}},
		Indexes: []*schema.Index{
			{Name: "idx_gizmos_email_live", Class: "UNIQUE", Where: "deleted_at IS NULL", Columns: []*schema.IndexColumn{{Column: "email"}}},
			{Name: "idx_gizmos_kind", Type: "hash", Columns: []*schema.IndexColumn{{Column: "kind"}}},
		}}
	return []migrate.Migration{{ID: "20260301000000_gizmos",
		Up:   append([]migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: t}}}}, extra...),
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: t}}}}}}
}

// upClean applies migs on a new database of d and requires Verify to find
// nothing.
func upClean(t *testing.T, d corpustest.Dialect, migs []migrate.Migration) (*gorm.DB, *migrate.Migrator) {
	t.Helper()
	db, _ := corpustest.Open(t, d)
	m := mustNew(t, db, migs)
	if err := m.Up(context.Background()); err != nil {
		t.Fatalf("up: %v", err)
	}
	drift, err := m.Verify(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if !drift.Clean() || len(drift.Notes) > 0 {
		t.Fatalf("verify right after Up: differences %q, notes %q; want none", drift.Differences, drift.Notes)
	}
	return db, m
}

// requireDrift runs stmts and requires Verify to report exactly want.
func requireDrift(t *testing.T, db *gorm.DB, m *migrate.Migrator, stmts []string, want ...string) {
	t.Helper()
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	drift, err := m.Verify(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if !slices.Equal(drift.Differences, want) {
		t.Errorf("verify after %q: differences %q, want %q", stmts, drift.Differences, want)
	}
}

// TestVerifyExtensionTables: a SQL step's extension may own tables
// (postgis's spatial_ref_sys); Verify does not report them. No extension
// available here creates a table, so the step makes one a member of
// hstore, as an extension script does.
func TestVerifyExtensionTables(t *testing.T) {
	upClean(t, corpustest.PostgreSQL, gizmos(migrate.SQL{Dialect: "postgres",
		Up:   "CREATE EXTENSION IF NOT EXISTS hstore; CREATE TABLE ext_meta (id integer PRIMARY KEY); ALTER EXTENSION hstore ADD TABLE ext_meta",
		Down: "DROP EXTENSION hstore"}))
}

// TestVerifyCheckAndDefaultText: a check's grouping, the case of a string
// in it, and a quoted number in a default are differences on each engine.
// The checks are replaced as a DBA would (SQLite rebuilds the table).
func TestVerifyCheckAndDefaultText(t *testing.T) {
	cases := []struct {
		name         string
		pg, my, from string
		to           string
		want         string
	}{
		{name: "grouping", pg: "ALTER TABLE gizmos DROP CONSTRAINT chk_sum, ADD CONSTRAINT chk_sum CHECK ((a + b) * c > 0)",
			from: "a + (b * c) > 0", to: "(a + b) * c > 0", want: "gizmos: check chk_sum CHECK ((a+b)*c>0), want chk_sum CHECK (a+b*c>0)"},
		{name: "string case", pg: "ALTER TABLE gizmos DROP CONSTRAINT chk_role, ADD CONSTRAINT chk_role CHECK (role <> 'admin')",
			from: "role <> 'Admin'", to: "role <> 'admin'", want: "gizmos: check chk_role CHECK (role<>'admin'), want chk_role CHECK (role<>'Admin')"},
		{name: "quoted number default", pg: "ALTER TABLE gizmos ALTER COLUMN code SET DEFAULT '7'",
			from: `DEFAULT "007"`, to: `DEFAULT "7"`, want: "gizmos.code: default '7', want '007'"},
	}
	for _, d := range corpustest.AllDialects {
		for _, c := range cases {
			t.Run(string(d)+"/"+strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				t.Parallel()
				db, m := upClean(t, d, gizmos())
				stmts := []string{c.pg}
				switch d {
				case corpustest.SQLite:
					stmts = sqliteRebuildTable(t, db, "gizmos", "id, a, b, c, role, code, email, deleted_at, kind",
						func(s string) string { return strings.Replace(s, c.from, c.to, 1) })
				case corpustest.MariaDB:
					stmts = []string{strings.Replace(c.pg, "DROP CONSTRAINT chk_sum,", "DROP CONSTRAINT chk_sum;\nALTER TABLE gizmos", 1)}
					stmts = strings.Split(strings.Replace(stmts[0], "DROP CONSTRAINT chk_role,", "DROP CONSTRAINT chk_role;\nALTER TABLE gizmos", 1), ";\n")
				}
				requireDrift(t, db, m, stmts, c.want)
			})
		}
	}
}

// TestVerifyIndexPredicate: on PostgreSQL a partial unique index recreated
// without its WHERE, and a hash index recreated as btree, are differences.
func TestVerifyIndexPredicate(t *testing.T) {
	db, m := upClean(t, corpustest.PostgreSQL, gizmos())
	requireDrift(t, db, m, []string{"DROP INDEX idx_gizmos_email_live", "CREATE UNIQUE INDEX idx_gizmos_email_live ON gizmos (email)",
		"DROP INDEX idx_gizmos_kind", "CREATE INDEX idx_gizmos_kind ON gizmos (kind)"},
		"gizmos: index idx_gizmos_email_live (email) UNIQUE, want idx_gizmos_email_live (email) UNIQUE WHERE deleted_at is null",
		"gizmos: index idx_gizmos_kind (kind), want idx_gizmos_kind (kind) USING hash")
}

// TestVerifySQLiteUnnamedConstraints: constraints a hand-rebuilt SQLite
// table declares without a name, as a table constraint or inline, are
// reported.
func TestVerifySQLiteUnnamedConstraints(t *testing.T) {
	for _, c := range []struct{ name, add, want string }{
		{"foreign key", ",FOREIGN KEY (company_id) REFERENCES companies(id) ON DELETE CASCADE",
			"users: extra foreign key <unnamed> (company_id) REFERENCES companies(id) ON UPDATE NO ACTION ON DELETE CASCADE"},
		{"inline references", ",`boss_id` integer REFERENCES users(id)", ""},
		{"check", ",CHECK (length(name) > 1)", "users: extra check <unnamed> CHECK (length(name)>1)"},
		{"inline unique", ",`nick` text UNIQUE", ""},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			db, m := upClean(t, corpustest.SQLite, driftMigrations())
			stmts := sqliteRebuild(t, db, func(s string) string { return strings.TrimSuffix(s, ")") + c.add + ")" })
			want := []string{c.want}
			switch c.name {
			case "inline references":
				want = []string{"users: extra column boss_id integer",
					"users: extra foreign key <unnamed> (boss_id) REFERENCES users(id) ON UPDATE NO ACTION ON DELETE NO ACTION"}
			case "inline unique":
				want = []string{"users: extra column nick text", "users: extra unique <unnamed> (nick)"}
			}
			requireDrift(t, db, m, stmts, want...)
		})
	}
}

// sqliteRebuildTable returns the statements that rebuild table with edit
// applied to its CREATE TABLE statement, keeping the rows of columns and
// its indexes.
func sqliteRebuildTable(t *testing.T, db *gorm.DB, table, columns string, edit func(string) string) []string {
	t.Helper()
	var create string
	var indexes []string
	if err := db.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&create).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table).Scan(&indexes).Error; err != nil {
		t.Fatal(err)
	}
	edited := edit(create)
	if edited == create {
		t.Fatalf("the edit changed nothing in %s", create)
	}
	return append([]string{"CREATE TABLE " + table + "_new " + edited[strings.Index(edited, "("):],
		"INSERT INTO " + table + "_new (" + columns + ") SELECT " + columns + " FROM " + table,
		"DROP TABLE " + table, "ALTER TABLE " + table + "_new RENAME TO " + table}, indexes...)
}
