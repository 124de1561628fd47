// The schema every golden case starts from: two tables with rows, as an
// earlier revision built them. Each case's own revision file is linted
// against it.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m20260101000000_base = migrate.Migration{
	ID: "20260101000000_base",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateTable{Table: &schema.Table{
				Name: "users",
				Columns: []*schema.Column{
					{Name: "id", DataType: "int", Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
					{Name: "email", DataType: "string", Size: 100, NotNull: true},
					{Name: "name", DataType: "string", Size: 50},
					{Name: "status", DataType: "enum('active','banned')", GORMDataType: "string", Type: "enum('active','banned')"},
					{Name: "bio", DataType: "string"},
					{Name: "score", DataType: "float", Precision: 10, Scale: 2},
					{Name: "age", DataType: "int", Size: 32},
					{Name: "code", DataType: "string", Size: 300},
				},
				Indexes: []*schema.Index{
					{Name: "idx_users_name", Derived: true, Columns: []*schema.IndexColumn{{Column: "name"}}},
				},
			}},
			schema.CreateTable{Table: &schema.Table{
				Name: "orders",
				Columns: []*schema.Column{
					{Name: "id", DataType: "int", Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
					{Name: "user_id", DataType: "int", Size: 64},
					{Name: "total", DataType: "float", Precision: 12, Scale: 2},
				},
				Indexes: []*schema.Index{
					{Name: "idx_orders_user_id", Derived: true, Columns: []*schema.IndexColumn{{Column: "user_id"}}},
				},
				ForeignKeys: []*schema.ForeignKey{
					{Name: "fk_orders_user", Derived: true, Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}},
				},
			}},
		}},
	},
}
