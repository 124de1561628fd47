// MG101 and MG110 with online DDL on (the default): teams, created here,
// has a foreign key that references users(email) and one that references
// users(code), so the runtime builds the unique indexes on users inside
// the transaction, plainly (the keys need them when they are added;
// postgres.OnlineForm, TestOnlineForm). idx_users_email is then a plain
// CREATE UNIQUE INDEX under a SHARE lock: MG101. idx_users_code has option
// CONCURRENTLY, which PostgreSQL refuses in a transaction: the runtime's
// compile fails, MG110. Both are unique over rows: MG106. idx_users_age
// is not unique: it is built CONCURRENTLY after the commit, no finding.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_referenced",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "email"}}}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_code", Class: "UNIQUE", Option: "CONCURRENTLY", Columns: []*schema.IndexColumn{{Column: "code"}}}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Columns: []*schema.IndexColumn{{Column: "age"}}}},
			schema.CreateTable{Table: &schema.Table{Name: "teams",
				Columns: []*schema.Column{
					{Name: "id", DataType: "int", Size: 64, PrimaryKey: true},
					{Name: "owner_email", DataType: "string", Size: 100},
					{Name: "owner_code", DataType: "string", Size: 300},
				},
				ForeignKeys: []*schema.ForeignKey{
					{Name: "fk_teams_owner", Columns: []string{"owner_email"}, RefTable: "users", RefColumns: []string{"email"}},
					{Name: "fk_teams_owner_code", Columns: []string{"owner_code"}, RefTable: "users", RefColumns: []string{"code"}},
				}}},
		}},
	},
}
