// MG112 for a model set declared for postgres and mysql: MySQL rejects
// jsonb and ILIKE, PostgreSQL rejects datetime. json and now() are fine
// on both; the MySQL dialect copies the table to add a column with an
// expression default such as now(), though: MG108.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_dialect_sql",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "prefs", DataType: "jsonb", GORMDataType: "string", Type: "jsonb"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "meta", DataType: "json", GORMDataType: "string", Type: "json"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "seen_at", DataType: "time", HasDefault: true, Default: "now()"}},
			schema.CreateTable{Table: &schema.Table{Name: "events", Columns: []*schema.Column{
				{Name: "id", DataType: "int", Size: 64, PrimaryKey: true},
				{Name: "at", DataType: "datetime", GORMDataType: "time", Type: "datetime"},
				{Name: "kind", DataType: "string", Size: 20},
			}, Checks: []*schema.Check{{Name: "chk_events_kind", Expr: "kind ILIKE 'x%'", Column: "kind"}}}},
		}},
	},
}
