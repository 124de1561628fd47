// MG113 with online DDL on (the default): users.name becomes NOT NULL
// with a default, so the runtime fills its NULLs with one UPDATE in the
// migration's transaction (informational; the NOT NULL itself is
// validated after the commit). orders.user_id becomes NOT NULL without a
// default: nothing is filled, no finding. With plain DDL (mg103) MG103
// says more than this.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_backfill",
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
