// Malformed and misplaced nolint directives are findings (MG100), and
// silence nothing. In the header: one without a reason, one naming
// MG999, which is no code, and one naming no code. In Down: one with a
// blank line after it, which is above no change, and one right above a
// change of Down, which is not linted. In var n: one outside the
// migration. The drop of users.bio keeps its MG107.
//
//migragen:nolint MG107
//migragen:nolint MG999 because
//migragen:nolint
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_bad_nolint",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
		}},
	},
	Down: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{

			//migragen:nolint MG107 floating

			//migragen:nolint MG107 misplaced
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
		}},
	},
}

var n = []schema.Change{
	//migragen:nolint MG107 not in a migration
	schema.AddColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
}
