// MG103 with online DDL on (the default): users.name goes from
// varchar(50) to varchar(100) and NOT NULL at once. The widening rewrites
// nothing (no MG104), but with a type change the compiler sets NOT NULL
// plainly (postgres.OnlineForm; alterColumn writes SET NOT NULL after the
// ALTER TYPE), and SET NOT NULL scans users under ACCESS EXCLUSIVE: MG103.
// users.code keeps its type: the runtime validates a NOT VALID check
// first, no finding.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_type_not_null",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "name", DataType: "string", Size: 50},
				To:   &schema.Column{Name: "name", DataType: "string", Size: 100, NotNull: true}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "code", DataType: "string", Size: 300},
				To:   &schema.Column{Name: "code", DataType: "string", Size: 300, NotNull: true}},
		}},
	},
}
