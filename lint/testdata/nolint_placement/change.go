// Where a directive goes, and how it is read, with plain DDL on PostgreSQL
// so that the unique indexes get MG101 as well as MG106:
//   - one separated by tabs silences the drop of bio;
//   - one at the end of the line of a change silences that change (the
//     drop of score), not the next one (the rename of name keeps MG107);
//     at the end of a line inside a change's literal too (users.age);
//   - "MG106, MG101" (a space after the comma) silences both on
//     idx_users_email;
//   - "nolint:MG106" is malformed: MG100, and idx_users_code keeps both;
//   - "MG106 MG101 reason": the reason reads as a code: MG100, and
//     idx_users_status keeps both;
//   - one at the end of a line of Down silences nothing: MG100.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_placement",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			//migragen:nolint	MG107	bio is unused since v3
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: "string"}},
			schema.DropColumn{Table: "users", Column: &schema.Column{Name: "score", DataType: "float", Precision: 10, Scale: 2}}, //migragen:nolint MG107 score is unused since v3
			schema.RenameColumn{Table: "users", From: "name", To: "full_name"},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "age", DataType: "int", Size: 32}, //migragen:nolint MG104 users holds 40 rows
				To:   &schema.Column{Name: "age", DataType: "int", Size: 64}},
			//migragen:nolint MG106, MG101 deduplicated by the March cleanup
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "email"}}}},
			//migragen:nolint:MG106 deduplicated
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_code", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "code"}}}},
			//migragen:nolint MG106 MG101 deduplicated
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_status", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "status"}}}},
		}},
	},
	Down: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.RenameColumn{Table: "users", From: "full_name", To: "name"}, //migragen:nolint MG107 not linted
		}},
	},
}
