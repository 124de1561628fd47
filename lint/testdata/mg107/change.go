// MG107: a dropped column, a renamed column and a renamed table each
// break the binaries of the previous release. A table created and dropped
// within the migration broke no one.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_drops",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
			schema.RenameColumn{Table: "users", From: "name", To: "full_name"},
			schema.RenameTable{From: "orders", To: "purchases"},
			schema.CreateTable{Table: &schema.Table{Name: "scratch", Columns: []*schema.Column{{Name: "id", DataType: "int", Size: 64, PrimaryKey: true}}}},
			schema.DropTable{Table: &schema.Table{Name: "scratch", Columns: []*schema.Column{{Name: "id", DataType: "int", Size: 64, PrimaryKey: true}}}},
		}},
	},
}
