package schema

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Differences lists how b differs from a in anything that reaches the
// database, one line each; nil means equivalent. Column order is ignored
// (a database appends added columns, where the models may put them
// anywhere), and so are the informative fields: a table's Go model, a
// column's Go field path, and index and unique tags where they size no
// type (Column.ddlInputs). The GORM settings must match; the policy ones
// (Dialects, PlainDDL) are not compared.
func Differences(a, b *Snapshot) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if d := fieldDiffs(normalSettings(a.Settings), normalSettings(b.Settings)); len(d) > 0 {
		add("settings differ: %s", strings.Join(d, ", "))
	}
	aTables, bTables := indexTables(a), indexTables(b)
	for _, t := range a.Tables {
		bt := bTables[t.Name]
		if bt == nil {
			add("table %s: only in the first", t.Name)
			continue
		}
		if !sameTable(t, bt) {
			out = append(out, tableDiffs(t, bt)...)
		}
	}
	for _, t := range b.Tables {
		if aTables[t.Name] == nil {
			add("table %s: only in the second", t.Name)
		}
	}
	return out
}

// tableDiffs lists how table b differs from a, the same table: its
// columns by name, and its indexes and constraints by name.
func tableDiffs(a, b *Table) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	x, y := comparable(a), comparable(b)
	for _, c := range x.Columns {
		bc := y.Column(c.Name)
		switch {
		case bc == nil:
			add("table %s: column %s only in the first", a.Name, c.Name)
		default:
			if d := fieldDiffs(*c, *bc); len(d) > 0 {
				add("table %s: column %s differs: %s", a.Name, c.Name, strings.Join(d, ", "))
			}
		}
	}
	for _, c := range y.Columns {
		if x.Column(c.Name) == nil {
			add("table %s: column %s only in the second", a.Name, c.Name)
		}
	}
	out = append(out, namedDiffs(a.Name, "index", x.Indexes, y.Indexes, func(x *Index) string { return x.Name })...)
	out = append(out, namedDiffs(a.Name, "unique", x.Uniques, y.Uniques, func(x *Unique) string { return x.Name })...)
	out = append(out, namedDiffs(a.Name, "check", x.Checks, y.Checks, func(x *Check) string { return x.Name })...)
	out = append(out, namedDiffs(a.Name, "foreign key", x.ForeignKeys, y.ForeignKeys, func(x *ForeignKey) string { return x.Name })...)
	return out
}

// sameTable reports whether t and u have equal columns (as the diff
// compares them), indexes and constraints, pairwise in order and under
// distinct names: then Differences, which matches them by name, finds
// nothing, and need not copy and sort both tables to say so. false says
// only that the full comparison must look; most tables of a replay are
// the same, and at a few thousand tables the copies cost more than the
// rest of the proof.
func sameTable(t, u *Table) bool {
	if len(t.Columns) != len(u.Columns) {
		return false
	}
	for i, c := range t.Columns {
		if c == nil || u.Columns[i] == nil || !sameColumn(c, u.Columns[i]) {
			return false
		}
		for _, d := range t.Columns[:i] {
			if d.Name == c.Name {
				return false
			}
		}
	}
	return samePairwise(t.Indexes, u.Indexes, func(x *Index) string { return x.Name }) &&
		samePairwise(t.Uniques, u.Uniques, func(x *Unique) string { return x.Name }) &&
		samePairwise(t.Checks, u.Checks, func(x *Check) string { return x.Name }) &&
		samePairwise(t.ForeignKeys, u.ForeignKeys, func(x *ForeignKey) string { return x.Name })
}

// samePairwise reports whether a and b are equal item by item, with no
// name twice in a.
func samePairwise[T any, P part[T]](a, b []P, name func(P) string) bool {
	if len(a) != len(b) {
		return false
	}
	for i, x := range a {
		if x == nil || b[i] == nil || !x.Equal(b[i]) {
			return false
		}
		for _, y := range a[:i] {
			if name(y) == name(x) {
				return false
			}
		}
	}
	return true
}

// namedDiffs lists how table's indexes or constraints of one kind, b,
// differ from a, matched by name.
func namedDiffs[T any](table, kind string, a, b []*T, name func(*T) string) []string {
	var out []string
	find := func(list []*T, n string) *T {
		if i := slices.IndexFunc(list, func(x *T) bool { return name(x) == n }); i >= 0 {
			return list[i]
		}
		return nil
	}
	for _, x := range a {
		switch y := find(b, name(x)); {
		case y == nil:
			out = append(out, fmt.Sprintf("table %s: %s %s only in the first", table, kind, name(x)))
		default:
			if d := fieldDiffs(*x, *y); len(d) > 0 {
				out = append(out, fmt.Sprintf("table %s: %s %s differs: %s", table, kind, name(x), strings.Join(d, ", ")))
			}
		}
	}
	for _, y := range b {
		if find(a, name(y)) == nil {
			out = append(out, fmt.Sprintf("table %s: %s %s only in the second", table, kind, name(y)))
		}
	}
	return out
}

// fieldDiffs lists the fields in which a and b, structs of one type,
// differ, each named as in schema.json with both values as JSON:
// `size 64 vs 128`. A reader compares that with the files, where a Go
// dump of the whole struct hides the one field that differs.
func fieldDiffs[T any](a, b T) []string {
	x, y := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
	for i := range x.NumField() {
		xf, yf := x.Field(i).Interface(), y.Field(i).Interface()
		if reflect.DeepEqual(xf, yf) {
			continue
		}
		name, _, _ := strings.Cut(x.Type().Field(i).Tag.Get("json"), ",")
		xj, _ := json.Marshal(xf)
		yj, _ := json.Marshal(yf)
		out = append(out, fmt.Sprintf("%s %s vs %s", cmp.Or(name, x.Type().Field(i).Name), xj, yj))
	}
	return out
}

// String writes the settings as the gorm.io/gorm/schema.NamingStrategy
// literal that gives them, set fields only: NamingStrategy{TablePrefix:
// "app_"}. Both migragen's flags and the application's *gorm.DB are
// written that way.
func (n Naming) String() string {
	var fields []string
	if n.TablePrefix != "" {
		fields = append(fields, fmt.Sprintf("TablePrefix: %q", n.TablePrefix))
	}
	if n.SingularTable {
		fields = append(fields, "SingularTable: true")
	}
	if n.NoLowerCase {
		fields = append(fields, "NoLowerCase: true")
	}
	if n.IdentifierMaxLength != 0 {
		fields = append(fields, fmt.Sprintf("IdentifierMaxLength: %d", n.IdentifierMaxLength))
	}
	return "NamingStrategy{" + strings.Join(fields, ", ") + "}"
}

// comparable returns a copy of t without informative fields, its parts in
// canonical order and empty lists as nil.
func comparable(t *Table) *Table {
	c := t.Clone()
	c.Model, c.JoinTable = "", false
	for i, col := range c.Columns {
		x := col.ddlInputs()
		c.Columns[i] = &x
	}
	slices.SortFunc(c.Columns, func(a, b *Column) int { return cmp.Compare(a.Name, b.Name) })
	s := &Snapshot{Tables: []*Table{c}}
	s.Sort()
	if len(c.Indexes) == 0 {
		c.Indexes = nil
	}
	if len(c.Uniques) == 0 {
		c.Uniques = nil
	}
	if len(c.Checks) == 0 {
		c.Checks = nil
	}
	if len(c.ForeignKeys) == 0 {
		c.ForeignKeys = nil
	}
	return c
}

// normalSettings returns s as Differences compares it: without the
// policy settings, which reach no schema (they may change between two
// revisions with no change to replay), and with empty lists as nil.
func normalSettings(s Settings) Settings {
	if len(s.JoinTables) == 0 {
		s.JoinTables = nil
	}
	s.Dialects, s.PlainDDL = nil, nil
	return s
}

// part is what a table holds besides columns, an index or a constraint,
// as a pointer with its field-by-field comparison. The diff compares
// every table of a snapshot with its counterpart at every generate, and
// reflect.DeepEqual, which these comparisons replace, cost more than the
// rest of the comparison at a few thousand tables.
type part[T any] interface {
	*T
	Equal(*T) bool
}

// Each Equal says what reflect.DeepEqual would of the two pointers: nil
// equals only nil, and a nil list differs from an empty one.
// TestPartsEqualAsReflection holds them to it.

func (ix *Index) Equal(o *Index) bool {
	if ix == nil || o == nil {
		return ix == o
	}
	return ix.Name == o.Name && ix.Derived == o.Derived && ix.Class == o.Class && ix.Type == o.Type &&
		ix.Where == o.Where && ix.Comment == o.Comment && ix.Option == o.Option &&
		equalLists(ix.Columns, o.Columns, (*IndexColumn).Equal)
}

func (c *IndexColumn) Equal(o *IndexColumn) bool { return c == o || c != nil && o != nil && *c == *o }

func (u *Unique) Equal(o *Unique) bool { return u == o || u != nil && o != nil && *u == *o }

func (k *Check) Equal(o *Check) bool { return k == o || k != nil && o != nil && *k == *o }

func (fk *ForeignKey) Equal(o *ForeignKey) bool {
	if fk == nil || o == nil {
		return fk == o
	}
	same := func(a, b string) bool { return a == b }
	return fk.Name == o.Name && fk.Derived == o.Derived && equalLists(fk.Columns, o.Columns, same) &&
		fk.RefTable == o.RefTable && equalLists(fk.RefColumns, o.RefColumns, same) &&
		fk.OnUpdate == o.OnUpdate && fk.OnDelete == o.OnDelete
}

// equalLists is slices.EqualFunc telling a nil list from an empty one.
func equalLists[E any](a, b []E, eq func(E, E) bool) bool {
	return (a == nil) == (b == nil) && slices.EqualFunc(a, b, eq)
}
