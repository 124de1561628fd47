// MG111 on SQLite, informational: a column made NOT NULL, a column with
// a non-constant default and a new check are rebuilds. A nullable column
// is added in place, and a varchar's size changes nothing on SQLite (GORM
// makes every string text there): no finding for either.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_rebuilds",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "email", DataType: "string", Size: 100, NotNull: true},
				To:   &schema.Column{Name: "email", DataType: "string", Size: 200, NotNull: true}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "name", DataType: "string", Size: 50},
				To:   &schema.Column{Name: "name", DataType: "string", Size: 50, NotNull: true, HasDefault: true, Default: "", DefaultKind: "string"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", DataType: "string", Size: 20}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "joined", DataType: "time", HasDefault: true, Default: "CURRENT_TIMESTAMP"}},
			schema.AddCheck{Table: "orders", Check: &schema.Check{Name: "chk_orders_total", Expr: "total >= 0", Column: "total"}},
		}},
	},
}
