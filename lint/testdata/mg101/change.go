// MG101 with plain DDL on PostgreSQL (settings.json): a plain CREATE INDEX
// holds SHARE on users, DROP INDEX takes ACCESS EXCLUSIVE on orders, and
// ADD CONSTRAINT UNIQUE builds its index under ACCESS EXCLUSIVE: three
// MG101. The unique constraint is over existing rows too: MG106, which is
// not a PostgreSQL finding but one for every dialect.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_indexes",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Columns: []*schema.IndexColumn{{Column: "age"}}}},
			schema.DropIndex{Table: "orders", Index: &schema.Index{Name: "idx_orders_user_id", Derived: true, Columns: []*schema.IndexColumn{{Column: "user_id"}}}},
			schema.AddUnique{Table: "users", Unique: &schema.Unique{Name: "uni_users_email", Column: "email"}},
		}},
	},
}
