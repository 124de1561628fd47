package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	pgdriver "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	_ "github.com/migragen/migragen/dialect/postgres"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestSearchPathMissingSchema runs Up on a connection whose search_path
// names no schema that exists, with each kind of lock. It must refuse
// before the lock with an error that names the schema and the fix, not
// fail on the NULL that pg_try_advisory_lock answers there.
func TestSearchPathMissingSchema(t *testing.T) {
	for _, tc := range []struct {
		name string
		// path is the search_path, with %s for a schema that does not
		// exist.
		path string
		opts []migrate.Option
	}{
		{"session lock", "%s", nil},
		{"transaction lock", "%s", []migrate.Option{migrate.WithTransactionLock()}},
		{"per-role schema first", `"$user", %s`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh, _ := corpustest.Open(t, corpustest.PostgreSQL)
			// The fresh schema's name with a suffix is a schema that
			// does not exist; in a DSN the last search_path wins.
			var (
				current    string
				roleSchema bool
			)
			err := fresh.Raw("SELECT current_schema(), EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = current_user)").Row().Scan(&current, &roleSchema)
			if err != nil {
				t.Fatal(err)
			}
			if roleSchema && strings.Contains(tc.path, "$user") {
				t.Skip("the server has a schema named after the role")
			}
			missing := current + "_missing"
			dsn := fresh.Dialector.(*pgdriver.Dialector).Config.DSN + " search_path='" + fmt.Sprintf(tc.path, missing) + "'"
			db, err := gorm.Open(pgdriver.Open(dsn), &gorm.Config{Logger: logger.Discard})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if sqlDB, err := db.DB(); err == nil {
					sqlDB.Close()
				}
			})

			m, err := migrate.New(db, []migrate.Migration{notesMigration()}, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			err = m.Up(context.Background())
			if err == nil {
				t.Fatal("Up succeeded with a search_path that names no existing schema")
			}
			msg := err.Error()
			for _, want := range []string{"missing: ", `CREATE SCHEMA "` + missing + `"`, "search_path"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the error does not say %s: %v", want, err)
				}
			}
			if strings.Contains(msg, "advisory") {
				t.Errorf("the error comes from the lock, not from a check before it: %v", err)
			}
		})
	}
}

// notesMigration creates one table.
func notesMigration() migrate.Migration {
	notes := &schema.Table{Name: "notes", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
	}}
	return migrate.Migration{
		ID:      "20260101000001_notes",
		Message: "create notes",
		Up:      []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: notes}}}},
		Down:    []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: notes}}}},
	}
}
