package gormoracle

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/migragen/migragen/schema"
)

// Compare returns the differences between want (GORM's snapshot) and got
// (the analyzer's), one human-readable line each, such as
//
//	table users: column email: size: want 100, got 0
//	table users: index idx_users_email missing
//	table pets: unexpected foreign key fk_pets_owner
//
// An empty result means the snapshots are equal. Tables, indexes, unique,
// check and foreign-key constraints are matched by name (GORM's own order
// of the latter is map order); columns and index columns must also be in
// the same order. Every field of every part is compared. Neither argument
// is modified.
func Compare(want, got *schema.Snapshot) []string {
	var d diffs
	if want == nil || got == nil {
		if want != got {
			d.add("", "snapshot: want %v, got %v", present(want), present(got))
		}
		return d
	}
	// GORMVersion says which module GORM the analyzer saw, not what it
	// derived; the oracle cannot tell its own (a test binary records no
	// dependency versions).
	d.fields("", *want, *got, "Settings", "Tables", "GORMVersion")
	d.fields("settings: ", want.Settings, got.Settings, "Naming", "JoinTables")
	d.fields("settings: naming: ", want.Settings.Naming, got.Settings.Naming)
	if !equalValues(reflect.ValueOf(want.Settings.JoinTables), reflect.ValueOf(got.Settings.JoinTables)) {
		d.add("", "settings: joinTables: want %+v, got %+v", want.Settings.JoinTables, got.Settings.JoinTables)
	}

	matchByName(&d, "", "table", want.Tables, got.Tables,
		func(t *schema.Table) string { return t.Name },
		func(prefix string, w, g *schema.Table) { compareTable(&d, prefix, w, g) })
	return d
}

func compareTable(d *diffs, prefix string, want, got *schema.Table) {
	d.fields(prefix, *want, *got, "Columns", "Indexes", "Uniques", "Checks", "ForeignKeys")
	compareColumns(d, prefix, want.Columns, got.Columns)
	matchByName(d, prefix, "index", want.Indexes, got.Indexes,
		func(ix *schema.Index) string { return ix.Name },
		func(prefix string, w, g *schema.Index) {
			d.fields(prefix, *w, *g, "Columns")
			compareIndexColumns(d, prefix, w.Columns, g.Columns)
		})
	matchByName(d, prefix, "unique constraint", want.Uniques, got.Uniques,
		func(u *schema.Unique) string { return u.Name },
		func(prefix string, w, g *schema.Unique) { d.fields(prefix, *w, *g) })
	matchByName(d, prefix, "check constraint", want.Checks, got.Checks,
		func(c *schema.Check) string { return c.Name },
		func(prefix string, w, g *schema.Check) { d.fields(prefix, *w, *g) })
	matchByName(d, prefix, "foreign key", want.ForeignKeys, got.ForeignKeys,
		func(fk *schema.ForeignKey) string { return fk.Name },
		func(prefix string, w, g *schema.ForeignKey) { d.fields(prefix, *w, *g) })
}

// compareColumns reports missing and unexpected columns, a different order
// of the columns both have, and field differences of each shared column.
func compareColumns(d *diffs, prefix string, want, got []*schema.Column) {
	name := func(c *schema.Column) string { return c.Name }
	wantByName, gotByName := index(d, prefix, "column", want, name), index(d, prefix, "column", got, name)
	var wantOrder, gotOrder []string
	for _, c := range want {
		if _, ok := gotByName[c.Name]; !ok {
			d.add(prefix, "column %s missing", c.Name)
		} else if !slices.Contains(wantOrder, c.Name) {
			wantOrder = append(wantOrder, c.Name)
		}
	}
	for _, c := range got {
		if _, ok := wantByName[c.Name]; !ok {
			d.add(prefix, "unexpected column %s", c.Name)
		} else if !slices.Contains(gotOrder, c.Name) {
			gotOrder = append(gotOrder, c.Name)
		}
	}
	if !slices.Equal(wantOrder, gotOrder) {
		d.add(prefix, "column order: want %v, got %v", wantOrder, gotOrder)
	}
	for _, n := range wantOrder {
		w := *wantByName[n]
		// DBTypesOnly says where the analyzer took the types from (a
		// //migragen:dbtype directive), which GORM's parse cannot know;
		// the types themselves are compared.
		w.DBTypesOnly = gotByName[n].DBTypesOnly
		d.fields(prefix+"column "+n+": ", w, *gotByName[n])
	}
}

func compareIndexColumns(d *diffs, prefix string, want, got []*schema.IndexColumn) {
	names := func(cs []*schema.IndexColumn) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Column
		}
		return out
	}
	if wn, gn := names(want), names(got); !slices.Equal(wn, gn) {
		d.add(prefix, "columns: want %v, got %v", wn, gn)
		return
	}
	for i := range want {
		d.fields(fmt.Sprintf("%scolumn %d (%s): ", prefix, i+1, want[i].Column), *want[i], *got[i])
	}
}

// matchByName pairs the elements of want and got by name, reports the ones
// without a partner, and calls same for each pair in name order.
func matchByName[T any](d *diffs, prefix, kind string, want, got []*T, name func(*T) string, same func(prefix string, w, g *T)) {
	wantByName, gotByName := index(d, prefix, kind, want, name), index(d, prefix, kind, got, name)
	var names []string
	for n := range wantByName {
		names = append(names, n)
	}
	for n := range gotByName {
		if _, ok := wantByName[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		w, inWant := wantByName[n]
		g, inGot := gotByName[n]
		switch {
		case !inGot:
			d.add(prefix, "%s %s missing", kind, n)
		case !inWant:
			d.add(prefix, "unexpected %s %s", kind, n)
		default:
			same(fmt.Sprintf("%s%s %s: ", prefix, kind, n), w, g)
		}
	}
}

// index maps elements by name, reporting nil elements and names that
// occur twice (the first occurrence is kept).
func index[T any](d *diffs, prefix, kind string, xs []*T, name func(*T) string) map[string]*T {
	m := map[string]*T{}
	for i, x := range xs {
		if x == nil {
			d.add(prefix, "%s #%d is nil", kind, i+1)
			continue
		}
		n := name(x)
		if _, dup := m[n]; dup {
			d.add(prefix, "%s %s appears twice", kind, n)
			continue
		}
		m[n] = x
	}
	return m
}

type diffs []string

func (d *diffs) add(prefix, format string, args ...any) {
	*d = append(*d, prefix+fmt.Sprintf(format, args...))
}

// fields compares every exported field of two values of one struct type
// except those named in skip, naming each by its JSON key. Reflection keeps
// the comparison complete when the snapshot model gains a field.
func (d *diffs) fields(prefix string, want, got any, skip ...string) {
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(got)
	t := wv.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() || slices.Contains(skip, sf.Name) {
			continue
		}
		w, g := wv.Field(i), gv.Field(i)
		if !equalValues(w, g) {
			d.add(prefix, "%s: want %s, got %s", jsonName(sf), show(w), show(g))
		}
	}
}

// equalValues is reflect.DeepEqual except that nil and empty slices and
// maps are equal: JSON decoding and hand-built snapshots disagree on them
// without meaning anything different.
func equalValues(w, g reflect.Value) bool {
	switch w.Kind() {
	case reflect.Slice, reflect.Map:
		if w.Len() == 0 && g.Len() == 0 {
			return true
		}
	}
	return reflect.DeepEqual(w.Interface(), g.Interface())
}

func show(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return "none"
		}
		return fmt.Sprintf("%q", v.Interface())
	default:
		return fmt.Sprintf("%v", v.Interface())
	}
}

func jsonName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return sf.Name
	}
	return name
}

func present(s *schema.Snapshot) string {
	if s == nil {
		return "no snapshot"
	}
	return "a snapshot"
}
