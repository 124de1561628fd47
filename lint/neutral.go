package lint

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/migragen/migragen/schema"
)

// checkUnique finds a unique index or constraint added over rows that
// exist: on every dialect two colliding rows make it fail, and the
// migration's NoDuplicates check only sees the rows of its start. Over a
// column the same migration added, lint knows the rows' values: the
// column's default in every row (NULL without one), which binaries built
// before the revision do not change, since they do not know the column.
func checkUnique(w *walker, c schema.Change) {
	var table, where, option string
	var columns []*schema.IndexColumn
	switch c := c.(type) {
	case schema.CreateIndex:
		if !strings.EqualFold(c.Index.Class, "UNIQUE") {
			return
		}
		table, where, option, columns = c.Table, c.Index.Where, c.Index.Option, c.Index.Columns
	case schema.AddUnique:
		table, columns = c.Table, []*schema.IndexColumn{{Column: c.Unique.Column}}
	default:
		return
	}
	if !w.existing(table) {
		return
	}
	nulls, constants, others := w.freshColumns(table, columns)
	switch {
	case len(nulls) > 0:
		// PostgreSQL, MySQL and SQLite count NULLs as distinct: no two
		// rows collide. SQL Server's unique index, and PostgreSQL's with
		// NULLS NOT DISTINCT, admit one NULL.
		for _, d := range []string{postgres, sqlserver} {
			if !w.on(d) || d == postgres && !strings.Contains(strings.ToUpper(option), "NULLS NOT DISTINCT") {
				continue
			}
			switch {
			case where != "":
				w.reportDuplicates(table, d)
			case len(others) > 0:
				w.report(UniqueOnRows, d,
					fmt.Sprintf("%s counts NULLs as equal in this unique index, and every row of %s holds NULL in the new %s: rows that agree on %s collide, and the migration then fails part-way", d, table, list(nulls), list(others)),
					"fill the new column with distinct values in a data step before the index (in this revision or an earlier one), or first remove the rows that collide")
			default:
				w.report(UniqueOnRows, d,
					fmt.Sprintf("%s counts NULLs as equal in this unique index, and every row of %s holds NULL in the new %s: building it fails as soon as %s has two rows", d, table, list(nulls), table),
					"fill the new column with distinct values in a data step before the index (in this revision or an earlier one), or add the index in a later revision, once the application has filled it")
			}
		}
	case len(constants) > 0 && len(others) == 0 && where == "":
		w.report(UniqueOnRows, "",
			fmt.Sprintf("every row of %s holds the same default in the new %s: building the unique index fails as soon as %s has two rows", table, list(constants), table),
			"add the column without the unique index, fill it with distinct values (a data step), then add the index; or add it in a later revision, once the application has filled it")
	default:
		w.reportDuplicates(table, "")
	}
}

// reportDuplicates reports a unique index over rows that may collide, on
// dialect d ("" for every one).
func (w *walker) reportDuplicates(table, d string) {
	w.report(UniqueOnRows, d,
		"the rows of "+table+" may hold duplicates, and the running application may write one while the index builds: the migration then fails part-way (its NoDuplicates check only sees the rows of its start)",
		"first deploy code that writes no duplicates (an upsert, or a lookup before insert) and remove the ones there are, then add the index")
}

// freshColumns sorts the columns of a new unique index on table: those the
// migration added that hold NULL in every row, those that hold one
// constant default in every row, and the others.
func (w *walker) freshColumns(table string, columns []*schema.IndexColumn) (nulls, constants, others []string) {
	for _, ic := range columns {
		col := w.fresh[table][ic.Column]
		switch {
		case ic.Expression != "" || col == nil || col.AutoIncrement || col.Generated != "":
			others = append(others, cmp.Or(ic.Column, ic.Expression))
		case !col.DefaultFillsRows():
			nulls = append(nulls, col.Name)
		case col.DefaultKind != "": // a literal, not SQL
			constants = append(constants, col.Name)
		default:
			others = append(others, col.Name)
		}
	}
	return nulls, constants, others
}

// list names columns in a message.
func list(columns []string) string {
	if len(columns) == 1 {
		return "column " + columns[0]
	}
	return "columns " + strings.Join(columns, ", ")
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
