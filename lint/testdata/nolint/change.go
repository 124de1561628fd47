// A directive in the header silences its code in the whole file: both
// drops keep no MG107. One right above a change silences that change
// only. A directive may name several codes: with plain DDL on PostgreSQL
// (settings.json) each unique index gets MG101 and MG106; the first loses
// both, the second keeps both.
//
//migragen:nolint MG107 the columns were unused since v3; no v3 binary runs
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_nolint",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "score", DataType: "float", Precision: 10, Scale: 2}},
			// Checked: every email is unique already.
			//migragen:nolint MG106,MG101 deduplicated by the March cleanup
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "email"}}}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "age"}}}},
		}},
	},
}
