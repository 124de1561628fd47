// MG102 with plain DDL on PostgreSQL: ADD CHECK on users scans it under
// ACCESS EXCLUSIVE; ADD FOREIGN KEY on users scans users even though the
// table it references, teams, is new. The foreign key on teams, which
// this migration creates, is no hazard: nothing else sees teams yet.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_constraints",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AddCheck{Table: "users", Check: &schema.Check{Name: "chk_users_age", Expr: "age >= 0", Column: "age"}},
			schema.CreateTable{Table: &schema.Table{Name: "teams", Columns: []*schema.Column{{Name: "id", DataType: "int", Size: 64, PrimaryKey: true}}}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "team_id", DataType: "int", Size: 64}},
			schema.AddForeignKey{Table: "users", ForeignKey: &schema.ForeignKey{Name: "fk_users_team", Columns: []string{"team_id"}, RefTable: "teams", RefColumns: []string{"id"}}},
			schema.AddForeignKey{Table: "teams", ForeignKey: &schema.ForeignKey{Name: "fk_teams_owner", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}},
		}},
	},
}
