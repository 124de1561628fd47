// MG109 on MySQL: swapping two values renumbers every stored value. The
// second change only appends a value, which MySQL does INSTANT: no
// finding, and no MG104 or MG108 for it either.
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_enums",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "status", DataType: "enum('active','banned')", GORMDataType: "string", Type: "enum('active','banned')"},
				To:   &schema.Column{Name: "status", DataType: "enum('banned','active')", GORMDataType: "string", Type: "enum('banned','active')"}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "status", DataType: "enum('banned','active')", GORMDataType: "string", Type: "enum('banned','active')"},
				To:   &schema.Column{Name: "status", DataType: "enum('banned','active','gone')", GORMDataType: "string", Type: "enum('banned','active','gone')"}},
		}},
	},
}
