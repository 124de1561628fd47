package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Preconditions returns the checks that the changes of one migration need
// on the rows that exist before it runs, in the order of the changes that
// need them, each once:
//
//   - an AlterColumn that narrows what the column holds (size, precision,
//     scale, integer digits, another type, a raw type text): ValuesFit;
//   - a column made NOT NULL with no default to backfill it: NoNulls;
//   - a column added NOT NULL with no default (and neither auto-increment
//     nor generated): NoRows;
//   - a unique index (CreateIndex of Class UNIQUE) or unique constraint
//     (AddUnique): NoDuplicates;
//   - a foreign key (AddForeignKey): NoOrphans.
//
// before is the schema before the migration. The changes are walked in
// order, following their renames, so every check names tables and columns
// as they are before the migration: a check for a column the migration
// renames earlier names the old column.
//
// A table or column the migration creates holds no values before it, so
// nothing is checked there; in particular a unique index or foreign key
// over a column the migration adds gets no check. Nothing is checked
// either where the rows already satisfy the check because of what the
// table had before the migration: a unique index, unique constraint or
// primary key over some of the new index's columns (and no narrower
// predicate), unless the migration first narrows one of them (a
// conversion that is not one-to-one can make equal values), or an equal
// foreign key (the usual case: a foreign key dropped and added back
// around an altered column).
//
// Some checks cannot be stated on the rows before the migration; they are
// returned waived, with the reason, so that a reviewer still sees the
// risk: a unique index that compares an expression or a prefix of a
// column, not whole values, and a foreign key that references a table or
// column the migration creates.
//
// The changes are expected to apply to before (generate proves that
// first); a change on a table or column that before does not have is
// taken as one on a table or column the migration creates.
func Preconditions(before *Snapshot, changes []Change) []Precondition {
	w := &checkWalk{before: before, names: newOrigins(before), seen: map[string]bool{}}
	for _, c := range changes {
		w.check(c)
		w.names.follow(c)
	}
	return w.out
}

// checkWalk collects the checks of one migration's changes.
type checkWalk struct {
	before *Snapshot
	names  *origins
	out    []Precondition
	seen   map[string]bool // checkKey of each check in out
}

// check adds the checks change c needs, named as before the migration.
func (w *checkWalk) check(c Change) {
	switch c := c.(type) {
	case AlterColumn:
		w.alterColumn(c)
	case AddColumn:
		if t := w.names.table(c.Table); t != nil && c.NeedsValue() {
			w.add(NoRows{Table: t.name, Column: c.Column.Name})
		}
	case CreateIndex:
		if strings.EqualFold(c.Index.Class, "UNIQUE") {
			w.unique(c.Table, c.Index.Name, c.Index.Columns, c.Index.Where)
		}
	case AddUnique:
		w.unique(c.Table, c.Unique.Name, []*IndexColumn{{Column: c.Unique.Column}}, "")
	case AddForeignKey:
		w.foreignKey(c.Table, c.ForeignKey)
	}
}

// alterColumn checks the values of a column that narrows and the NULLs of
// one that becomes NOT NULL with nothing to fill them.
func (w *checkWalk) alterColumn(c AlterColumn) {
	t := w.names.table(c.Table)
	if t == nil {
		return
	}
	name, ok := t.columns[c.From.Name]
	if !ok {
		return // added by this migration
	}
	if c.narrowsValues() || mayBound(c) {
		from, to := c.From.Clone(), c.To.Clone()
		from.Name, to.Name = name, name
		w.add(ValuesFit{Table: t.name, Column: name, From: from, To: to})
		t.narrowed[name] = true
	}
	if c.LeavesNulls() {
		w.add(NoNulls{Table: t.name, Column: name})
	}
}

// mayBound reports whether c changes the column's SQL type other than by
// keeping or raising every limit it had: a limit removed, or an unsized
// string given a key, an index or a default, can bound the column on some
// engine (an indexed unsized string is varchar(191) on MySQL and
// nvarchar(256) on SQL Server, datetime without a precision tag datetime(3)
// on MySQL, a float without precision double). Narrows cannot see these,
// since 0 means "no limit" in the snapshot; the dialect's check decides
// per engine, and costs nothing where the type really widens.
func mayBound(c AlterColumn) bool {
	f, t := c.From, c.To
	if !c.ChangesType() {
		return false
	}
	kept := func(from, to int) bool { return from == to || from != 0 && to > from }
	return !(f.sameTypeKind(t) && kept(f.Size, t.Size) && kept(f.Precision, t.Precision) && t.Scale >= f.Scale)
}

// unique checks for duplicates under a new unique index or constraint.
func (w *checkWalk) unique(table, name string, parts []*IndexColumn, where string) {
	t := w.names.table(table)
	if t == nil {
		return
	}
	var cols []string
	var whole []string // why the index does not compare whole values
	for _, p := range parts {
		col, ok := t.columns[p.Column]
		if !ok {
			return // a column this migration adds has no values yet
		}
		cols = append(cols, col)
		switch {
		case p.Expression != "":
			whole = append(whole, "the expression "+p.Expression)
		case p.Length > 0:
			whole = append(whole, fmt.Sprintf("the first %d characters of %s", p.Length, col))
		case p.Collate != "":
			whole = append(whole, fmt.Sprintf("%s under the collation %s", col, p.Collate))
		}
	}
	if whole == nil && w.uniqueBefore(t, cols, where) {
		return
	}
	p := NoDuplicates{Table: t.name, Name: name, Columns: cols, Where: where}
	if whole != nil {
		// Comparing whole values would pass rows the index refuses.
		p.Waived = fmt.Sprintf("not checked by migragen: the index compares %s, not whole column values; "+
			"duplicates there make its creation fail", strings.Join(whole, " and "))
	}
	w.add(p)
}

// uniqueBefore reports whether the table had, before the migration, a
// primary key, unique constraint or unique index over some of cols whose
// predicate, if any, is where: then no two rows share the values of cols
// already. A column an earlier change narrows may have lost that.
func (w *checkWalk) uniqueBefore(t *tableOrigin, cols []string, where string) bool {
	if slices.ContainsFunc(cols, func(c string) bool { return t.narrowed[c] }) {
		return false
	}
	bt := w.before.Table(t.name)
	if bt == nil {
		return false
	}
	within := func(names ...string) bool {
		return len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return !slices.Contains(cols, n) })
	}
	if within(bt.PrimaryKey()...) {
		return true
	}
	for _, u := range bt.Uniques {
		if within(u.Column) {
			return true
		}
	}
	for _, ix := range bt.Indexes {
		if !strings.EqualFold(ix.Class, "UNIQUE") || (ix.Where != "" && ix.Where != where) {
			continue
		}
		var names []string
		for _, p := range ix.Columns {
			if p.Expression != "" {
				names = nil
				break
			}
			// A prefix of a column unique implies the whole column unique.
			names = append(names, p.Column)
		}
		if within(names...) {
			return true
		}
	}
	return false
}

// foreignKey checks for orphans under a new foreign key.
func (w *checkWalk) foreignKey(table string, fk *ForeignKey) {
	t := w.names.table(table)
	if t == nil {
		return
	}
	cols, ok := t.names(fk.Columns)
	if !ok {
		return // a column this migration adds has no values yet
	}
	p := NoOrphans{Table: t.name, ForeignKey: fk.Clone()}
	p.ForeignKey.Columns = cols
	ref := w.names.table(fk.RefTable)
	refCols, refOK := []string(nil), false
	if ref != nil {
		refCols, refOK = ref.names(fk.RefColumns)
	}
	if !refOK {
		// Before the migration the referenced rows do not exist, so the
		// check has nothing to look them up in.
		p.Waived = fmt.Sprintf("not checked by migragen: this migration creates %s(%s), so before it runs every row "+
			"with a value in (%s) is an orphan; the foreign key fails on them", fk.RefTable, strings.Join(fk.RefColumns, ", "), strings.Join(cols, ", "))
		w.add(p)
		return
	}
	p.ForeignKey.RefTable, p.ForeignKey.RefColumns = ref.name, refCols
	if w.foreignKeyBefore(p.Table, p.ForeignKey) {
		return
	}
	w.add(p)
}

// foreignKeyBefore reports whether the table had, before the migration, a
// foreign key over the same columns to the same referenced columns, so
// that its rows have no orphans already.
func (w *checkWalk) foreignKeyBefore(table string, fk *ForeignKey) bool {
	bt := w.before.Table(table)
	return bt != nil && slices.ContainsFunc(bt.ForeignKeys, func(old *ForeignKey) bool {
		return slices.Equal(old.Columns, fk.Columns) && old.RefTable == fk.RefTable && slices.Equal(old.RefColumns, fk.RefColumns)
	})
}

// add appends p unless an equivalent check is there already.
func (w *checkWalk) add(p Precondition) {
	k := checkKey(p)
	if !w.seen[k] {
		w.seen[k] = true
		w.out = append(w.out, p)
	}
}

// checkKey identifies what a check verifies: two unique indexes over the
// same columns need one check, whatever their names.
func checkKey(p Precondition) string {
	if d, ok := p.(NoDuplicates); ok {
		return fmt.Sprintf("%T %s %q %q", d, d.Table, slices.Sorted(slices.Values(d.Columns)), d.Where)
	}
	return fmt.Sprintf("%T %s", p, p)
}

// origins maps the names of a migration's working state back to the names
// before the migration, following its renames, creates and drops.
//
// A table's origin is made when a change first names it: a migration
// names a few of a snapshot's thousands of tables, and mapping every
// column of every one up front cost more than the rest of the checks.
type origins struct {
	before *Snapshot
	// byName holds before's tables by name, made on first use.
	byName map[string]*Table
	// tables holds, by current name, the origins made so far; a nil one
	// says that no table of before has that name now (it was dropped or
	// renamed away, or never was).
	tables map[string]*tableOrigin
}

// tableOrigin is a table that exists before the migration, as it stands at
// the current change.
type tableOrigin struct {
	name string // before the migration
	// columns maps current column names to their names before the
	// migration; columns the migration adds are absent.
	columns map[string]string
	// narrowed holds, by their names before the migration, the columns an
	// earlier change narrows.
	narrowed map[string]bool
}

func newOrigins(before *Snapshot) *origins {
	return &origins{before: before, tables: map[string]*tableOrigin{}}
}

// table returns the table currently called name, or nil when the
// migration created it (or it does not exist).
func (o *origins) table(name string) *tableOrigin {
	if t, ok := o.tables[name]; ok {
		return t
	}
	if o.byName == nil {
		o.byName = indexTables(o.before)
	}
	var origin *tableOrigin
	if t := o.byName[name]; t != nil {
		cols := make(map[string]string, len(t.Columns))
		for _, c := range t.Columns {
			cols[c.Name] = c.Name
		}
		origin = &tableOrigin{name: t.Name, columns: cols, narrowed: map[string]bool{}}
	}
	o.tables[name] = origin
	return origin
}

// names maps current column names to names before the migration; ok is
// false when one of them is added by the migration.
func (t *tableOrigin) names(current []string) (before []string, ok bool) {
	for _, c := range current {
		b, ok := t.columns[c]
		if !ok {
			return nil, false
		}
		before = append(before, b)
	}
	return before, true
}

// follow updates the names after change c. A table or column created
// needs nothing: its name, free before (a drop or rename freed it),
// simply has no origin.
func (o *origins) follow(c Change) {
	switch c := c.(type) {
	case RenameTable:
		if t := o.table(c.From); t != nil {
			o.tables[c.From] = nil
			o.tables[c.To] = t
		}
	case DropTable:
		o.tables[c.Table.Name] = nil
	case RenameColumn:
		if t := o.table(c.Table); t != nil {
			if name, ok := t.columns[c.From]; ok {
				delete(t.columns, c.From)
				t.columns[c.To] = name
			}
		}
	case DropColumn:
		if t := o.table(c.Table); t != nil {
			delete(t.columns, c.Column.Name)
		}
	}
}
