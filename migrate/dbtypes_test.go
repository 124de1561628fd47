package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestDirectiveTypes applies a column whose per-dialect types a
// //migragen:dbtype directive stated: on a dialect the directive names the
// column gets the stated type; on one it leaves out the runtime refuses,
// naming the column and the dialect, before any statement runs, rather
// than let the dialect guess from the logical type.
func TestDirectiveTypes(t *testing.T) {
	ctx := context.Background()
	docs := func(types map[string]string) migrate.Migration {
		tb := &schema.Table{Name: "docs", Columns: []*schema.Column{
			{Name: "id", DataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
			{Name: "body", Field: "Body", DataType: schema.String, DBTypes: types, DBTypesOnly: true},
		}}
		return migrate.Migration{ID: "20260101000000_docs",
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: tb}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: tb}}}}}
	}

	t.Run("stated", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.SQLite)
		m, err := migrate.New(db, []migrate.Migration{docs(map[string]string{"sqlite": "json", "postgres": "jsonb"})})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		var typ string
		if err := db.Raw("SELECT type FROM pragma_table_info('docs') WHERE name = 'body'").Scan(&typ).Error; err != nil || typ != "json" {
			t.Errorf("docs.body has type %q (%v), want the stated json", typ, err)
		}
	})

	t.Run("omitted", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.SQLite)
		m, err := migrate.New(db, []migrate.Migration{docs(map[string]string{"postgres": "jsonb", "mysql": "json"})})
		if err != nil {
			t.Fatal(err)
		}
		err = m.Up(ctx)
		if err == nil {
			t.Fatal("Up created the column with a type the directive does not state")
		}
		for _, want := range []string{"docs.body", "mysql=json postgres=jsonb", "none for sqlite", "add sqlite=TYPE"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if db.Migrator().HasTable("docs") {
			t.Error("the table was created anyway")
		}
	})
}
