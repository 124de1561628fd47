// The changes of mg101 with online DDL on (the default): the runtime
// builds and drops CONCURRENTLY, so no MG101. MG106 stays: duplicates
// fail the online build just as well.
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
