// MG106: a UNIQUE index over users, which has rows. The plain index on
// orders is no finding (online DDL is on for PostgreSQL, and SQLite and
// MySQL build it in place).
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_unique",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "email"}}}},
			schema.CreateIndex{Table: "orders", Index: &schema.Index{Name: "idx_orders_total", Columns: []*schema.IndexColumn{{Column: "total"}}}},
		}},
	},
}
