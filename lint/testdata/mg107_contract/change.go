// A contraction revision holds its drops on purpose: no MG107.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID:       "20260102000000_contract",
	Contract: true,
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
		}},
	},
}
