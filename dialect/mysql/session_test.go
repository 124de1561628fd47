package mysql_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/dialect/mysql"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/schema"
)

// TestLiteralsFollowSQLMode compiles literal defaults, a backfill and
// comments with the session ReadSession reads, runs them on a real MariaDB
// session with and without NO_BACKSLASH_ESCAPES, and reads back what the
// server stored: in both modes it must be the text the model wrote. A
// backslash doubled for the default mode is stored twice under
// NO_BACKSLASH_ESCAPES. A check expression is SQL the user wrote, so it
// passes through verbatim in both modes.
func TestLiteralsFollowSQLMode(t *testing.T) {
	for _, noBackslashEscapes := range []bool{false, true} {
		name := "default sql_mode"
		if noBackslashEscapes {
			name = "NO_BACKSLASH_ESCAPES"
		}
		t.Run(name, func(t *testing.T) {
			db, _ := corpustest.Open(t, corpustest.MariaDB)
			// One pinned connection, as the runtime runs a run's
			// migrations: SET SESSION reaches only that connection.
			err := db.Connection(func(conn *gorm.DB) error {
				setSQLMode(t, conn, noBackslashEscapes)
				checkLiterals(t, conn)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// setSQLMode adds NO_BACKSLASH_ESCAPES to conn's sql_mode, or takes it out.
func setSQLMode(t *testing.T, conn *gorm.DB, noBackslashEscapes bool) {
	t.Helper()
	set := "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')"
	if noBackslashEscapes {
		set = "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_BACKSLASH_ESCAPES')"
	}
	if err := conn.Exec(set).Error; err != nil {
		t.Fatal(err)
	}
}

// Values with backslashes next to quotes, where a wrong escape shows.
const (
	pathDefault  = `\`
	pathComment  = `C:\dir\ it's`
	tailDefault  = `a\'b`
	noteDefault  = `x\y`
	indexComment = `a\b`
	checkExpr    = `path <> 'a\\b'`
)

// checkLiterals applies a table, an added column, a NOT NULL change with a
// backfill and an index on conn, compiled for conn's session, and compares
// what the server stored with the intended values.
func checkLiterals(t *testing.T, conn *gorm.DB) {
	ctx := context.Background()
	session, err := mysql.Dialect{}.ReadSession(ctx, conn)
	if err != nil {
		t.Fatalf("ReadSession: %v", err)
	}
	str := func(name string, size int) *schema.Column {
		return &schema.Column{Name: name, DataType: schema.String, Size: size}
	}
	withDefault := func(c *schema.Column, d string) *schema.Column {
		c.HasDefault, c.Default, c.DefaultKind = true, d, schema.String
		return c
	}
	id := &schema.Column{Name: "id", DataType: schema.Uint, Size: 64, PrimaryKey: true}
	path := withDefault(str("path", 20), pathDefault)
	path.Comment = pathComment
	note := str("note", 20)
	noteNotNull := withDefault(str("note", 20), noteDefault)
	noteNotNull.NotNull = true
	table := &schema.Table{Name: "files", Columns: []*schema.Column{id, path, note},
		Checks: []*schema.Check{{Name: "chk_files_path", Column: "path", Expr: checkExpr}}}

	run := func(c schema.Change) {
		t.Helper()
		stmts, err := mysql.Dialect{}.Compile(&dialect.Context{DB: conn, Before: schema.New(schema.Settings{}), Session: session}, c)
		if err != nil {
			t.Fatalf("compile %s: %v", c, err)
		}
		for _, s := range stmts {
			if err := conn.Exec(s).Error; err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	run(schema.CreateTable{Table: table})
	if err := conn.Exec("INSERT INTO files (id, note) VALUES (1, NULL)").Error; err != nil {
		t.Fatal(err)
	}
	run(schema.AddColumn{Table: "files", Column: withDefault(str("tail", 20), tailDefault)})
	run(schema.AlterColumn{Table: "files", From: note, To: noteNotNull})
	run(schema.CreateIndex{Table: "files", Index: &schema.Index{Name: "idx_files_note", Comment: indexComment, Columns: []*schema.IndexColumn{{Column: "note"}}}})
	if err := conn.Exec("INSERT INTO files (id) VALUES (2)").Error; err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct{ column, def, comment string }{
		{"path", pathDefault, pathComment},
		{"tail", tailDefault, ""},
		{"note", noteDefault, ""},
	} {
		var stored, comment string
		if err := conn.Raw("SELECT COLUMN_DEFAULT, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'files' AND COLUMN_NAME = ?", c.column).Row().Scan(&stored, &comment); err != nil {
			t.Fatal(err)
		}
		if got := unquoteDefault(stored); got != c.def {
			t.Errorf("column %s: information_schema default %s is %q, want %q", c.column, stored, got, c.def)
		}
		if comment != c.comment {
			t.Errorf("column %s: comment %q, want %q", c.column, comment, c.comment)
		}
		var value string
		if err := conn.Raw("SELECT " + c.column + " FROM files WHERE id = 2").Row().Scan(&value); err != nil {
			t.Fatal(err)
		}
		if value != c.def {
			t.Errorf("column %s: a row inserted without it holds %q, want the default %q", c.column, value, c.def)
		}
	}
	var backfilled, ixComment string
	if err := conn.Raw("SELECT note FROM files WHERE id = 1").Row().Scan(&backfilled); err != nil {
		t.Fatal(err)
	}
	if backfilled != noteDefault {
		t.Errorf("backfilled note %q, want %q", backfilled, noteDefault)
	}
	if err := conn.Raw("SELECT INDEX_COMMENT FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'files' AND INDEX_NAME = 'idx_files_note'").Row().Scan(&ixComment); err != nil {
		t.Fatal(err)
	}
	if ixComment != indexComment {
		t.Errorf("index comment %q, want %q", ixComment, indexComment)
	}
	// The check is the user's SQL, which the server parses by the
	// session's mode: no escaping of ours may change it.
	b := (&dialect.Context{DB: conn, Session: session}).SQL()
	if got := b.Check(table.Checks[0]); !strings.Contains(got, "("+checkExpr+")") {
		t.Errorf("check compiled as %s, want the expression %s verbatim", got, checkExpr)
	}
}

// unquoteDefault turns information_schema's COLUMN_DEFAULT into the value:
// MariaDB writes a string default as a quoted literal in the default
// sql_mode's syntax, whatever the session's mode; MySQL writes the value.
func unquoteDefault(s string) string {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return s
	}
	return strings.NewReplacer(`\\`, `\`, `\'`, `'`, `''`, `'`).Replace(s[1 : len(s)-1])
}
