// MG110 with plain DDL on PostgreSQL and a migration in a transaction:
// the runtime builds an index with option CONCURRENTLY in the
// transaction, which PostgreSQL refuses. For teams, which the migration
// creates, it is refused whatever the setting. No MG101: the index on
// users is not built plainly, it fails.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_concurrently",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Option: "CONCURRENTLY", Columns: []*schema.IndexColumn{{Column: "age"}}}},
			schema.CreateTable{Table: &schema.Table{Name: "teams", Columns: []*schema.Column{{Name: "id", DataType: "int", Size: 64, PrimaryKey: true}, {Name: "name", DataType: "string", Size: 50}}}},
			schema.CreateIndex{Table: "teams", Index: &schema.Index{Name: "idx_teams_name", Option: "CONCURRENTLY", Columns: []*schema.IndexColumn{{Column: "name"}}}},
		}},
	},
}
