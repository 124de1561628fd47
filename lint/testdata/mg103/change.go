// MG103: making users.name and orders.user_id NOT NULL. With plain DDL
// on PostgreSQL each SET NOT NULL scans its table under ACCESS EXCLUSIVE
// (warning). On MySQL the dialect gives NOT NULL on the same type
// ALGORITHM=INPLACE, LOCK=NONE: a rebuild that lets writes go on, so it
// is informational.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_not_null",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "name", DataType: "string", Size: 50},
				To:   &schema.Column{Name: "name", DataType: "string", Size: 50, NotNull: true, HasDefault: true, Default: "", DefaultKind: "string"}},
			schema.AlterColumn{Table: "orders",
				From: &schema.Column{Name: "user_id", DataType: "int", Size: 64},
				To:   &schema.Column{Name: "user_id", DataType: "int", Size: 64, NotNull: true}},
		}},
	},
}
