package lint

import (
	lite "github.com/migragen/migragen/dialect/sqlite"
	"github.com/migragen/migragen/schema"
)

// checkSQLite says which changes SQLite makes by rebuilding the table,
// as the dialect decides it (sqlite.Rebuilds): informational, since a
// small table rebuilds in no time, and lint cannot count rows.
func checkSQLite(w *walker, c schema.Change) {
	if !w.on(sqlite) || !w.existing(tableBefore(c)) {
		return
	}
	rebuilds, err := lite.Rebuilds(w.context(sqlite), c)
	if err != nil {
		w.fail(err)
		return
	}
	if rebuilds {
		w.inform(SQLiteRebuild, sqlite,
			"SQLite cannot ALTER this in place: the runtime rebuilds "+tableBefore(c)+" (creates the new table, copies every row, drops the old one) while holding the database's write lock",
			"nothing to do for a small table; on one with many rows, expect the migration to take as long as copying it, with every writer waiting")
	}
}
