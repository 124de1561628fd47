package schema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// ExpandContract is one revision's changes split for a rolling deploy:
// Expand keeps working a binary built from the previous models, which
// still runs while the new one is rolled out; Contract removes what only
// that binary used, and runs once it is gone.
type ExpandContract struct {
	Expand, Contract []Change
	// Copies are the renamed columns that live twice between the two: the
	// expansion adds the new column beside the old one, and the generator
	// copies values between them (a backfill, and triggers where the
	// dialect has them) until the contraction drops the old one.
	Copies []ColumnCopy
}

// ColumnCopy is a column renamed from From to To in Table, kept under
// both names between the expansion and the contraction.
type ColumnCopy struct {
	Table, From, To string
}

// SplitError says why a revision's changes cannot be split without
// hand-written code. Nothing was split.
type SplitError struct {
	Change Change
	Reason string
}

func (e *SplitError) Error() string {
	return fmt.Sprintf("cannot split %q into an expansion and a contraction: %s; generate it without -split, deployed when no older binary runs",
		describe(e.Change), e.Reason)
}

// Split puts into contract the changes that break a binary built from
// prev's models while it still runs, and everything else into expand.
// See SplitChanges.
func Split(prev *Snapshot, changes []Change) (expand, contract []Change, err error) {
	ec, err := SplitChanges(prev, changes)
	if err != nil {
		return nil, nil, err
	}
	return ec.Expand, ec.Contract, nil
}

// SplitChanges splits the changes of one revision from prev (the schema
// before it) into an expansion, which a binary built from prev's models
// survives, and a contraction, which only the new binary does:
//
//   - A dropped table, and the foreign keys into it, go to the contraction.
//   - A dropped column goes to the contraction, with the indexes and
//     constraints over it. If it is NOT NULL without a default, the new
//     binary, which no longer writes it, could not insert: the expansion
//     makes it nullable first.
//   - A renamed column becomes, in the expansion, a new nullable column
//     without a default (the old binary does not write it) plus the
//     indexes and constraints over it whose names follow the rename; the
//     values are copied by data steps the generator adds (Copies). The
//     contraction drops the old column with what was over it, creates what
//     keeps its name on the new column, and restores the new column's NOT
//     NULL and default. Later changes to the renamed column follow it into
//     the contraction.
//   - A column added NOT NULL without a default is added nullable, since
//     the old binary does not write it; the contraction makes it NOT NULL.
//
// Replaying Expand then Contract on prev gives the same schema as
// replaying changes; SplitChanges proves it before returning. A table
// rename, or a renamed column that is a key, generated or referenced by
// other tables' foreign keys, cannot be split and is a *SplitError.
func SplitChanges(prev *Snapshot, changes []Change) (*ExpandContract, error) {
	s := &splitter{
		changes:  changes,
		cur:      prev.Clone(),
		consumed: map[int]bool{},
		renamed:  map[string]bool{},
		dropped:  map[string]bool{},
		out:      &ExpandContract{},
	}
	for _, c := range changes {
		switch c := c.(type) {
		case DropTable:
			s.dropped[c.Table.Name] = true
		case DropColumn:
			s.dropped[c.Table+"."+c.Column.Name] = true
		}
	}
	for i, c := range changes {
		if err := Complete(c); err != nil {
			return nil, err
		}
		if !s.consumed[i] {
			if err := s.place(i, c); err != nil {
				return nil, err
			}
		}
		if err := ApplyInPlace(s.cur, c); err != nil {
			return nil, fmt.Errorf("change %d (%s): %w", i+1, describe(c), err)
		}
	}
	if err := s.out.verify(prev, changes); err != nil {
		return nil, err
	}
	return s.out, nil
}

// splitter walks a revision's changes in order.
type splitter struct {
	changes []Change
	// cur is the schema before the change being placed, as the unsplit
	// changes build it.
	cur      *Snapshot
	consumed map[int]bool // changes a rename folded in
	// renamed holds "table.column" of the new names of renamed columns:
	// later changes to them belong to the contraction.
	renamed map[string]bool
	// dropped holds the dropped tables and "table.column" of the dropped
	// columns: the drops of what is over them belong to the contraction.
	dropped map[string]bool
	out     *ExpandContract
}

func (s *splitter) expand(cs ...Change)   { s.out.Expand = append(s.out.Expand, cs...) }
func (s *splitter) contract(cs ...Change) { s.out.Contract = append(s.out.Contract, cs...) }

// place puts change i into the expansion, the contraction or both.
func (s *splitter) place(i int, c Change) error {
	switch c := c.(type) {
	case RenameTable:
		return &SplitError{Change: c, Reason: "the old binary reads and writes the table under its old name, the new one under the new name, and one table cannot have both"}
	case RenameColumn:
		return s.renameColumn(i, c)
	case DropTable:
		s.contract(c)
		return nil
	case DropColumn:
		if needsValue(c.Column) && !c.Column.PrimaryKey {
			relaxed := nullable(c.Column)
			s.expand(AlterColumn{Table: c.Table, From: c.Column, To: relaxed})
			c.Column = relaxed
		}
		s.contract(c)
		return nil
	case AddColumn:
		if s.touchesRenamed(c) {
			s.contract(c)
		} else if c.NeedsValue() {
			relaxed := nullable(c.Column)
			s.expand(AddColumn{Table: c.Table, Column: relaxed})
			s.contract(AlterColumn{Table: c.Table, From: relaxed, To: c.Column})
		} else {
			s.expand(c)
		}
		return nil
	case AlterColumn:
		if !s.touchesRenamed(c) && !c.From.NotNull && c.To.NotNull {
			// The old binary may write NULL there: the NOT NULL waits
			// for the contraction, the rest of the change does not.
			mid := c.To.Clone()
			mid.NotNull = false
			if !sameColumn(c.From, mid) {
				s.expand(AlterColumn{Table: c.Table, From: c.From, To: mid})
			}
			s.contract(AlterColumn{Table: c.Table, From: mid, To: c.To})
			return nil
		}
	}
	if s.touchesRenamed(c) || isDrop(c) && s.overDropped(c) {
		s.contract(c)
	} else {
		s.expand(c)
	}
	return nil
}

// needsValue reports whether a column is NOT NULL without anything that
// fills it: a binary that does not write it cannot insert a row.
func needsValue(col *Column) bool { return AddColumn{Column: col}.NeedsValue() }

// nullable returns a copy of col that allows NULL.
func nullable(col *Column) *Column {
	x := col.Clone()
	x.NotNull = false
	return x
}

// isDrop reports whether c drops an index or constraint.
func isDrop(c Change) bool {
	switch c.(type) {
	case DropIndex, DropUnique, DropCheck, DropForeignKey:
		return true
	}
	return false
}

// overDropped reports whether c is over a table or column the revision
// drops.
func (s *splitter) overDropped(c Change) bool {
	return slices.ContainsFunc(s.refs(c), func(r string) bool {
		t, _, _ := strings.Cut(r, ".")
		return s.dropped[r] || s.dropped[t]
	})
}

// touchesRenamed reports whether c is about the new name of a column the
// revision renamed.
func (s *splitter) touchesRenamed(c Change) bool {
	return slices.ContainsFunc(s.refs(c), func(r string) bool { return s.renamed[r] })
}

// refs lists the "table.column" a change is about (and the bare table for
// a change to a whole table), as the schema names them before it.
func (s *splitter) refs(c Change) []string {
	t := TableOf(c)
	on := func(cols ...string) []string {
		out := []string{t}
		for _, col := range cols {
			out = append(out, t+"."+col)
		}
		return out
	}
	switch c := c.(type) {
	case AddColumn:
		return on(c.Column.Name)
	case DropColumn:
		return on(c.Column.Name)
	case AlterColumn:
		return on(c.From.Name)
	case CreateIndex:
		return on(indexColumns(c.Index)...)
	case DropIndex:
		return on(indexColumns(c.Index)...)
	case AddUnique:
		return on(c.Unique.Column)
	case DropUnique:
		return on(c.Unique.Column)
	case AddCheck:
		return on(c.Check.Column)
	case DropCheck:
		return on(c.Check.Column)
	case AddForeignKey:
		return foreignKeyRefs(t, c.ForeignKey)
	case DropForeignKey:
		return foreignKeyRefs(t, c.ForeignKey)
	case RenameIndex, RenameConstraint:
		if o := s.object(c); o != nil {
			return s.refs(o)
		}
	}
	return []string{t}
}

// object returns, for a rename of an index or constraint, a change that
// creates the renamed object as it is before the rename, for refs.
func (s *splitter) object(c Change) Change {
	var t *Table
	if t = s.cur.Table(TableOf(c)); t == nil {
		return nil
	}
	switch c := c.(type) {
	case RenameIndex:
		if ix := findNamed(t.Indexes, c.From, func(x *Index) string { return x.Name }); ix != nil {
			return CreateIndex{Table: t.Name, Index: ix}
		}
	case RenameConstraint:
		switch c.Kind {
		case ConstraintUnique:
			if u := findNamed(t.Uniques, c.From, func(x *Unique) string { return x.Name }); u != nil {
				return AddUnique{Table: t.Name, Unique: u}
			}
		case ConstraintCheck:
			if k := findNamed(t.Checks, c.From, func(x *Check) string { return x.Name }); k != nil {
				return AddCheck{Table: t.Name, Check: k}
			}
		case ConstraintForeignKey:
			if fk := findNamed(t.ForeignKeys, c.From, func(x *ForeignKey) string { return x.Name }); fk != nil {
				return AddForeignKey{Table: t.Name, ForeignKey: fk}
			}
		}
	}
	return nil
}

func findNamed[T any](items []*T, name string, nameOf func(*T) string) *T {
	for _, x := range items {
		if nameOf(x) == name {
			return x
		}
	}
	return nil
}

func indexColumns(ix *Index) []string {
	var out []string
	for _, ic := range ix.Columns {
		if ic.Column != "" {
			out = append(out, ic.Column)
		}
	}
	return out
}

func foreignKeyRefs(table string, fk *ForeignKey) []string {
	out := []string{table, fk.RefTable}
	for _, col := range fk.Columns {
		out = append(out, table+"."+col)
	}
	for _, col := range fk.RefColumns {
		out = append(out, fk.RefTable+"."+col)
	}
	return out
}

// verify proves that the expansion then the contraction build what the
// unsplit changes build, and that their inverses lead back to prev.
func (ec *ExpandContract) verify(prev *Snapshot, changes []Change) error {
	fail := func(err error) error {
		return fmt.Errorf("internal error: the expand/contract split does not replay as the changes do: %w; generate without -split", err)
	}
	want, err := Apply(prev, changes)
	if err != nil {
		return fail(err)
	}
	mid, err := Apply(prev, ec.Expand)
	if err != nil {
		return fail(fmt.Errorf("expansion: %w", err))
	}
	got, err := Apply(mid, ec.Contract)
	if err != nil {
		return fail(fmt.Errorf("contraction: %w", err))
	}
	if d := Differences(want, got); len(d) > 0 {
		return fail(fmt.Errorf("%s", strings.Join(d, "; ")))
	}
	back, err := Apply(got, slices.Concat(Invert(ec.Contract), Invert(ec.Expand)))
	if err != nil {
		return fail(fmt.Errorf("inverses: %w", err))
	}
	if d := Differences(prev, back); len(d) > 0 {
		return fail(fmt.Errorf("inverses: %s", strings.Join(d, "; ")))
	}
	return nil
}

// renameColumn splits the rename of change i (see SplitChanges), folding
// in the later changes that only follow it: the renames of the indexes and
// constraints whose derived names follow the column, an alteration of the
// renamed column, and drops of what the rename carried over.
func (s *splitter) renameColumn(i int, c RenameColumn) error {
	// s.cur changes in place as the walk goes on: keep copies.
	t := s.cur.Table(c.Table)
	old := t.Column(c.From).Clone()
	switch {
	case old.PrimaryKey, old.AutoIncrement:
		return &SplitError{Change: c, Reason: "it is a key column; both binaries must agree on which column identifies a row"}
	case old.Generated != "":
		return &SplitError{Change: c, Reason: "it is a generated column, whose values no trigger can copy"}
	}
	for _, other := range s.cur.Tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefTable == t.Name && slices.Contains(fk.RefColumns, c.From) {
				return &SplitError{Change: c, Reason: fmt.Sprintf("foreign key %s of %s references it", fk.Name, other.Name)}
			}
		}
	}
	final := old.Clone()
	final.Name = c.To
	if j, alter := s.later(i, func(x Change) bool { a, ok := x.(AlterColumn); return ok && a.Table == t.Name && a.From.Name == c.To }); alter != nil {
		a := alter.(AlterColumn)
		if a.ChangesType() {
			return &SplitError{Change: c, Reason: "the renamed column also changes type, so the old and new columns cannot hold the same values; rename it in one revision and change its type in the next"}
		}
		s.consumed[j] = true
		final = a.To
	}
	// The new column during the window: nullable, because the old binary
	// does not write it, and without a default, so that a row the old
	// binary inserts shows NULL there, which the copy fills in.
	window := nullable(final)
	window.Default, window.DefaultKind = "", ""

	var expand, dropOld, createNew []Change
	if needsValue(old) {
		relaxed := nullable(old)
		expand = append(expand, AlterColumn{Table: t.Name, From: old, To: relaxed})
		old = relaxed
	}
	expand = append(expand, AddColumn{Table: t.Name, Column: window})
	for _, o := range s.over(t, c.From) {
		moved, err := s.follow(i, o, c)
		if err != nil {
			return err
		}
		dropOld = append(dropOld, o.Inverse())
		switch {
		case moved == nil: // dropped later in the revision
		case name(moved) != name(o):
			expand = append(expand, moved)
		default:
			createNew = append(createNew, moved)
		}
	}
	s.expand(expand...)
	s.contract(dropOld...)
	s.contract(DropColumn{Table: t.Name, Column: old})
	s.contract(createNew...)
	if !sameColumn(window, final) {
		s.contract(AlterColumn{Table: t.Name, From: window, To: final})
	}
	s.renamed[t.Name+"."+c.To] = true
	s.out.Copies = append(s.out.Copies, ColumnCopy{Table: t.Name, From: c.From, To: c.To})
	return nil
}

// later returns the first change after i, not yet consumed, that match
// accepts, and its index; nil when there is none.
func (s *splitter) later(i int, match func(Change) bool) (int, Change) {
	for j := i + 1; j < len(s.changes); j++ {
		if !s.consumed[j] && match(s.changes[j]) {
			return j, s.changes[j]
		}
	}
	return -1, nil
}

// over returns, as changes that create copies of them, the indexes and
// constraints of t over column col.
func (s *splitter) over(t *Table, col string) []Change {
	var out []Change
	for _, ix := range t.Indexes {
		if slices.Contains(indexColumns(ix), col) {
			out = append(out, CreateIndex{Table: t.Name, Index: ix.Clone()})
		}
	}
	for _, u := range t.Uniques {
		if u.Column == col {
			x := *u
			out = append(out, AddUnique{Table: t.Name, Unique: &x})
		}
	}
	for _, k := range t.Checks {
		if k.Column == col {
			x := *k
			out = append(out, AddCheck{Table: t.Name, Check: &x})
		}
	}
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, col) {
			out = append(out, AddForeignKey{Table: t.Name, ForeignKey: fk.Clone()})
		}
	}
	return out
}

// follow returns the change that creates o as it is after the rename r
// (change i) and the later renames of o's derived name, which it consumes;
// nil when a later change drops it, which it consumes too.
func (s *splitter) follow(i int, o Change, r RenameColumn) (Change, error) {
	moved := withColumnRenamed(o, r.From, r.To)
	if len(s.renamedColumns(moved)) > 0 {
		return nil, &SplitError{Change: r, Reason: fmt.Sprintf("%s is over two renamed columns", describe(o))}
	}
	kind, n := objectKind(o), name(o)
	if j, x := s.later(i, func(x Change) bool { return renameOf(x, r.Table, kind, n) != "" }); x != nil {
		s.consumed[j] = true
		moved = withName(moved, renameOf(x, r.Table, kind, n))
	}
	drop := moved.Inverse()
	if j, _ := s.later(i, func(x Change) bool { return reflect.DeepEqual(x, drop) }); j >= 0 {
		s.consumed[j] = true
		return nil, nil
	}
	return moved, nil
}

// renamedColumns lists the refs of c that are new names of columns the
// revision renamed before.
func (s *splitter) renamedColumns(c Change) []string {
	var out []string
	for _, r := range s.refs(c) {
		if s.renamed[r] {
			out = append(out, r)
		}
	}
	return out
}

// The kinds of object over a column, for matching their renames.
const kindIndex = "index"

func objectKind(c Change) string {
	switch c.(type) {
	case CreateIndex:
		return kindIndex
	case AddUnique:
		return ConstraintUnique
	case AddCheck:
		return ConstraintCheck
	case AddForeignKey:
		return ConstraintForeignKey
	}
	return ""
}

// renameOf returns the new name x gives the object of kind called name in
// table, or "" when x does not rename it.
func renameOf(x Change, table, kind, name string) string {
	switch x := x.(type) {
	case RenameIndex:
		if kind == kindIndex && x.Table == table && x.From == name {
			return x.To
		}
	case RenameConstraint:
		if x.Kind == kind && x.Table == table && x.From == name {
			return x.To
		}
	}
	return ""
}

// name is the name of the object a create change makes.
func name(c Change) string {
	switch c := c.(type) {
	case CreateIndex:
		return c.Index.Name
	case AddUnique:
		return c.Unique.Name
	case AddCheck:
		return c.Check.Name
	case AddForeignKey:
		return c.ForeignKey.Name
	}
	return ""
}

// withName returns a copy of the create change c naming its object n.
func withName(c Change, n string) Change {
	switch c := c.(type) {
	case CreateIndex:
		ix := c.Index.Clone()
		ix.Name = n
		return CreateIndex{Table: c.Table, Index: ix}
	case AddUnique:
		u := *c.Unique
		u.Name = n
		return AddUnique{Table: c.Table, Unique: &u}
	case AddCheck:
		k := *c.Check
		k.Name = n
		return AddCheck{Table: c.Table, Check: &k}
	case AddForeignKey:
		fk := c.ForeignKey.Clone()
		fk.Name = n
		return AddForeignKey{Table: c.Table, ForeignKey: fk}
	}
	return c
}

// withColumnRenamed returns a copy of the create change c over column
// from of its table, over column to instead.
func withColumnRenamed(c Change, from, to string) Change {
	swap := func(s string) string {
		if s == from {
			return to
		}
		return s
	}
	switch c := c.(type) {
	case CreateIndex:
		ix := c.Index.Clone()
		for _, ic := range ix.Columns {
			ic.Column = swap(ic.Column)
		}
		return CreateIndex{Table: c.Table, Index: ix}
	case AddUnique:
		u := *c.Unique
		u.Column = swap(u.Column)
		return AddUnique{Table: c.Table, Unique: &u}
	case AddCheck:
		k := *c.Check
		k.Column = swap(k.Column)
		return AddCheck{Table: c.Table, Check: &k}
	case AddForeignKey:
		fk := c.ForeignKey.Clone()
		for i := range fk.Columns {
			fk.Columns[i] = swap(fk.Columns[i])
		}
		return AddForeignKey{Table: c.Table, ForeignKey: fk}
	}
	return c
}
