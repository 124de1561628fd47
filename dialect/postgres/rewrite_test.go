package postgres_test

import (
	"errors"
	"fmt"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/dialect/postgres"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/schema"
)

// TestRewritesTable holds RewritesTable to PostgreSQL's own decision. For
// each pair of types it creates a table with a column of the first type
// and a row, changes the column to the second type with the statements
// the dialect compiles for that AlterColumn, and reads the table's
// pg_class.relfilenode before and after: PostgreSQL gives a table a new
// file exactly when it rewrites it. The session's TimeZone is not UTC,
// as a migration cannot count on it being (PostgreSQL skips the
// timestamp to timestamptz rewrite only under UTC).
func TestRewritesTable(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	for _, tc := range []struct{ from, to *schema.Column }{
		// GORM's own types, as the dialect compiles them.
		{str(50), str(100)}, // varchar(50) -> varchar(100)
		{str(100), str(50)}, // narrowing checks every value
		{str(50), str(0)},   // varchar(50) -> text
		{str(0), str(50)},   // text -> varchar(50)
		{integer(32), integer(64)},
		{integer(64), integer(32)},
		{integer(16), integer(32)},
		{decimal(10, 2), decimal(12, 2)},
		{decimal(10, 2), decimal(12, 3)},
		{decimal(12, 2), decimal(10, 2)},
		{decimal(10, 0), decimal(10, 2)},
		// type: tags.
		{typed("varchar(20)"), typed("varchar")},
		{typed("varchar"), typed("varchar(20)")},
		{typed("character varying(20)"), typed("VARCHAR(30)")},
		{typed("text"), typed("varchar")},
		{typed("varchar(20)"), typed("text")},
		{typed("text"), typed("jsonb")},
		{typed("json"), typed("jsonb")},
		{typed("char(5)"), typed("char(10)")},
		{typed("char(5)"), typed("varchar(10)")},
		{typed("numeric(10,2)"), typed("numeric")},
		{typed("numeric"), typed("numeric(10,2)")},
		{typed("numeric(10)"), typed("decimal(12,0)")},
		{typed("bit varying(5)"), typed("varbit(10)")},
		{typed("timestamp(3)"), typed("timestamp(6)")},
		{typed("timestamptz(6)"), typed("timestamptz(3)")},
		{typed("timestamp with time zone"), typed("timestamptz")},
		{typed("timestamptz(3)"), typed("timestamp(3) with time zone")},
		{typed("timestamp"), typed("timestamptz")},
		{typed("timestamptz"), typed("timestamp")},
		{typed("time(2)"), typed("time without time zone")},
		{typed("interval"), typed("interval(3)")},
		{typed("integer"), typed("int4")},
		{typed("int"), typed("bigint")},
		{typed("varchar(20)[]"), typed("varchar(30)[]")},
		{typed("uuid"), typed("text")},
		{typed("bool"), typed("boolean")},
	} {
		name := fmt.Sprintf("%s to %s", tc.from.DataType+size(tc.from), tc.to.DataType+size(tc.to))
		t.Run(name, func(t *testing.T) {
			var pgFrom, pgTo string
			var rewrote bool
			err := db.Transaction(func(tx *gorm.DB) error {
				var err error
				pgFrom, pgTo, rewrote, err = alterAndWatch(tx, tc.from, tc.to)
				return err
			})
			if !errors.Is(err, errRollback) {
				t.Fatal(err)
			}
			if got := postgres.RewritesTable(pgFrom, pgTo); got != rewrote {
				t.Errorf("RewritesTable(%q, %q) = %v; PostgreSQL rewrote the table: %v", pgFrom, pgTo, got, rewrote)
			}
		})
	}
}

// alterAndWatch creates table rw with column c of type from and a row,
// alters c to type to as the dialect compiles it, and reports the types
// compiled and whether the table's file changed. The transaction rolls
// back whatever happens, so every case starts afresh.
func alterAndWatch(tx *gorm.DB, from, to *schema.Column) (string, string, bool, error) {
	d := postgres.Dialect{}
	from.Name, to.Name = "c", "c"
	table := &schema.Table{Name: "rw", Columns: []*schema.Column{{Name: "id", DataType: schema.Int, Size: 64, PrimaryKey: true}, from}}
	before := schema.New(schema.Settings{})
	before.Tables = append(before.Tables, table)
	ctx := &dialect.Context{DB: tx, Before: before, InTransaction: true}
	b := dialect.NewBuilder(tx)
	create, err := d.Compile(ctx, schema.CreateTable{Table: table})
	if err != nil {
		return "", "", false, err
	}
	alter, err := d.Compile(ctx, schema.AlterColumn{Table: "rw", From: from, To: to})
	if err != nil {
		return "", "", false, err
	}
	var relfile []int64
	fileNode := "SELECT relfilenode FROM pg_class WHERE oid = 'rw'::regclass"
	stmts := append([]string{"SET LOCAL TimeZone = 'Europe/Berlin'"}, create...)
	stmts = append(stmts, "INSERT INTO rw (id) VALUES (1)", fileNode)
	stmts = append(append(stmts, alter...), fileNode)
	for _, s := range stmts {
		if s == fileNode {
			var n int64
			if err := tx.Raw(s).Scan(&n).Error; err != nil {
				return "", "", false, err
			}
			relfile = append(relfile, n)
			continue
		}
		if err := tx.Exec(s).Error; err != nil {
			return "", "", false, fmt.Errorf("%s: %w", s, err)
		}
	}
	return b.Type(from), b.Type(to), relfile[0] != relfile[1], errRollback
}

// errRollback rolls the case's transaction back once it has been watched.
var errRollback = errors.New("roll back")

func str(size int) *schema.Column { return &schema.Column{DataType: schema.String, Size: size} }

func integer(size int) *schema.Column { return &schema.Column{DataType: schema.Int, Size: size} }

func decimal(precision, scale int) *schema.Column {
	return &schema.Column{DataType: schema.Float, Precision: precision, Scale: scale}
}

// typed is a column with a type: tag, which GORM's DataTypeOf passes
// through.
func typed(sql string) *schema.Column {
	return &schema.Column{DataType: sql, GORMDataType: schema.String, Type: sql}
}

func size(c *schema.Column) string {
	switch {
	case c.Type != "":
		return ""
	case c.Precision > 0:
		return fmt.Sprintf("(%d,%d)", c.Precision, c.Scale)
	case c.Size > 0:
		return fmt.Sprintf("(%d)", c.Size)
	}
	return ""
}
