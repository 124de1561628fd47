// With no dialect declared, lint checks all four, and the findings on
// mysql, sqlite and sqlserver are informational (lint.Assumed). Widening users.age to
// bigint and making it NOT NULL: PostgreSQL rewrites (MG104; the rewrite
// checks NOT NULL itself, so no MG103), MySQL copies (MG104), SQLite
// rebuilds (MG111). The foreign key of orders dropped and added again:
// SQLite rebuilds for each (MG111), MySQL drops in place and copies to
// add (MG108); with online DDL on, PostgreSQL adds it NOT VALID: no
// finding. Nothing is said for SQL Server: lint knows no lock
// hazard of its own there. A type: tag of jsonb is no finding (MG112)
// when no dialect is declared.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_all",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "age", DataType: "int", Size: 32},
				To:   &schema.Column{Name: "age", DataType: "int", Size: 64, NotNull: true, HasDefault: true, Default: "0", DefaultKind: "int"}},
			schema.DropForeignKey{Table: "orders", ForeignKey: &schema.ForeignKey{Name: "fk_orders_user", Derived: true, Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
			schema.AddForeignKey{Table: "orders", ForeignKey: &schema.ForeignKey{Name: "fk_orders_user", Derived: true, Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "prefs", DataType: "jsonb", GORMDataType: "string", Type: "jsonb"}},
		}},
	},
}
