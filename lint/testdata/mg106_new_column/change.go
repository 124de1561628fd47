// MG106 over columns this migration adds to users, which has rows: lint
// knows their values, the default in every row (NULL without one), which
// binaries built before the revision leave alone.
//   - handle, nullable: all NULL. PostgreSQL, MySQL and SQLite count NULLs
//     as distinct, so nothing collides: no finding there. SQL Server's
//     unique index admits one NULL: it fails once users has two rows.
//   - tier, NOT NULL DEFAULT 1: every row holds 1: certain duplicates on
//     every dialect.
//   - nick with email: no collision where NULLs are distinct; on SQL
//     Server, rows with the same email collide.
//   - slug: a data step runs before its index, and may fill it with
//     anything: the plain finding.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_new_unique",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "handle", DataType: "string", Size: 40}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_handle", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "handle"}}}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "tier", DataType: "int", Size: 64, NotNull: true, HasDefault: true, Default: "1", DefaultKind: "int"}},
			schema.AddUnique{Table: "users", Unique: &schema.Unique{Name: "uni_users_tier", Column: "tier"}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", DataType: "string", Size: 40}},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_nick", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "nick"}, {Column: "email"}}}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "slug", DataType: "string", Size: 40}},
		}},
		migrate.Go{Name: "fill slugs", Up: fillSlugs, Down: migrate.Nothing},
		migrate.Schema{Changes: []schema.Change{
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_slug", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "slug"}}}},
		}},
	},
}
