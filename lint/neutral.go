package lint

import (
	"fmt"
	"strings"

	"github.com/migragen/migragen/schema"
)

// checkUnique finds a unique index or constraint added over rows that
// exist: on every dialect two colliding rows make it fail, and the
// migration's NoDuplicates check only sees the rows of its start.
func checkUnique(w *walker, c schema.Change) {
	var table string
	switch c := c.(type) {
	case schema.CreateIndex:
		if !strings.EqualFold(c.Index.Class, "UNIQUE") {
			return
		}
		table = c.Table
	case schema.AddUnique:
		table = c.Table
	default:
		return
	}
	if w.existing(table) {
		w.report(UniqueOnRows, "",
			"the rows of "+table+" may hold duplicates, and the running application may write one while the index builds: the migration then fails part-way (its NoDuplicates check only sees the rows of its start)",
			"first deploy code that writes no duplicates (an upsert, or a lookup before insert) and remove the ones there are, then add the index")
	}
}

// checkOldBinary finds drops and renames that break the binaries built
// before the revision, which keep serving during a rolling deploy. A
// contraction revision is made of them on purpose, to run once no older
// binary does.
func checkOldBinary(w *walker, c schema.Change) {
	if w.opts.Contract {
		return
	}
	var why string
	switch c := c.(type) {
	case schema.DropTable:
		why = fmt.Sprintf("binaries built before this revision still query %s: during a rolling deploy, or after rolling the application back, they fail once it is gone", c.Table.Name)
	case schema.DropColumn:
		why = fmt.Sprintf("binaries built before this revision still write %s.%s (an INSERT names every field's column): during a rolling deploy, or after rolling the application back, they fail once it is gone", c.Table, c.Column.Name)
	case schema.RenameTable:
		why = fmt.Sprintf("binaries built before this revision still use the name %s: during a rolling deploy they fail once it is renamed", c.From)
	case schema.RenameColumn:
		why = fmt.Sprintf("binaries built before this revision still use %s.%s: during a rolling deploy they fail once it is renamed", c.Table, c.From)
	default:
		return
	}
	if w.existing(tableBefore(c)) {
		w.report(BreaksOldBinary, "", why,
			"expand/contract: generate -split holds drops back in a contraction revision that runs once no older binary does; "+
				"for a rename, add the new name, write both, copy the data, and drop the old name in a later release")
	}
}
