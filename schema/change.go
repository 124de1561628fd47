package schema

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Change is one typed step from one snapshot to another. The set of
// changes is closed (the marker method is unexported), so code that walks
// a migration — the renderer, the runtime's dialect compilers, Apply —
// can handle every kind. Each change carries what its inverse needs: a
// dropped table or column keeps its full definition, an altered column
// both versions.
type Change interface {
	// Inverse returns the change that undoes this one.
	Inverse() Change
	// Destructive reports whether applying the change can lose data, so
	// that generate demands an acknowledgement naming it.
	Destructive() bool
	// String is the one-line summary a migration file's header shows,
	// starting with + (adds), - (removes) or ~ (changes).
	String() string
	change()
}

// CreateTable creates a table with its columns, indexes, unique and check
// constraints, and the foreign keys in Table.ForeignKeys.
type CreateTable struct{ Table *Table }

// DropTable drops a table; Table is its full definition, for the inverse.
type DropTable struct{ Table *Table }

// RenameTable renames a table.
type RenameTable struct{ From, To string }

// AddColumn adds a column to a table.
type AddColumn struct {
	Table  string
	Column *Column
}

// DropColumn drops a column; Column is its full definition.
type DropColumn struct {
	Table  string
	Column *Column
}

// RenameColumn renames a column.
type RenameColumn struct{ Table, From, To string }

// AlterColumn changes a column's definition from From to To (same name).
type AlterColumn struct {
	Table    string
	From, To *Column
}

// CreateIndex creates an index.
type CreateIndex struct {
	Table string
	Index *Index
}

// DropIndex drops an index; Index is its full definition.
type DropIndex struct {
	Table string
	Index *Index
}

// RenameIndex renames an index whose definition is unchanged, typically
// one whose derived name follows a renamed table or field.
type RenameIndex struct{ Table, From, To string }

// RenameConstraint renames a unique, check or foreign-key constraint whose
// definition is unchanged: one whose derived name follows a renamed table
// or column. Kind is one of ConstraintUnique, ConstraintCheck and
// ConstraintForeignKey.
type RenameConstraint struct{ Table, Kind, From, To string }

// The kinds of constraint RenameConstraint renames.
const (
	ConstraintUnique     = "unique"
	ConstraintCheck      = "check"
	ConstraintForeignKey = "foreign key"
)

// AddUnique adds a unique constraint.
type AddUnique struct {
	Table  string
	Unique *Unique
}

// DropUnique drops a unique constraint.
type DropUnique struct {
	Table  string
	Unique *Unique
}

// AddCheck adds a check constraint.
type AddCheck struct {
	Table string
	Check *Check
}

// DropCheck drops a check constraint.
type DropCheck struct {
	Table string
	Check *Check
}

// AddForeignKey adds a foreign-key constraint.
type AddForeignKey struct {
	Table      string
	ForeignKey *ForeignKey
}

// DropForeignKey drops a foreign-key constraint.
type DropForeignKey struct {
	Table      string
	ForeignKey *ForeignKey
}

// change marks the types that implement Change.
func (CreateTable) change()      {}
func (DropTable) change()        {}
func (RenameTable) change()      {}
func (AddColumn) change()        {}
func (DropColumn) change()       {}
func (RenameColumn) change()     {}
func (AlterColumn) change()      {}
func (CreateIndex) change()      {}
func (DropIndex) change()        {}
func (RenameIndex) change()      {}
func (RenameConstraint) change() {}
func (AddUnique) change()        {}
func (DropUnique) change()       {}
func (AddCheck) change()         {}
func (DropCheck) change()        {}
func (AddForeignKey) change()    {}
func (DropForeignKey) change()   {}

// Inverse returns the change that undoes it.
func (c CreateTable) Inverse() Change { return DropTable(c) }

// Inverse returns the change that undoes it.
func (c DropTable) Inverse() Change { return CreateTable(c) }

// Inverse returns the change that undoes it.
func (c RenameTable) Inverse() Change { return RenameTable{From: c.To, To: c.From} }

// Inverse returns the change that undoes it.
func (c AddColumn) Inverse() Change { return DropColumn(c) }

// Inverse returns the change that undoes it.
func (c DropColumn) Inverse() Change { return AddColumn(c) }

// Inverse returns the change that undoes it.
func (c RenameColumn) Inverse() Change { return RenameColumn{Table: c.Table, From: c.To, To: c.From} }

// Inverse returns the change that undoes it.
func (c AlterColumn) Inverse() Change { return AlterColumn{Table: c.Table, From: c.To, To: c.From} }

// Inverse returns the change that undoes it.
func (c CreateIndex) Inverse() Change { return DropIndex(c) }

// Inverse returns the change that undoes it.
func (c DropIndex) Inverse() Change { return CreateIndex(c) }

// Inverse returns the change that undoes it.
func (c RenameIndex) Inverse() Change { return RenameIndex{Table: c.Table, From: c.To, To: c.From} }

// Inverse returns the change that undoes it.
func (c RenameConstraint) Inverse() Change {
	return RenameConstraint{Table: c.Table, Kind: c.Kind, From: c.To, To: c.From}
}

// Inverse returns the change that undoes it.
func (c AddUnique) Inverse() Change { return DropUnique(c) }

// Inverse returns the change that undoes it.
func (c DropUnique) Inverse() Change { return AddUnique(c) }

// Inverse returns the change that undoes it.
func (c AddCheck) Inverse() Change { return DropCheck(c) }

// Inverse returns the change that undoes it.
func (c DropCheck) Inverse() Change { return AddCheck(c) }

// Inverse returns the change that undoes it.
func (c AddForeignKey) Inverse() Change { return DropForeignKey(c) }

// Inverse returns the change that undoes it.
func (c DropForeignKey) Inverse() Change { return AddForeignKey(c) }

// Destructive reports whether it can lose data.
func (CreateTable) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (DropTable) Destructive() bool { return true }

// Destructive reports whether it can lose data.
func (RenameTable) Destructive() bool { return false }

// Destructive reports whether it can lose data or fail on the rows
// already in the table: see NeedsValue.
func (c AddColumn) Destructive() bool { return c.NeedsValue() }

// NeedsValue reports whether the rows already in the table have no value
// for the new column: it is NOT NULL without a default that fills rows.
// PostgreSQL and SQLite then refuse ADD COLUMN as soon as the table has a
// row, and MySQL silently fills in its implicit zero value. An
// auto-increment or generated column gets its values from the database.
func (c AddColumn) NeedsValue() bool {
	col := c.Column
	return col.NotNull && !col.DefaultFillsRows() && !col.AutoIncrement && col.Generated == ""
}

// Destructive reports whether it can lose data.
func (DropColumn) Destructive() bool { return true }

// Destructive reports whether it can lose data.
func (RenameColumn) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (c AlterColumn) Destructive() bool { return c.Narrows() }

// Destructive reports whether it can lose data.
func (CreateIndex) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (DropIndex) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (RenameIndex) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (RenameConstraint) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (AddUnique) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (DropUnique) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (AddCheck) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (DropCheck) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (AddForeignKey) Destructive() bool { return false }

// Destructive reports whether it can lose data.
func (DropForeignKey) Destructive() bool { return false }

// Narrows reports whether the new definition can hold less than the old,
// or may: a different logical type, a smaller size, precision or scale,
// fewer integer digits of a decimal, a different raw type: text or
// per-dialect type (migragen cannot judge SQL types), or NOT NULL without
// a default to fill existing NULLs.
func (c AlterColumn) Narrows() bool { return c.narrowsValues() || c.LeavesNulls() }

// narrowsValues reports whether the new definition can hold fewer values
// than the old, or may, apart from becoming NOT NULL: Narrows without
// LeavesNulls (which a NoNulls precondition checks).
func (c AlterColumn) narrowsValues() bool {
	f, t := c.From, c.To
	switch {
	case f.DataType != t.DataType || f.GORMDataType != t.GORMDataType:
		return true
	case f.Type != "" && t.Type != "" && f.Type != t.Type, !maps.Equal(f.DBTypes, t.DBTypes):
		return true
	case shrinks(f.Size, t.Size), shrinks(f.Precision, t.Precision), f.Scale > t.Scale:
		return true
	case f.Precision > 0 && t.Precision > 0 && t.Precision-t.Scale < f.Precision-f.Scale:
		return true
	}
	return false
}

// LeavesNulls reports whether the column becomes NOT NULL without a
// default to fill the rows that hold NULL.
func (c AlterColumn) LeavesNulls() bool { return !c.From.NotNull && c.To.NotNull && !c.Backfills() }

// ChangesType reports whether some dialect may compile the column to
// another SQL type: only then must the foreign keys over it go while it
// changes (see Column.SameSQLType).
func (c AlterColumn) ChangesType() bool { return !c.From.SameSQLType(c.To) }

// Backfills reports whether the column becomes NOT NULL and has a default
// to put into the rows that hold NULL: the runtime then sets them to the
// default before it alters the column. A default of NULL fills nothing.
func (c AlterColumn) Backfills() bool {
	return !c.From.NotNull && c.To.NotNull && c.To.DefaultFillsRows()
}

// shrinks reports whether a size limit got tighter; 0 means unlimited.
func shrinks(from, to int) bool { return to != 0 && (from == 0 || to < from) }

// String summarises it for a migration header.
func (c CreateTable) String() string { return "+ table " + c.Table.Name }

// String summarises it for a migration header.
func (c DropTable) String() string { return "- table " + c.Table.Name }

// String summarises it for a migration header.
func (c RenameTable) String() string { return fmt.Sprintf("~ table %s renamed to %s", c.From, c.To) }

// String summarises it for a migration header.
func (c AddColumn) String() string { return fmt.Sprintf("+ column %s.%s", c.Table, c.Column.Name) }

// String summarises it for a migration header.
func (c DropColumn) String() string { return fmt.Sprintf("- column %s.%s", c.Table, c.Column.Name) }

// String summarises it for a migration header.
func (c RenameColumn) String() string {
	return fmt.Sprintf("~ column %s.%s renamed to %s", c.Table, c.From, c.To)
}

// String summarises it for a migration header, saying briefly what
// changes, e.g. "~ column users.name (size 64 -> 128, NOT NULL; NULLs
// backfilled with its default)".
func (c AlterColumn) String() string {
	f, t := c.From, c.To
	var what []string
	add := func(format string, args ...any) { what = append(what, fmt.Sprintf(format, args...)) }
	switch {
	case f.DataType != t.DataType:
		add("type %s -> %s", brief(f.DataType), brief(t.DataType))
	case f.GORMDataType != t.GORMDataType:
		add("type %s -> %s", brief(f.GORMDataType), brief(t.GORMDataType))
	case f.Type != t.Type:
		add("type: tag %s -> %s", orNone(brief(f.Type)), orNone(brief(t.Type)))
	}
	if !maps.Equal(f.DBTypes, t.DBTypes) || f.DBTypesOnly != t.DBTypesOnly {
		add("per-dialect types")
	}
	for _, n := range []struct {
		name     string
		from, to int
	}{{"size", f.Size, t.Size}, {"precision", f.Precision, t.Precision}, {"scale", f.Scale, t.Scale}} {
		if n.from != n.to {
			add("%s %s -> %s", n.name, limit(n.from), limit(n.to))
		}
	}
	switch {
	case !f.NotNull && t.NotNull:
		add("NOT NULL")
	case f.NotNull && !t.NotNull:
		add("nullable")
	}
	switch from, to := defaultText(f), defaultText(t); {
	case from == to:
	case to == "":
		add("no default")
	case from == "":
		add("default %s", to)
	default:
		add("default %s -> %s", from, to)
	}
	if f.Comment != t.Comment || f.TagComment != t.TagComment {
		add("comment %s", orNone(brief(cmp.Or(t.TagComment, t.Comment))))
	}
	switch {
	case !f.AutoIncrement && t.AutoIncrement:
		add("auto-increment")
	case f.AutoIncrement && !t.AutoIncrement:
		add("no auto-increment")
	}
	if f.Generated != t.Generated {
		add("generated %s", orNone(brief(t.Generated)))
	}
	for _, tag := range []struct {
		name     string
		from, to bool
	}{{"index", f.IndexTag, t.IndexTag}, {"unique", f.UniqueTag, t.UniqueTag}, {"precision", f.PrecisionTag, t.PrecisionTag}} {
		switch {
		case !tag.from && tag.to:
			add("%s tag added", tag.name)
		case tag.from && !tag.to:
			add("%s tag removed", tag.name)
		}
	}
	note := strings.Join(what, ", ")
	if c.Backfills() {
		note += "; NULLs backfilled with its default"
	}
	if note == "" {
		return fmt.Sprintf("~ column %s.%s", c.Table, t.Name)
	}
	return fmt.Sprintf("~ column %s.%s (%s)", c.Table, t.Name, note)
}

// defaultText shows a column's default as SQL, briefly; "" when it has
// none. An empty string default shows as a pair of quotes.
func defaultText(c *Column) string {
	if !c.HasDefaultClause() {
		return ""
	}
	if c.DefaultKind == String {
		return "'" + brief(strings.ReplaceAll(c.Default, "'", "''")) + "'"
	}
	return brief(c.Default)
}

// brief puts s on one line and cuts it to a length a summary can carry.
func brief(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 24 {
		s = string(r[:21]) + "..."
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// limit shows a size, precision or scale; 0 means none is set.
func limit(n int) string {
	if n == 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// String summarises it for a migration header.
func (c CreateIndex) String() string { return fmt.Sprintf("+ index %s on %s", c.Index.Name, c.Table) }

// String summarises it for a migration header.
func (c DropIndex) String() string { return fmt.Sprintf("- index %s on %s", c.Index.Name, c.Table) }

// String summarises it for a migration header.
func (c RenameIndex) String() string {
	return fmt.Sprintf("~ index %s on %s renamed to %s", c.From, c.Table, c.To)
}

// String summarises it for a migration header.
func (c RenameConstraint) String() string {
	return fmt.Sprintf("~ %s %s on %s renamed to %s", c.Kind, c.From, c.Table, c.To)
}

// String summarises it for a migration header.
func (c AddUnique) String() string { return fmt.Sprintf("+ unique %s on %s", c.Unique.Name, c.Table) }

// String summarises it for a migration header.
func (c DropUnique) String() string { return fmt.Sprintf("- unique %s on %s", c.Unique.Name, c.Table) }

// String summarises it for a migration header.
func (c AddCheck) String() string { return fmt.Sprintf("+ check %s on %s", c.Check.Name, c.Table) }

// String summarises it for a migration header.
func (c DropCheck) String() string { return fmt.Sprintf("- check %s on %s", c.Check.Name, c.Table) }

// String summarises it for a migration header.
func (c AddForeignKey) String() string {
	return fmt.Sprintf("+ foreign key %s on %s", c.ForeignKey.Name, c.Table)
}

// String summarises it for a migration header.
func (c DropForeignKey) String() string {
	return fmt.Sprintf("- foreign key %s on %s", c.ForeignKey.Name, c.Table)
}

// Invert returns the changes that undo changes, in reverse order.
func Invert(changes []Change) []Change {
	out := make([]Change, len(changes))
	for i, c := range changes {
		out[len(changes)-1-i] = c.Inverse()
	}
	return out
}

// Apply replays changes on a copy of s in memory and returns the result.
// It fails, naming the change, when a change does not fit the snapshot
// (creating a table that exists, dropping a column that does not, ...).
//
// It is strict, because check relies on it to prove a migration graph
// equal to the models: a drop must name the definition being dropped, an
// alteration must start from the current definition, and the result must
// be consistent (no key or index on a missing column or table).
func Apply(s *Snapshot, changes []Change) (*Snapshot, error) {
	out := s.Clone()
	for i, c := range changes {
		if err := ApplyInPlace(out, c); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, describe(c), err)
		}
	}
	// Consistency is checked once, at the end: checking after every change
	// made replaying a long history quadratic.
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("after %d changes: %w", len(changes), err)
	}
	out.Sort()
	return out, nil
}

// ApplyShared is Apply for a result that is only read, such as a proof
// that changes replay to a snapshot: the result shares with s every table
// the changes leave alone (Share), where Apply copies them all, which for
// a few changes to a snapshot of thousands of tables costs more than the
// rest of the proof. The checks are Apply's. The tables the changes touch
// are copies, sorted like Apply's; the shared ones are s's own, in s's
// order. Neither s nor the result may be changed while the other is in
// use.
func ApplyShared(s *Snapshot, changes []Change) (*Snapshot, error) {
	sh := Share(s)
	out := sh.Snapshot
	for i, c := range changes {
		if err := sh.Apply(c); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, describe(c), err)
		}
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("after %d changes: %w", len(changes), err)
	}
	out.sortExcept(sh.shared) // the shared tables are s's own, to be read only
	return out, nil
}

// Sharing is a replay, change by change, onto a snapshot that shares
// with the one it started from every table the changes have not written:
// for lint, which walks a migration's changes over the head snapshot,
// and for ApplyShared. Apply copies a shared table before a change
// writes it, so the original is never written.
type Sharing struct {
	// Snapshot is the replay so far; the tables it shares are the
	// original's, to be read only.
	Snapshot *Snapshot
	shared   map[*Table]bool
}

// Share starts a replay onto s.
func Share(s *Snapshot) *Sharing {
	out := *s
	out.Settings.JoinTables = slices.Clone(s.Settings.JoinTables)
	out.Tables = slices.Clone(s.Tables)
	shared := make(map[*Table]bool, len(s.Tables))
	for _, t := range s.Tables {
		shared[t] = true
	}
	return &Sharing{Snapshot: &out, shared: shared}
}

// Apply applies c in place (ApplyInPlace), first copying the shared
// tables it writes.
func (sh *Sharing) Apply(c Change) error {
	switch c := c.(type) {
	case CreateTable:
		// ApplyInPlace adds a copy of its own; no table is written.
	case DropTable:
		// Removed from the replay's list, which is its own.
	case RenameTable:
		sh.own(c.From, true) // the table's name, and every key into it
	case RenameColumn:
		sh.own(c.Table, true) // the column, and every key into its table
	default:
		if Complete(c) == nil {
			sh.own(TableOf(c), false)
		}
	}
	return ApplyInPlace(sh.Snapshot, c)
}

// own replaces the shared tables named name, and those with a foreign
// key into it when refs is set, by copies of their own.
func (sh *Sharing) own(name string, refs bool) {
	for i, t := range sh.Snapshot.Tables {
		if t == nil || !sh.shared[t] {
			continue
		}
		if t.Name == name || refs && slices.ContainsFunc(t.ForeignKeys, func(fk *ForeignKey) bool { return fk != nil && fk.RefTable == name }) {
			sh.Snapshot.Tables[i] = t.Clone()
		}
	}
}

// describe is String, safe on the incomplete changes complete rejects.
func describe(c Change) string {
	if Complete(c) != nil {
		return fmt.Sprintf("%T", c)
	}
	return c.String()
}

// Complete returns an error when c lacks a definition it must carry: a
// change is frozen into a migration and replayed, so it must be whole.
func Complete(c Change) error {
	missing := false
	switch c := c.(type) {
	case nil:
		missing = true
	case CreateTable:
		missing = c.Table == nil
	case DropTable:
		missing = c.Table == nil
	case AddColumn:
		missing = c.Column == nil
	case DropColumn:
		missing = c.Column == nil
	case AlterColumn:
		missing = c.From == nil || c.To == nil || c.From.Name != c.To.Name
	case CreateIndex:
		missing = c.Index == nil
	case DropIndex:
		missing = c.Index == nil
	case AddUnique:
		missing = c.Unique == nil
	case DropUnique:
		missing = c.Unique == nil
	case AddCheck:
		missing = c.Check == nil
	case DropCheck:
		missing = c.Check == nil
	case AddForeignKey:
		missing = c.ForeignKey == nil
	case DropForeignKey:
		missing = c.ForeignKey == nil
	case RenameConstraint:
		missing = c.Kind != ConstraintUnique && c.Kind != ConstraintCheck && c.Kind != ConstraintForeignKey
	}
	if missing {
		return fmt.Errorf("%T lacks the definition it must carry", c)
	}
	return nil
}

func apply(s *Snapshot, c Change) error {
	switch c := c.(type) {
	case CreateTable:
		if s.Table(c.Table.Name) != nil {
			return fmt.Errorf("table %s exists", c.Table.Name)
		}
		s.Tables = append(s.Tables, c.Table.Clone())
		return nil
	case DropTable:
		i := slices.IndexFunc(s.Tables, func(t *Table) bool { return t.Name == c.Table.Name })
		if i < 0 {
			return fmt.Errorf("no table %s", c.Table.Name)
		}
		if !reflect.DeepEqual(comparable(s.Tables[i]), comparable(c.Table)) {
			return fmt.Errorf("table %s is not as the change says, so its inverse would not restore it", c.Table.Name)
		}
		s.Tables = slices.Delete(s.Tables, i, i+1)
		return nil
	case RenameTable:
		t := s.Table(c.From)
		if t == nil || s.Table(c.To) != nil {
			return fmt.Errorf("cannot rename %s to %s", c.From, c.To)
		}
		t.Name = c.To
		for _, other := range s.Tables {
			for _, fk := range other.ForeignKeys {
				if fk.RefTable == c.From {
					fk.RefTable = c.To
				}
			}
		}
		return nil
	}
	return applyToTable(s, c)
}

// applyToTable handles the changes that stay within one table.
func applyToTable(s *Snapshot, c Change) error {
	name := TableOf(c)
	t := s.Table(name)
	if t == nil {
		return fmt.Errorf("no table %s", name)
	}
	switch c := c.(type) {
	case AddColumn:
		if t.Column(c.Column.Name) != nil {
			return fmt.Errorf("column %s exists", c.Column.Name)
		}
		t.Columns = append(t.Columns, c.Column.Clone())
	case DropColumn:
		if old := t.Column(c.Column.Name); old != nil && !sameColumn(old, c.Column) {
			return fmt.Errorf("column %s is not as the change says", c.Column.Name)
		}
		return removeNamed(&t.Columns, c.Column.Name, func(x *Column) string { return x.Name })
	case RenameColumn:
		col := t.Column(c.From)
		if col == nil || t.Column(c.To) != nil {
			return fmt.Errorf("cannot rename column %s to %s", c.From, c.To)
		}
		col.Name = c.To
		renameColumnRefs(s, t, c.From, c.To)
	case AlterColumn:
		i := slices.IndexFunc(t.Columns, func(x *Column) bool { return x.Name == c.From.Name })
		if i < 0 {
			return fmt.Errorf("no column %s", c.From.Name)
		}
		if !sameColumn(t.Columns[i], c.From) {
			return fmt.Errorf("column %s is not as the change says it was", c.From.Name)
		}
		t.Columns[i] = c.To.Clone()
	case CreateIndex:
		return addNamed(&t.Indexes, c.Index.Clone(), func(x *Index) string { return x.Name })
	case DropIndex:
		return removeExact(&t.Indexes, c.Index)
	case RenameIndex:
		if !renameNamed(t.Indexes, c.From, c.To, func(x *Index) *string { return &x.Name }) {
			return fmt.Errorf("cannot rename index %s to %s", c.From, c.To)
		}
	case RenameConstraint:
		var ok bool
		switch c.Kind {
		case ConstraintUnique:
			ok = renameNamed(t.Uniques, c.From, c.To, func(x *Unique) *string { return &x.Name })
		case ConstraintCheck:
			ok = renameNamed(t.Checks, c.From, c.To, func(x *Check) *string { return &x.Name })
		case ConstraintForeignKey:
			ok = renameNamed(t.ForeignKeys, c.From, c.To, func(x *ForeignKey) *string { return &x.Name })
		}
		if !ok {
			return fmt.Errorf("cannot rename %s %s to %s", c.Kind, c.From, c.To)
		}
	case AddUnique:
		u := *c.Unique
		return addNamed(&t.Uniques, &u, func(x *Unique) string { return x.Name })
	case DropUnique:
		return removeExact(&t.Uniques, c.Unique)
	case AddCheck:
		k := *c.Check
		return addNamed(&t.Checks, &k, func(x *Check) string { return x.Name })
	case DropCheck:
		return removeExact(&t.Checks, c.Check)
	case AddForeignKey:
		return addNamed(&t.ForeignKeys, c.ForeignKey.Clone(), func(x *ForeignKey) string { return x.Name })
	case DropForeignKey:
		return removeExact(&t.ForeignKeys, c.ForeignKey)
	default:
		return fmt.Errorf("unknown change %T", c)
	}
	return nil
}

// TableOf names the table a change applies to (for a rename, the new name).
func TableOf(c Change) string {
	switch c := c.(type) {
	case CreateTable:
		return c.Table.Name
	case DropTable:
		return c.Table.Name
	case RenameTable:
		return c.To
	case AddColumn:
		return c.Table
	case DropColumn:
		return c.Table
	case RenameColumn:
		return c.Table
	case AlterColumn:
		return c.Table
	case CreateIndex:
		return c.Table
	case DropIndex:
		return c.Table
	case RenameIndex:
		return c.Table
	case RenameConstraint:
		return c.Table
	case AddUnique:
		return c.Table
	case DropUnique:
		return c.Table
	case AddCheck:
		return c.Table
	case DropCheck:
		return c.Table
	case AddForeignKey:
		return c.Table
	case DropForeignKey:
		return c.Table
	}
	return ""
}

// renameNamed renames the item called from to to, when there is one and
// to is free.
func renameNamed[T any](items []*T, from, to string, name func(*T) *string) bool {
	var found *T
	for _, x := range items {
		switch *name(x) {
		case to:
			return false
		case from:
			found = x
		}
	}
	if found == nil {
		return false
	}
	*name(found) = to
	return true
}

// renameColumnRefs follows a column rename into the table's indexes and
// constraints and into foreign keys of other tables that reference it.
func renameColumnRefs(s *Snapshot, t *Table, from, to string) {
	for _, ix := range t.Indexes {
		for _, ic := range ix.Columns {
			if ic.Column == from {
				ic.Column = to
			}
		}
	}
	for _, u := range t.Uniques {
		if u.Column == from {
			u.Column = to
		}
	}
	for _, k := range t.Checks {
		if k.Column == from {
			k.Column = to
		}
	}
	for _, fk := range t.ForeignKeys {
		replaceAll(fk.Columns, from, to)
	}
	for _, other := range s.Tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefTable == t.Name {
				replaceAll(fk.RefColumns, from, to)
			}
		}
	}
}

func replaceAll(names []string, from, to string) {
	for i, n := range names {
		if n == from {
			names[i] = to
		}
	}
}

func addNamed[T any](list *[]T, item T, name func(T) string) error {
	if slices.ContainsFunc(*list, func(x T) bool { return name(x) == name(item) }) {
		return fmt.Errorf("%s exists", name(item))
	}
	*list = append(*list, item)
	return nil
}

// removeExact removes the element equal to item, which must be there: a
// drop carries the definition its inverse recreates.
func removeExact[T any, P part[T]](list *[]P, item P) error {
	i := slices.IndexFunc(*list, func(x P) bool { return x.Equal(item) })
	if i < 0 {
		return fmt.Errorf("no such %T as the change describes", item)
	}
	*list = slices.Delete(*list, i, i+1)
	return nil
}

func removeNamed[T any](list *[]T, n string, name func(T) string) error {
	i := slices.IndexFunc(*list, func(x T) bool { return name(x) == n })
	if i < 0 {
		return fmt.Errorf("no %s", n)
	}
	*list = slices.Delete(*list, i, i+1)
	return nil
}
