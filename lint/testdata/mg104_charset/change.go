// MG104 on MySQL when the table options name the character set, utf8mb4
// (4 bytes a character):
//   - email varchar(100) -> varchar(200) is 400 -> 800 bytes, two length
//     bytes before and after: in place, no finding (informational in
//     mg104, where no character set is named).
//   - nick, added here as varchar(40), -> varchar(100) is 160 -> 400
//     bytes, crossing 255: the server copies the table, MG104 (in place
//     under latin1 or ucs2, so it is the character set that decides).
package migrations

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID: "20260102000000_charset",
	Up: []migrate.Step{
		migrate.Schema{Changes: []schema.Change{
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "email", DataType: "string", Size: 100, NotNull: true},
				To:   &schema.Column{Name: "email", DataType: "string", Size: 200, NotNull: true}},
			schema.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", DataType: "string", Size: 40}},
			schema.AlterColumn{Table: "users",
				From: &schema.Column{Name: "nick", DataType: "string", Size: 40},
				To:   &schema.Column{Name: "nick", DataType: "string", Size: 100}},
		}},
	},
}
