// Outside a transaction an index with option CONCURRENTLY is built
// CONCURRENTLY even with plain DDL: neither MG110 nor MG101.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID:            "20260102000000_concurrently",
	NoTransaction: true,
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Option: "CONCURRENTLY", Columns: []*schema.IndexColumn{{Column: "age"}}}},
		}},
	},
}
