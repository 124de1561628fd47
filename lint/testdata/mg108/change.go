// MG108 on MySQL: ADD CHECK, a FULLTEXT index, a NOT NULL column without
// a default and ADD FOREIGN KEY copy the table. A nullable column is
// added INSTANT, and DROP FOREIGN KEY is in place: no finding.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_copies",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AddCheck{Table: "users", Check: &schema.Check{Name: "chk_users_age", Expr: "age >= 0", Column: "age"}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_bio", Class: "FULLTEXT", Columns: []*schema.IndexColumn{{Column: "bio"}}}},
			schema.AddColumn{Table: "orders", Column: &schema.Column{Name: "note", DataType: "string", Size: 20, NotNull: true}},
			schema.AddColumn{Table: "orders", Column: &schema.Column{Name: "memo", DataType: "string", Size: 20}},
			schema.DropForeignKey{Table: "orders", ForeignKey: &schema.ForeignKey{Name: "fk_orders_user", Derived: true, Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
			schema.AddForeignKey{Table: "orders", ForeignKey: &schema.ForeignKey{Name: "fk_orders_user", Derived: true, Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		}},
	},
}
