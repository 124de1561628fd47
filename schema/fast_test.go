package schema

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// sameColumnByReflection is how sameColumn compared before it spelled out
// the fields: the reference it must agree with.
func sameColumnByReflection(a, b *Column) bool {
	x, y := a.ddlInputs(), b.ddlInputs()
	return reflect.DeepEqual(&x, &y)
}

// TestSameColumnComparesEveryField changes each field of a column in turn,
// on an unsized string (whose index and unique tags size it) and on an
// integer (whose tags are informative), and then drawn fields of drawn
// columns: sameColumn must agree with the reflective comparison, so a
// field added to Column and not to sameColumn fails here.
func TestSameColumnComparesEveryField(t *testing.T) {
	bases := []Column{
		{Name: "note", DataType: String, GORMDataType: String},
		{Name: "n", DataType: Int, GORMDataType: Int, Size: 64},
	}
	for _, base := range bases {
		for i := range reflect.TypeFor[Column]().NumField() {
			field := reflect.TypeFor[Column]().Field(i)
			changed := base.Clone()
			v := reflect.ValueOf(changed).Elem().Field(i)
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Int:
				v.SetInt(v.Int() + 1)
			case reflect.Bool:
				v.SetBool(!v.Bool())
			case reflect.Map:
				v.Set(reflect.ValueOf(map[string]string{"postgres": "jsonb"}))
			default:
				t.Fatalf("field %s: add its kind %s to the test", field.Name, v.Kind())
			}
			if got, want := sameColumn(&base, changed), sameColumnByReflection(&base, changed); got != want {
				t.Errorf("%s column, %s changed: sameColumn says %t, the reflective comparison %t", base.DataType, field.Name, got, want)
			}
			// sameColumn never sees the fields ddlInputs clears.
			if changed.Equal(&base) {
				t.Errorf("%s column, %s changed: Column.Equal says equal", base.DataType, field.Name)
			}
		}
	}
	empty, none := &Column{Name: "a", DataType: Int, DBTypes: map[string]string{}}, &Column{Name: "a", DataType: Int}
	if !sameColumn(empty, none) || !sameColumnByReflection(empty, none) {
		t.Error("an empty DBTypes map must equal none")
	}
	rapid.Check(t, func(rt *rapid.T) {
		f := &filler{choose: func(n int) int { return rapid.IntRange(0, n-1).Draw(rt, "choice") }}
		a := &Column{}
		f.fill(reflect.ValueOf(a).Elem())
		b := a.Clone()
		for range rapid.IntRange(0, 2).Draw(rt, "changes") {
			f.fill(reflect.ValueOf(b).Elem().Field(rapid.IntRange(0, reflect.TypeFor[Column]().NumField()-1).Draw(rt, "field")))
		}
		if got, want := sameColumn(a, b), sameColumnByReflection(a, b); got != want {
			rt.Fatalf("sameColumn says %t, the reflective comparison %t:\n%+v\n%+v", got, want, a, b)
		}
	})
}

// TestSameTableImpliesNoDifferences holds Differences' shortcut to what it
// shortcuts: whenever sameTable says two tables are the same, the full
// comparison finds no difference. Tables are drawn, then copied and
// perhaps changed: a column's field, the column or index order, a
// duplicated name, an empty list for none, an index part.
func TestSameTableImpliesNoDifferences(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := genSnapshot(rt, "s")
		if len(s.Tables) == 0 {
			return
		}
		a := s.Tables[rapid.IntRange(0, len(s.Tables)-1).Draw(rt, "table")]
		b := a.Clone()
		if !sameTable(a, b) {
			rt.Fatalf("a copy of table %s is not sameTable", a.Name)
		}
		f := &filler{choose: func(n int) int { return rapid.IntRange(0, n-1).Draw(rt, "choice") }}
		switch rapid.IntRange(0, 9).Draw(rt, "change") {
		case 0:
			c := b.Columns[rapid.IntRange(0, len(b.Columns)-1).Draw(rt, "column")]
			f.fill(reflect.ValueOf(c).Elem().Field(rapid.IntRange(1, reflect.TypeFor[Column]().NumField()-1).Draw(rt, "field")))
		case 1:
			slices.Reverse(b.Columns)
		case 2:
			slices.Reverse(b.Indexes)
		case 3:
			if len(b.Columns) > 1 {
				b.Columns[1].Name = b.Columns[0].Name
				a.Columns = slices.Clone(a.Columns)
				a.Columns[1] = b.Columns[1]
			}
		case 8:
			if len(b.Indexes) > 1 && !reflect.DeepEqual(b.Indexes[0].Columns, b.Indexes[1].Columns) {
				dup := b.Indexes[1].Clone()
				dup.Name = b.Indexes[0].Name
				a.Indexes, b.Indexes[1] = slices.Clone(a.Indexes), dup
				a.Indexes[1] = dup
			}
		case 4:
			if b.Indexes == nil {
				b.Indexes = []*Index{}
			} else if len(b.Indexes) == 0 {
				b.Indexes = nil
			}
		case 5:
			if len(b.Indexes) > 0 {
				b.Indexes[0].Columns[0].Sort = "desc"
			}
		case 6:
			b.Model, b.JoinTable = "other.Model", !b.JoinTable
		case 7:
			if len(b.ForeignKeys) > 0 {
				b.ForeignKeys[0].OnDelete = "SET NULL"
			}
		}
		if sameTable(a, b) {
			if d := tableDiffs(a, b); len(d) > 0 {
				rt.Fatalf("sameTable, yet the full comparison finds %q", d)
			}
		}
	})
}

// pointers collects every pointer reachable from v.
func pointers(v reflect.Value, into map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || into[v.Pointer()] {
			return
		}
		into[v.Pointer()] = true
		pointers(v.Elem(), into)
	case reflect.Interface:
		if !v.IsNil() {
			pointers(v.Elem(), into)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			pointers(v.Field(i), into)
		}
	case reflect.Slice:
		if v.Len() > 0 {
			into[v.Pointer()] = true // a shared backing array counts too
		}
		for i := range v.Len() {
			pointers(v.Index(i), into)
		}
	}
}

// TestApplySharedIsApply: on drawn snapshot pairs, renames included,
// ApplyShared replays Diff's changes to what Apply gives, with the same
// errors for changes that do not fit, and leaves its input as it was;
// and Diff, which no longer copies prev when nothing is renamed, neither
// changes prev nor hands out changes that share its definitions.
func TestApplySharedIsApply(t *testing.T) {
	// Renames write into the tables whose keys reference the renamed one.
	t.Run("renames", func(t *testing.T) {
		s := New(Settings{})
		s.Tables = []*Table{
			{Name: "orders", Columns: []*Column{col("id", Int), col("user_id", Int)},
				ForeignKeys: []*ForeignKey{{Name: "fk_orders_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}}},
			{Name: "users", Columns: []*Column{col("id", Int)}},
		}
		before := s.Clone()
		for _, c := range []Change{RenameTable{From: "users", To: "people"}, RenameColumn{Table: "users", From: "id", To: "key"}} {
			want, werr := Apply(s, []Change{c})
			got, gerr := ApplyShared(s, []Change{c})
			if werr != nil || gerr != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: ApplyShared gives %v, %v; Apply %v, %v", c, got, gerr, want, werr)
			}
			if !reflect.DeepEqual(s, before) {
				t.Fatalf("%s: ApplyShared changed its input", c)
			}
		}
	})
	rapid.Check(t, func(rt *rapid.T) {
		a := genSnapshot(rt, "a")
		var b *Snapshot
		hints := Hints{}
		if rapid.Bool().Draw(rt, "unrelated") {
			b = genSnapshot(rt, "b")
		} else {
			b, hints = mutate(rt, a)
		}
		before := a.Clone()
		changes, err := Diff(a, b, hints)
		if err != nil {
			rt.Fatal(err)
		}
		if !reflect.DeepEqual(a, before) {
			rt.Fatal("Diff changed prev")
		}
		inA := map[uintptr]bool{}
		pointers(reflect.ValueOf(a), inA)
		inChanges := map[uintptr]bool{}
		pointers(reflect.ValueOf(changes), inChanges)
		for p := range inChanges {
			if inA[p] {
				rt.Fatalf("a change shares a definition of prev: %v", changes)
			}
		}
		// Also changes that do not fit: each one replayed twice.
		if rapid.Bool().Draw(rt, "twice") && len(changes) > 0 {
			changes = append(changes, changes[rapid.IntRange(0, len(changes)-1).Draw(rt, "again")])
		}
		want, werr := Apply(a, changes)
		got, gerr := ApplyShared(a, changes)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			rt.Fatalf("Apply: %v, ApplyShared: %v", werr, gerr)
		}
		if !reflect.DeepEqual(a, before) {
			rt.Fatal("ApplyShared changed its input")
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			rt.Fatalf("ApplyShared differs from Apply: %q", Differences(got, want))
		}
	})
}

// TestPreconditionsLazyOrigins holds Preconditions, whose origins are made
// on first use, to the walk with every origin made up front, as it was:
// on drawn snapshot pairs, renames and drops included, and on their
// inverses, the checks are the same.
func TestPreconditionsLazyOrigins(t *testing.T) {
	eager := func(before *Snapshot, changes []Change) []Precondition {
		o := &origins{before: before, byName: map[string]*Table{}, tables: map[string]*tableOrigin{}}
		for _, t := range before.Tables {
			cols := map[string]string{}
			for _, c := range t.Columns {
				cols[c.Name] = c.Name
			}
			o.tables[t.Name] = &tableOrigin{name: t.Name, columns: cols, narrowed: map[string]bool{}}
		}
		w := &checkWalk{before: before, names: o, seen: map[string]bool{}}
		for _, c := range changes {
			w.check(c)
			w.names.follow(c)
		}
		return w.out
	}
	rapid.Check(t, func(rt *rapid.T) {
		a := genSnapshot(rt, "a")
		b, hints := mutate(rt, a)
		changes, err := Diff(a, b, hints)
		if err != nil {
			rt.Fatal(err)
		}
		for _, run := range []struct {
			before  *Snapshot
			changes []Change
		}{{a, changes}, {b, Invert(changes)}} {
			if got, want := Preconditions(run.before, run.changes), eager(run.before, run.changes); !reflect.DeepEqual(got, want) {
				rt.Fatalf("lazy origins give %v, eager ones %v, for %v", got, want, run.changes)
			}
		}
	})
}

// TestDiffShortcutIsTheFullDiff holds Diff, which skips the kept tables
// that are the same on both sides, to the diff that compares every table
// part by part: on drawn pairs, with renames, retyped columns (whose
// foreign keys, in unchanged tables too, are rebuilt) and indexes and
// unique constraints dropped (which MySQL's foreign keys may need), the
// changes are the same.
func TestDiffShortcutIsTheFullDiff(t *testing.T) {
	// An unchanged table's key into a table whose referenced column
	// changes type, or loses the index over it.
	for _, tt := range []struct {
		name   string
		change func(users *Table)
	}{
		{"referenced column retyped", func(users *Table) { users.Column("code").Size = 64 }},
		{"referenced index dropped", func(users *Table) { users.Indexes = nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Settings{})
			a.Tables = []*Table{
				{Name: "orders", Columns: []*Column{col("id", Int), {Name: "user_code", DataType: String, GORMDataType: String, Size: 32}},
					ForeignKeys: []*ForeignKey{{Name: "fk_orders_user", Columns: []string{"user_code"}, RefTable: "users", RefColumns: []string{"code"}}}},
				{Name: "users", Columns: []*Column{col("id", Int), {Name: "code", DataType: String, GORMDataType: String, Size: 32}},
					Indexes: []*Index{{Name: "idx_users_code", Columns: []*IndexColumn{{Column: "code"}}}}},
			}
			b := a.Clone()
			tt.change(b.Table("users"))
			want, _ := diff(a, b, Hints{}, false)
			got, err := Diff(a, b, Hints{})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("with the shortcut: %v, %v\nwithout: %v", got, err, want)
			}
			if !slices.ContainsFunc(got, func(c Change) bool { _, ok := c.(DropForeignKey); return ok }) {
				t.Errorf("the key of the unchanged table is not rebuilt: %v", got)
			}
		})
	}
	rapid.Check(t, func(rt *rapid.T) {
		a := genSnapshot(rt, "a")
		var b *Snapshot
		hints := Hints{}
		if rapid.IntRange(0, 4).Draw(rt, "unrelated") == 0 {
			b = genSnapshot(rt, "b")
		} else {
			b, hints = mutate(rt, a)
		}
		for _, tb := range b.Tables {
			switch rapid.IntRange(0, 3).Draw(rt, tb.Name+".lose") {
			case 0:
				tb.Indexes = nil
			case 1:
				tb.Uniques = nil
			}
		}
		want, werr := diff(a, b, hints, false)
		got, gerr := diff(a, b, hints, true)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			rt.Fatalf("with the shortcut: %v, without: %v", gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			rt.Fatalf("with the shortcut:\n%v\nwithout:\n%v", got, want)
		}
	})
}

// TestPartsEqualAsReflection holds the Equal of indexes and constraints
// to reflect.DeepEqual, which they replace: on every field changed in
// turn, and on drawn values changed in drawn fields, nil pointers and
// nil or empty lists included. A field added to one of them and not to
// its Equal fails here.
func TestPartsEqualAsReflection(t *testing.T) {
	partEqualAsReflection[Index](t)
	partEqualAsReflection[IndexColumn](t)
	partEqualAsReflection[Unique](t)
	partEqualAsReflection[Check](t)
	partEqualAsReflection[ForeignKey](t)
}

func partEqualAsReflection[T any, P part[T]](t *testing.T) {
	typ := reflect.TypeFor[T]()
	t.Run(typ.Name(), func(t *testing.T) {
		// A copy deep enough that filling one of its fields leaves the
		// original alone.
		copyOf := func(x P) P {
			if x == nil {
				return nil
			}
			var c T
			data, err := json.Marshal(x)
			if err == nil {
				err = json.Unmarshal(data, &c)
			}
			if err != nil {
				t.Fatal(err)
			}
			// JSON's omitempty and null lose nil against empty lists:
			// put the original's lists back, as copies.
			cv, xv := reflect.ValueOf(&c).Elem(), reflect.ValueOf(x).Elem()
			for i := range typ.NumField() {
				if xv.Field(i).Kind() == reflect.Slice {
					cv.Field(i).Set(copySlice(xv.Field(i)))
				}
			}
			return &c
		}
		check := func(fatalf func(string, ...any), a, b P) {
			if got, want := a.Equal(b), reflect.DeepEqual(a, b); got != want {
				fatalf("Equal says %t, reflect.DeepEqual %t:\n%s\n%s", got, want, dump(a), dump(b))
			}
		}
		rapid.Check(t, func(rt *rapid.T) {
			f := &filler{choose: func(n int) int { return rapid.IntRange(0, n-1).Draw(rt, "choice") }}
			var a P
			f.fill(reflect.ValueOf(&a).Elem())
			b := copyOf(a)
			check(rt.Fatalf, a, b)
			if b == nil {
				return
			}
			for range rapid.IntRange(0, 2).Draw(rt, "changes") {
				f.fill(reflect.ValueOf(b).Elem().Field(rapid.IntRange(0, typ.NumField()-1).Draw(rt, "field")))
			}
			check(rt.Fatalf, a, b)
		})
		// Every field alone, so that none is left to chance.
		var base T
		(&filler{choose: func(n int) int { return n - 1 }}).fill(reflect.ValueOf(&base).Elem())
		for i := range typ.NumField() {
			for choice := range 5 {
				changed := copyOf(&base)
				(&filler{choose: func(n int) int { return choice % n }}).fill(reflect.ValueOf(changed).Elem().Field(i))
				check(t.Fatalf, &base, changed)
			}
		}
		// A nil list against an empty one, each way, in every list field.
		for i := range typ.NumField() {
			if typ.Field(i).Type.Kind() != reflect.Slice {
				continue
			}
			nilList, emptyList := copyOf(&base), copyOf(&base)
			reflect.ValueOf(nilList).Elem().Field(i).SetZero()
			reflect.ValueOf(emptyList).Elem().Field(i).Set(reflect.MakeSlice(typ.Field(i).Type, 0, 0))
			check(t.Fatalf, nilList, emptyList)
			check(t.Fatalf, emptyList, nilList)
		}
		check(t.Fatalf, nil, &base)
		check(t.Fatalf, &base, nil)
		check(t.Fatalf, nil, nil)
	})
}

// copySlice copies a slice, element pointers included, keeping nil nil.
func copySlice(v reflect.Value) reflect.Value {
	if v.IsNil() {
		return reflect.Zero(v.Type())
	}
	out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := range v.Len() {
		e := v.Index(i)
		if e.Kind() == reflect.Pointer && !e.IsNil() {
			c := reflect.New(e.Type().Elem())
			c.Elem().Set(e.Elem())
			e = c
		}
		out.Index(i).Set(e)
	}
	return out
}

func dump(x any) string {
	data, _ := json.Marshal(x)
	return string(data)
}
