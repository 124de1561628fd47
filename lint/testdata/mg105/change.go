// MG105 on PostgreSQL: gen_random_uuid() and random() are volatile, and an
// auto-increment column draws nextval() per row: each rewrites its
// table. now() and CURRENT_TIMESTAMP are STABLE: stored once, no
// finding. sessions is created by this migration: no finding there.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_defaults",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "token", DataType: "string", Size: 40, HasDefault: true, Default: "gen_random_uuid()"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "seen_at", DataType: "time", HasDefault: true, Default: "now()"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "joined_at", DataType: "time", HasDefault: true, Default: "CURRENT_TIMESTAMP"}},
			schema.AddColumn{Table: "orders", Column: &schema.Column{Name: "seq", DataType: "int", Size: 64, AutoIncrement: true, HasDefault: true}},
			schema.AddColumn{Table: "orders", Column: &schema.Column{Name: "lucky", DataType: "float", HasDefault: true, Default: "random()"}},
			schema.CreateTable{Table: &schema.Table{Name: "sessions", Columns: []*schema.Column{{Name: "id", DataType: "int", Size: 64, PrimaryKey: true}}}},
			schema.AddColumn{Table: "sessions", Column: &schema.Column{Name: "secret", DataType: "string", Size: 40, HasDefault: true, Default: "gen_random_uuid()"}},
		}},
	},
}
