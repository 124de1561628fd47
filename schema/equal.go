package schema

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// Differences lists how b differs from a in anything that reaches the
// database, one line each; nil means equivalent. Column order is ignored
// (a database appends added columns, where the models may put them
// anywhere), and so are the informative fields: a table's Go model and a
// column's Go field path. The settings must match.
func Differences(a, b *Snapshot) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if !reflect.DeepEqual(normalSettings(a.Settings), normalSettings(b.Settings)) {
		add("settings differ: %+v vs %+v", a.Settings, b.Settings)
	}
	for _, t := range a.Tables {
		bt := b.Table(t.Name)
		if bt == nil {
			add("table %s: only in the first", t.Name)
			continue
		}
		x, y := comparable(t), comparable(bt)
		for _, c := range x.Columns {
			bc := y.Column(c.Name)
			switch {
			case bc == nil:
				add("table %s: column %s only in the first", t.Name, c.Name)
			case !reflect.DeepEqual(c, bc):
				add("table %s: column %s differs: %+v vs %+v", t.Name, c.Name, *c, *bc)
			}
		}
		for _, c := range y.Columns {
			if x.Column(c.Name) == nil {
				add("table %s: column %s only in the second", t.Name, c.Name)
			}
		}
		x.Columns, y.Columns = nil, nil
		if !reflect.DeepEqual(x, y) {
			add("table %s: indexes or constraints differ", t.Name)
		}
	}
	for _, t := range b.Tables {
		if a.Table(t.Name) == nil {
			add("table %s: only in the second", t.Name)
		}
	}
	return out
}

// comparable returns a copy of t without informative fields, its parts in
// canonical order and empty lists as nil.
func comparable(t *Table) *Table {
	c := t.Clone()
	c.Model, c.JoinTable = "", false
	for _, col := range c.Columns {
		col.Field = ""
		if len(col.DBTypes) == 0 {
			col.DBTypes = nil
		}
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

func normalSettings(s Settings) Settings {
	if len(s.JoinTables) == 0 {
		s.JoinTables = nil
	}
	return s
}
