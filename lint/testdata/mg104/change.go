// MG104, type by type:
//   - code varchar(300) -> varchar(600): PostgreSQL widens in place; MySQL
//     keeps two length bytes under every character set: no finding.
//   - email varchar(100) -> varchar(200): PostgreSQL in place; MySQL's
//     dialect does not claim in place, since under a character set of 2
//     bytes a character (ucs2) 200 bytes become 400, crossing 255; under
//     1, 3 or 4 bytes both lengths stay on the same side of 255. Without
//     table options naming the character set it depends: MG104 mysql,
//     informational (mg104_charset names one).
//   - name varchar(50) -> varchar(100): PostgreSQL in place; on MySQL the
//     column is indexed (idx_users_name), and the dialect claims no
//     in-place widening of an indexed column: MG104 mysql.
//   - age integer -> bigint: both rewrite or copy.
//   - score numeric(10,2) -> numeric(12,2): PostgreSQL in place (same
//     scale); MySQL copies any DECIMAL change.
//   - total numeric(12,2) -> numeric(14,4): the scale changes: both.
//   - bio text -> varchar(500) (longtext on MySQL): both.
//
// Online DDL does not matter: no online form avoids a rewrite.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_types",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "code", DataType: "string", Size: 300},
				To:   &schema.Column{Name: "code", DataType: "string", Size: 600}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "email", DataType: "string", Size: 100, NotNull: true},
				To:   &schema.Column{Name: "email", DataType: "string", Size: 200, NotNull: true}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "name", DataType: "string", Size: 50},
				To:   &schema.Column{Name: "name", DataType: "string", Size: 100}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "age", DataType: "int", Size: 32},
				To:   &schema.Column{Name: "age", DataType: "int", Size: 64}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "score", DataType: "float", Precision: 10, Scale: 2},
				To:   &schema.Column{Name: "score", DataType: "float", Precision: 12, Scale: 2}},
			schema.AlterColumn{Table: "orders",
				From: &schema.Column{Name: "total", DataType: "float", Precision: 12, Scale: 2},
				To:   &schema.Column{Name: "total", DataType: "float", Precision: 14, Scale: 4}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "bio", DataType: "string"},
				To:   &schema.Column{Name: "bio", DataType: "string", Size: 500}},
		}},
	},
}
