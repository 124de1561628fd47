package schema

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Hints carry what a diff cannot infer: renames. Without a hint a renamed
// table or column is a drop plus an add, which loses data, so renames come
// only from the author (a renamed_from tag or a table directive).
type Hints struct {
	// Tables maps a table's new name to its old name.
	Tables map[string]string
	// Columns maps a table's new name to its columns' new names to their
	// old names.
	Columns map[string]map[string]string
}

// Diff returns the changes that turn prev into next, in an order a real
// database accepts:
//
//  1. table renames, then column renames (hinted);
//  2. foreign keys, indexes, unique and check constraints that go or
//     change are dropped, before the columns and tables they use;
//  3. tables are created, referenced tables first; a foreign key that would
//     reference a table created later (a cycle) is added at the end;
//  4. columns are added, altered, then dropped; tables are dropped;
//  5. indexes, unique and check constraints are created, foreign keys
//     added.
//
// Unchanged indexes whose names follow a rename are renamed, not rebuilt.
// Informative fields (a column's Go field, a table's model, an index or
// unique tag on a column whose type it does not size) never produce a
// change. Applying the result to prev gives next, up to those fields.
//
// A kept table whose primary-key columns change is refused with a
// *PrimaryKeyError per table (joined), and no changes.
func Diff(prev, next *Snapshot, hints Hints) ([]Change, error) {
	return diff(prev, next, hints, true)
}

// diff is Diff; shortcut lets it skip the kept tables that are the same on
// both sides (see below), and is off only for the test that holds the
// shortcut to the full comparison.
func diff(prev, next *Snapshot, hints Hints, shortcut bool) ([]Change, error) {
	if d := settingsChange(prev.Settings, next.Settings); d != "" {
		// Settings change names and definitions everywhere; a migration
		// cannot express that, and guessing would be worse.
		return nil, fmt.Errorf("the GORM settings changed (%s); a model set keeps its settings for its whole migration history", d)
	}
	var out []Change

	// 1. Renames, applied to a working copy so that everything after
	// compares like with like. Without renames cur is prev itself, which
	// nothing below changes: copying every table only to read it cost a
	// large diff a fifth of its time. The changes that carry a definition
	// of cur (the drops, an altered column's old form) carry a copy, so
	// that they never share prev's.
	cur := prev
	var renames []Change
	// A hint stays in the models after its rename was generated; then the
	// new name exists already and the hint has nothing left to do.
	for _, to := range sortedKeys(hints.Tables) {
		from := hints.Tables[to]
		if from == to || next.Table(to) == nil || cur.Table(to) != nil {
			continue
		}
		if cur.Table(from) == nil {
			return nil, fmt.Errorf("table %s is marked as renamed from %s, which does not exist", to, from)
		}
		renames = append(renames, RenameTable{From: from, To: to})
	}
	if len(renames) > 0 {
		cur = prev.Clone()
	}
	for _, r := range renames {
		if err := apply(cur, r); err != nil {
			return nil, fmt.Errorf("rename hint: %w", err)
		}
	}
	// Table names are settled: from here on tables are found by name
	// through indexes, as scanning for each made large diffs quadratic.
	curTables, nextTables := indexTables(cur), indexTables(next)
	var columnRenames []Change
	for _, table := range sortedKeys(hints.Columns) {
		cols := hints.Columns[table]
		ct, nt := curTables[table], nextTables[table]
		for _, to := range sortedKeys(cols) {
			from := cols[to]
			if from == to || nt == nil || nt.Column(to) == nil || ct == nil || ct.Column(to) != nil {
				continue
			}
			if ct.Column(from) == nil {
				return nil, fmt.Errorf("column %s.%s is marked as renamed from %s, which does not exist", table, to, from)
			}
			columnRenames = append(columnRenames, RenameColumn{Table: table, From: from, To: to})
		}
	}
	columnRenames = append(columnRenames, joinColumnRenames(curTables, next, renames)...)
	if len(columnRenames) > 0 && cur == prev {
		cur = prev.Clone()
		curTables = indexTables(cur)
	}
	for _, r := range columnRenames {
		if err := apply(cur, r); err != nil {
			return nil, fmt.Errorf("rename hint: %w", err)
		}
	}
	renames = append(renames, columnRenames...)
	out = append(out, renames...)
	if err := primaryKeysKept(curTables, next); err != nil {
		return nil, err
	}

	kept := func(t *Table) (*Table, bool) { // the same table in next
		nt := nextTables[t.Name]
		return nt, nt != nil
	}
	// Most kept tables of a large model set do not change, and comparing
	// each of their parts below made a diff of thousands of tables cost
	// more than analysing the models. A table that is the same on both
	// sides (sameTable: its columns as sameColumn compares them, and its
	// indexes and constraints, equal in order) has nothing to drop, add,
	// alter or rename: the only change it can take is a foreign key
	// rebuilt for the table that key references.
	same := map[string]bool{}
	if shortcut {
		for _, t := range cur.Tables {
			if nt, ok := kept(t); ok && sameTable(t, nt) {
				same[t.Name] = true
			}
		}
	}

	// 2. Drop what goes or changes. A foreign key over a column whose type
	// changes is dropped too and added back afterwards: MySQL refuses to
	// change the type of a column a foreign key uses, PostgreSQL a type it
	// cannot match. Other column changes (a comment, a default,
	// nullability) leave the keys in place; dropping and adding them back
	// would re-validate every child table, or rebuild it on SQLite.
	retyped := retypedColumns(cur, nextTables, same)
	// rebuilt reports whether a kept foreign key of table must be dropped
	// and added back: its columns or those it references change type, or
	// MySQL would lose the index it needs on either side.
	// A table that is the same keeps every index.
	rebuilt := func(table string, fk *ForeignKey) bool {
		return touchesRetyped(table, fk, retyped) ||
			!same[table] && losesIndex(curTables[table], nextTables[table], fk.Columns) ||
			!same[fk.RefTable] && losesIndex(curTables[fk.RefTable], nextTables[fk.RefTable], fk.RefColumns)
	}
	// Indexes and constraints whose derived names follow a rename are
	// renamed, not rebuilt: per kept table, old name -> new name.
	renamed := map[string]nameChanges{}
	for _, t := range cur.Tables {
		if nt, ok := kept(t); ok && !same[t.Name] {
			indexes := map[string]string{}
			for _, ix := range t.Indexes {
				if to := renamedIndex(t, nt, ix); to != "" {
					indexes[ix.Name] = to
				}
			}
			stable := func(fk *ForeignKey) bool { return !rebuilt(t.Name, fk) }
			renamed[t.Name] = nameChanges{
				indexes: indexes,
				uniques: renamePairs(t.Uniques, nt.Uniques, func(x *Unique) string { return x.Name }, func(x *Unique) Unique { y := *x; y.Name = ""; return y }, nil),
				checks:  renamePairs(t.Checks, nt.Checks, func(x *Check) string { return x.Name }, func(x *Check) Check { y := *x; y.Name = ""; return y }, nil),
				fks:     renamePairs(t.ForeignKeys, nt.ForeignKeys, func(x *ForeignKey) string { return x.Name }, func(x *ForeignKey) ForeignKey { y := *x; y.Name = ""; return y }, stable),
			}
		}
	}
	for _, t := range cur.Tables {
		nt, _ := kept(t)
		for _, fk := range t.ForeignKeys {
			if renamed[t.Name].fks[fk.Name] != "" {
				continue
			}
			if nt == nil || !same[t.Name] && !containsEqual(nt.ForeignKeys, fk) || rebuilt(t.Name, fk) {
				out = append(out, DropForeignKey{Table: t.Name, ForeignKey: fk.Clone()})
			}
		}
	}
	for _, t := range cur.Tables {
		nt, ok := kept(t)
		if !ok || same[t.Name] {
			continue // dropping the table drops these
		}
		for _, ix := range t.Indexes {
			if !containsEqual(nt.Indexes, ix) && renamed[t.Name].indexes[ix.Name] == "" {
				out = append(out, DropIndex{Table: t.Name, Index: ix.Clone()})
			}
		}
		for _, u := range notIn(t.Uniques, nt.Uniques) {
			if renamed[t.Name].uniques[u.Name] == "" {
				u := *u
				out = append(out, DropUnique{Table: t.Name, Unique: &u})
			}
		}
		for _, k := range notIn(t.Checks, nt.Checks) {
			if renamed[t.Name].checks[k.Name] == "" {
				k := *k
				out = append(out, DropCheck{Table: t.Name, Check: &k})
			}
		}
	}
	for _, t := range cur.Tables {
		if _, ok := kept(t); ok && !same[t.Name] {
			out = append(out, renamed[t.Name].changes(t)...)
		}
	}

	// 3. Drop tables that go, freeing their index names (one namespace per
	// schema on PostgreSQL and SQLite), then create new ones, referenced
	// tables first. Dropped tables lost their foreign keys in step 2.
	for _, t := range cur.Tables {
		if _, ok := kept(t); !ok {
			dropped := t.Clone()
			dropped.ForeignKeys = nil
			out = append(out, DropTable{Table: dropped})
		}
	}
	var created []*Table
	for _, t := range next.Tables {
		if curTables[t.Name] == nil {
			created = append(created, t)
		}
	}
	creates, deferred := orderCreates(created, func(fk *ForeignKey) bool {
		// A key into a kept table can be inline only if the columns it
		// references are there, of their new type and as unique, already.
		ct := curTables[fk.RefTable]
		if ct == nil {
			return true // a created table
		}
		nt := nextTables[fk.RefTable]
		for _, col := range fk.RefColumns {
			if ct.Column(col) == nil || retyped[fk.RefTable+"."+col] {
				return false
			}
		}
		return sameUniqueness(ct, nt, fk.RefColumns)
	})
	out = append(out, creates...)

	// 4. Columns.
	for _, t := range next.Tables {
		ct := curTables[t.Name]
		if ct == nil || same[t.Name] {
			continue
		}
		for _, c := range t.Columns {
			if ct.Column(c.Name) == nil {
				out = append(out, AddColumn{Table: t.Name, Column: c})
			}
		}
		for _, c := range t.Columns {
			if old := ct.Column(c.Name); old != nil && !sameColumn(old, c) {
				out = append(out, AlterColumn{Table: t.Name, From: old.Clone(), To: c})
			}
		}
		for _, c := range ct.Columns {
			if t.Column(c.Name) == nil {
				out = append(out, DropColumn{Table: t.Name, Column: c.Clone()})
			}
		}
	}

	// 5. Create what is new or changed.
	for _, t := range next.Tables {
		ct := curTables[t.Name]
		if ct == nil || same[t.Name] {
			continue // created whole in step 3, or the same
		}
		r := renamed[t.Name]
		for _, ix := range t.Indexes {
			if !containsEqual(ct.Indexes, ix) && !r.target(r.indexes, ix.Name) {
				out = append(out, CreateIndex{Table: t.Name, Index: ix})
			}
		}
		for _, u := range notIn(t.Uniques, ct.Uniques) {
			if !r.target(r.uniques, u.Name) {
				out = append(out, AddUnique{Table: t.Name, Unique: u})
			}
		}
		for _, k := range notIn(t.Checks, ct.Checks) {
			if !r.target(r.checks, k.Name) {
				out = append(out, AddCheck{Table: t.Name, Check: k})
			}
		}
	}
	for _, t := range next.Tables {
		ct := curTables[t.Name]
		if ct == nil {
			continue
		}
		r := renamed[t.Name]
		for _, fk := range t.ForeignKeys {
			if r.target(r.fks, fk.Name) {
				continue
			}
			if !same[t.Name] && !containsEqual(ct.ForeignKeys, fk) || rebuilt(t.Name, fk) {
				out = append(out, AddForeignKey{Table: t.Name, ForeignKey: fk})
			}
		}
	}
	out = append(out, deferred...)
	return out, nil
}

// joinColumnRenames renames the columns of implicit join tables that follow
// a renamed table. GORM names a join table's columns after the models on
// its two sides (tag_id for Tag), so renaming Tag to Label would otherwise
// change the join table's primary key. A kept join table's foreign key
// into a renamed table (cur has the table renames applied) over columns
// next lacks is paired with next's one key into the same table and
// columns over columns cur lacks, and its columns are renamed in place,
// keeping the rows. Without foreign keys in the snapshot nothing ties a
// column to a table, and the primary-key refusal names the tags that keep
// the names.
func joinColumnRenames(cur map[string]*Table, next *Snapshot, tableRenames []Change) []Change {
	renamed := map[string]bool{}
	for _, r := range tableRenames {
		renamed[r.(RenameTable).To] = true
	}
	var out []Change
	for _, nt := range next.Tables {
		ct := cur[nt.Name]
		if ct == nil || !ct.JoinTable || !nt.JoinTable {
			continue
		}
		// moved lists t's keys into a renamed table whose columns other
		// lacks, per referenced table and columns.
		moved := func(t, other *Table) map[string][]*ForeignKey {
			m := map[string][]*ForeignKey{}
			for _, fk := range t.ForeignKeys {
				if renamed[fk.RefTable] && !slices.ContainsFunc(fk.Columns, func(c string) bool { return other.Column(c) != nil }) {
					ref := fk.RefTable + "(" + strings.Join(fk.RefColumns, ",") + ")"
					m[ref] = append(m[ref], fk)
				}
			}
			return m
		}
		gone, fresh := moved(ct, nt), moved(nt, ct)
		for _, ref := range sortedKeys(gone) {
			from, to := gone[ref], fresh[ref]
			if len(from) != 1 || len(to) != 1 || len(from[0].Columns) != len(to[0].Columns) {
				continue // ambiguous: leave it to the primary-key check
			}
			for i, c := range from[0].Columns {
				out = append(out, RenameColumn{Table: nt.Name, From: c, To: to[0].Columns[i]})
			}
		}
	}
	return out
}

// orderCreates orders new tables so that each comes after the tables its
// foreign keys reference. Where references form a cycle, the table whose
// name sorts first is created without the foreign keys that close it, and
// those are returned to be added once all tables exist. Self-references
// stay inline: a table may reference itself in CREATE TABLE.
func orderCreates(tables []*Table, inlineOK func(*ForeignKey) bool) (creates, deferred []Change) {
	pending := map[string]*Table{}
	for _, t := range tables {
		pending[t.Name] = t
	}
	waitsFor := func(t *Table) bool {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != t.Name && pending[fk.RefTable] != nil {
				return true
			}
		}
		return false
	}
	// Keys into kept tables that are not ready yet wait for step 5.
	for i, t := range tables {
		var inline []*ForeignKey
		for _, fk := range t.ForeignKeys {
			if inlineOK(fk) {
				inline = append(inline, fk)
			} else {
				deferred = append(deferred, AddForeignKey{Table: t.Name, ForeignKey: fk})
			}
		}
		if len(inline) != len(t.ForeignKeys) {
			t = t.Clone()
			t.ForeignKeys = inline
			tables[i] = t
			pending[t.Name] = t
		}
	}
	for len(pending) > 0 {
		names := sortedKeys(pending)
		progressed := false
		for _, name := range names {
			if t := pending[name]; !waitsFor(t) {
				creates = append(creates, CreateTable{Table: t})
				delete(pending, name)
				progressed = true
			}
		}
		if progressed {
			continue
		}
		// A cycle: break it at the first table by name.
		t := pending[names[0]].Clone()
		var inline []*ForeignKey
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != t.Name && pending[fk.RefTable] != nil {
				deferred = append(deferred, AddForeignKey{Table: t.Name, ForeignKey: fk})
			} else {
				inline = append(inline, fk)
			}
		}
		t.ForeignKeys = inline
		creates = append(creates, CreateTable{Table: t})
		delete(pending, t.Name)
	}
	return creates, deferred
}

// nameChanges are one table's indexes and unique, check and foreign-key
// constraints that only change name, old name -> new name.
type nameChanges struct{ indexes, uniques, checks, fks map[string]string }

// changes returns the renames in t's index and constraint order.
func (r nameChanges) changes(t *Table) []Change {
	var out []Change
	for _, ix := range t.Indexes {
		if to := r.indexes[ix.Name]; to != "" {
			out = append(out, RenameIndex{Table: t.Name, From: ix.Name, To: to})
		}
	}
	add := func(kind string, names []string, pairs map[string]string) {
		for _, from := range names {
			if to := pairs[from]; to != "" {
				out = append(out, RenameConstraint{Table: t.Name, Kind: kind, From: from, To: to})
			}
		}
	}
	var us, ks, fs []string
	for _, u := range t.Uniques {
		us = append(us, u.Name)
	}
	for _, k := range t.Checks {
		ks = append(ks, k.Name)
	}
	for _, fk := range t.ForeignKeys {
		fs = append(fs, fk.Name)
	}
	add(ConstraintUnique, us, r.uniques)
	add(ConstraintCheck, ks, r.checks)
	add(ConstraintForeignKey, fs, r.fks)
	return out
}

// target reports whether name is the new name of a rename in pairs.
func (nameChanges) target(pairs map[string]string, name string) bool {
	for _, to := range pairs {
		if to == name {
			return true
		}
	}
	return false
}

// renamePairs pairs each item of cur missing from next with the first item
// of next, missing from cur, that equals it but for its name. Neither name
// may be in use on the other side, and each item pairs at most once. ok,
// when given, limits which items may pair.
func renamePairs[T any](cur, next []*T, name func(*T) string, unnamed func(*T) T, ok func(*T) bool) map[string]string {
	has := func(list []*T, n string) bool {
		return slices.ContainsFunc(list, func(x *T) bool { return name(x) == n })
	}
	pairs := map[string]string{}
	taken := map[string]bool{}
	for _, old := range cur {
		if has(next, name(old)) || (ok != nil && !ok(old)) {
			continue
		}
		for _, cand := range next {
			if taken[name(cand)] || has(cur, name(cand)) || (ok != nil && !ok(cand)) {
				continue
			}
			if reflect.DeepEqual(unnamed(old), unnamed(cand)) {
				pairs[name(old)] = name(cand)
				taken[name(cand)] = true
				break
			}
		}
	}
	return pairs
}

// renamedIndex returns the name ix has in next when only its name changed,
// as when its derived name follows a renamed table or field.
func renamedIndex(cur, next *Table, ix *Index) string {
	if slices.ContainsFunc(next.Indexes, func(x *Index) bool { return x.Name == ix.Name }) {
		return ""
	}
	for _, cand := range next.Indexes {
		if slices.ContainsFunc(cur.Indexes, func(x *Index) bool { return x.Name == cand.Name }) {
			continue // that name is taken by an index of its own
		}
		renamed := *ix
		renamed.Name = cand.Name
		if renamed.Equal(cand) && firstMatch(cur, next, cand) == ix {
			return cand.Name
		}
	}
	return ""
}

// firstMatch pairs each new index with at most one old one: the first, by
// name, with the same definition.
func firstMatch(cur, next *Table, cand *Index) *Index {
	for _, ix := range cur.Indexes {
		if slices.ContainsFunc(next.Indexes, func(x *Index) bool { return x.Name == ix.Name }) {
			continue
		}
		renamed := *ix
		renamed.Name = cand.Name
		if renamed.Equal(cand) {
			return ix
		}
	}
	return nil
}

// retypedColumns names ("table.column") the columns present on both sides
// whose SQL type may change on some dialect (AlterColumn.ChangesType).
// The tables in same have none.
func retypedColumns(cur *Snapshot, next map[string]*Table, same map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, t := range cur.Tables {
		nt := next[t.Name]
		if nt == nil || same[t.Name] {
			continue
		}
		for _, c := range t.Columns {
			if nc := nt.Column(c.Name); nc != nil && (AlterColumn{From: c, To: nc}).ChangesType() {
				out[t.Name+"."+c.Name] = true
			}
		}
	}
	return out
}

// touchesRetyped reports whether fk, of table, uses or references a
// column in retyped.
func touchesRetyped(table string, fk *ForeignKey, retyped map[string]bool) bool {
	for _, c := range fk.Columns {
		if retyped[table+"."+c] {
			return true
		}
	}
	for _, c := range fk.RefColumns {
		if retyped[fk.RefTable+"."+c] {
			return true
		}
	}
	return false
}

// losesIndex reports whether the diff drops the last index of table cur
// (next after the diff) whose leading columns are cols. MySQL refuses to
// drop an index a foreign key needs, so such a key is dropped first and
// added back once the indexes are in place (MySQL makes one for it if
// none is left). A table created or dropped loses nothing here.
func losesIndex(cur, next *Table, cols []string) bool {
	if cur == nil || next == nil {
		return false
	}
	covers := func(lead []string) bool { return len(lead) >= len(cols) && slices.Equal(lead[:len(cols)], cols) }
	dropped, kept := false, covers(cur.PrimaryKey())
	for _, ix := range cur.Indexes {
		var lead []string
		for _, c := range ix.Columns {
			if c.Expression != "" {
				break
			}
			lead = append(lead, c.Column)
		}
		switch {
		case !covers(lead):
		case containsEqual(next.Indexes, ix) || renamedIndex(cur, next, ix) != "":
			kept = true
		default:
			dropped = true
		}
	}
	for _, u := range cur.Uniques {
		if covers([]string{u.Column}) {
			// A unique constraint on the column in next is this one, kept
			// or renamed: its definition is only the column.
			if slices.ContainsFunc(next.Uniques, func(x *Unique) bool { return x.Column == u.Column }) {
				kept = true
			} else {
				dropped = true
			}
		}
	}
	return dropped && !kept
}

// sameUniqueness reports whether the unique constraints and unique indexes
// covering exactly cols are the same before and after.
func sameUniqueness(cur, next *Table, cols []string) bool {
	covers := func(t *Table) (names []string) {
		for _, u := range t.Uniques {
			if len(cols) == 1 && u.Column == cols[0] {
				names = append(names, "u:"+u.Name)
			}
		}
		for _, ix := range t.Indexes {
			if ix.Class != "UNIQUE" || len(ix.Columns) != len(cols) {
				continue
			}
			same := true
			for i, ic := range ix.Columns {
				same = same && ic.Column == cols[i]
			}
			if same {
				names = append(names, "i:"+ix.Name)
			}
		}
		slices.Sort(names)
		return names
	}
	return slices.Equal(covers(cur), covers(next))
}

// PrimaryKeyError refuses a change of a kept table's primary key: the
// columns that form it, or their order. Changing the type of a key column
// that stays the key is an ordinary AlterColumn.
type PrimaryKeyError struct {
	Table    string
	From, To []string
	// JoinTable is set for an implicit many2many join table, whose key
	// columns GORM names after the models on its two sides.
	JoinTable bool
}

// Error names the table and both keys, says why the change is refused and
// how to proceed.
func (e *PrimaryKeyError) Error() string {
	key := func(cols []string) string {
		if len(cols) == 0 {
			return "no primary key"
		}
		return "(" + strings.Join(cols, ", ") + ")"
	}
	if e.JoinTable {
		// A join table has no model to give a unique index or a new
		// table to; its column names are what changed.
		tag := "joinForeignKey:<this side's old columns>;joinReferences:<the other side's>"
		if len(e.From) == 2 { // GORM lists the field's own side first
			tag = "joinForeignKey:" + e.From[0] + ";joinReferences:" + e.From[1]
		}
		return fmt.Sprintf("table %s: the primary key would change from %s to %s, which migragen refuses: "+
			"%s is a many2many join table, whose columns GORM names after the models on its two sides, so renaming "+
			"a model renames them. Keep the old names on the many2many field: gorm:\"many2many:%s;%s\" "+
			"(joinForeignKey names the columns of the field's own model, joinReferences those of the other); "+
			"a model renamed with //migragen:renamed_from renames them itself while foreign keys are enabled",
			e.Table, key(e.From), key(e.To), e.Table, e.Table, tag)
	}
	return fmt.Sprintf("table %s: the primary key would change from %s to %s, which migragen refuses: "+
		"dropping and re-creating a primary key rewrites the table and breaks the foreign keys that reference it, "+
		"differently on every dialect. To go on, either keep the old key and add a unique index on the new columns "+
		"(gorm:\"uniqueIndex:...\"), or give the new key to a new model (a new table), copy the rows in a data step "+
		"of the migration, and drop the old model", e.Table, key(e.From), key(e.To))
}

// primaryKeysKept returns a *PrimaryKeyError per table of both snapshots
// whose primary-key columns differ, by name or order.
func primaryKeysKept(cur map[string]*Table, next *Snapshot) error {
	var errs []error
	for _, nt := range next.Tables {
		ct := cur[nt.Name]
		if ct == nil {
			continue
		}
		if from, to := ct.PrimaryKey(), nt.PrimaryKey(); !slices.Equal(from, to) {
			errs = append(errs, &PrimaryKeyError{Table: nt.Name, From: from, To: to, JoinTable: ct.JoinTable && nt.JoinTable})
		}
	}
	return errors.Join(errs...)
}

func settingsChange(a, b Settings) string {
	switch {
	case a.Naming != b.Naming:
		return fmt.Sprintf("naming %+v became %+v", a.Naming, b.Naming)
	case a.DisableForeignKeyConstraints != b.DisableForeignKeyConstraints:
		return "DisableForeignKeyConstraintWhenMigrating"
	case a.TableOptions != b.TableOptions:
		return "table options"
	case !slices.Equal(a.JoinTables, b.JoinTables):
		return "join tables"
	}
	return ""
}

// sameColumn compares everything about two columns that reaches the
// database (Column.ddlInputs).
func sameColumn(a, b *Column) bool {
	x, y := a.ddlInputs(), b.ddlInputs()
	return x.Equal(&y)
}

// notIn returns the items with no equal in others, in order.
func notIn[T any, P part[T]](items, others []P) []P {
	var out []P
	for _, x := range items {
		if !containsEqual(others, x) {
			out = append(out, x)
		}
	}
	return out
}

func containsEqual[T any, P part[T]](list []P, item P) bool {
	for _, x := range list {
		if x.Equal(item) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare)
	return keys
}
