package dialect

import "github.com/migragen/migragen/schema"

// The runtime fills Context.CreatedHere and Context.Referenced for each
// change of a migration, and lint must fill them exactly the same way to
// say what the compilers will emit: both use these two helpers.

// TrackCreated keeps created, the tables a migration created so far under
// their current names (Context.CreatedHere), up to date with c, the change
// just compiled.
func TrackCreated(created map[string]bool, c schema.Change) {
	switch c := c.(type) {
	case schema.CreateTable:
		created[c.Table.Name] = true
	case schema.RenameTable:
		if created[c.From] {
			delete(created, c.From)
			created[c.To] = true
		}
	case schema.DropTable:
		delete(created, c.Table.Name)
	}
}

// ReferencedTables returns the tables that the foreign keys changes create
// (in a CREATE TABLE or an ADD FOREIGN KEY) reference: Context.Referenced
// for every change of a migration whose schema changes, in all its steps,
// are changes.
func ReferencedTables(changes []schema.Change) map[string]bool {
	out := map[string]bool{}
	for _, c := range changes {
		switch c := c.(type) {
		case schema.CreateTable:
			for _, fk := range c.Table.ForeignKeys {
				out[fk.RefTable] = true
			}
		case schema.AddForeignKey:
			out[c.ForeignKey.RefTable] = true
		}
	}
	return out
}
