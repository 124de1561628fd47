package schema

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genSnapshot draws a valid snapshot: tables with columns, indexes, unique
// and check constraints on their columns, and foreign keys to columns of
// tables that exist (cycles and self-references included).
func genSnapshot(t *rapid.T, label string) *Snapshot {
	s := New(Settings{})
	tableNames := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"users", "orders", "items", "tags", "notes", "teams"}), 0, 5, rapid.ID).Draw(t, label+".tables")
	for _, name := range tableNames {
		tb := &Table{Name: name}
		colNames := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"id", "name", "email", "owner_id", "total", "created_at", "note"}), 1, 6, rapid.ID).Draw(t, label+"."+name+".columns")
		for _, cn := range colNames {
			tb.Columns = append(tb.Columns, genColumn(t, label+"."+name+"."+cn, cn))
		}
		for i := range rapid.IntRange(0, 2).Draw(t, label+"."+name+".nidx") {
			cols := rapid.SliceOfNDistinct(rapid.SampledFrom(colNames), 1, 2, rapid.ID).Draw(t, fmt.Sprintf("%s.%s.idx%d", label, name, i))
			ix := &Index{Name: fmt.Sprintf("idx_%s_%s", name, strings.Join(cols, "_")), Derived: true,
				Class: rapid.SampledFrom([]string{"", "UNIQUE"}).Draw(t, fmt.Sprintf("%s.%s.class%d", label, name, i))}
			for _, c := range cols {
				ix.Columns = append(ix.Columns, &IndexColumn{Column: c})
			}
			if !slices.ContainsFunc(tb.Indexes, func(x *Index) bool { return x.Name == ix.Name }) {
				tb.Indexes = append(tb.Indexes, ix)
			}
		}
		if rapid.Bool().Draw(t, label+"."+name+".uni") {
			c := rapid.SampledFrom(colNames).Draw(t, label+"."+name+".unicol")
			tb.Uniques = append(tb.Uniques, &Unique{Name: "uni_" + name + "_" + c, Derived: true, Column: c})
		}
		if rapid.Bool().Draw(t, label+"."+name+".chk") {
			c := rapid.SampledFrom(colNames).Draw(t, label+"."+name+".chkcol")
			tb.Checks = append(tb.Checks, &Check{Name: "chk_" + name + "_" + c, Derived: true, Column: c,
				Expr: rapid.SampledFrom([]string{c + " > 0", c + " <> ''"}).Draw(t, label+"."+name+".chkexpr")})
		}
		s.Tables = append(s.Tables, tb)
	}
	for _, tb := range s.Tables {
		if len(s.Tables) == 0 || !rapid.Bool().Draw(t, label+"."+tb.Name+".hasfk") {
			continue
		}
		ref := s.Tables[rapid.IntRange(0, len(s.Tables)-1).Draw(t, label+"."+tb.Name+".ref")]
		col := tb.Columns[rapid.IntRange(0, len(tb.Columns)-1).Draw(t, label+"."+tb.Name+".fkcol")]
		refCol := ref.Columns[rapid.IntRange(0, len(ref.Columns)-1).Draw(t, label+"."+tb.Name+".refcol")]
		tb.ForeignKeys = append(tb.ForeignKeys, &ForeignKey{
			Name: "fk_" + tb.Name + "_" + ref.Name, Derived: true, Columns: []string{col.Name},
			RefTable: ref.Name, RefColumns: []string{refCol.Name},
			OnDelete: rapid.SampledFrom([]string{"", "CASCADE"}).Draw(t, label+"."+tb.Name+".ondelete"),
		})
	}
	s.Sort()
	if err := s.Validate(); err != nil {
		t.Fatalf("generator made an invalid snapshot: %v", err)
	}
	return s
}

func genColumn(t *rapid.T, label, name string) *Column {
	dt := rapid.SampledFrom([]string{Int, Uint, String, Time, Bool, "varchar(20)"}).Draw(t, label+".type")
	c := &Column{Name: name, Field: "F" + name, DataType: dt, GORMDataType: dt,
		NotNull: rapid.Bool().Draw(t, label+".notnull")}
	if dt == String {
		c.Size = rapid.SampledFrom([]int{0, 64, 191}).Draw(t, label+".size")
	}
	if rapid.Bool().Draw(t, label+".hasdefault") {
		c.HasDefault, c.Default, c.DefaultKind = true, "0", Int
	}
	return c
}

// mutate derives a snapshot from s the way models evolve: tables and
// columns renamed (with hints), added, altered and dropped.
func mutate(t *rapid.T, s *Snapshot) (*Snapshot, Hints) {
	next := s.Clone()
	hints := Hints{Tables: map[string]string{}, Columns: map[string]map[string]string{}}
	for _, tb := range next.Tables {
		if rapid.IntRange(0, 4).Draw(t, tb.Name+".renamecol") == 0 && len(tb.Columns) > 0 {
			col := tb.Columns[0]
			old, to := col.Name, col.Name+"_v2"
			if tb.Column(to) == nil {
				renameColumnRefs(next, tb, old, to)
				col.Name = to
				if hints.Columns[tb.Name] == nil {
					hints.Columns[tb.Name] = map[string]string{}
				}
				hints.Columns[tb.Name][to] = old
			}
		}
		if rapid.IntRange(0, 3).Draw(t, tb.Name+".alter") == 0 {
			c := tb.Columns[len(tb.Columns)-1]
			c.Size += 10
			c.NotNull = !c.NotNull
		}
		if rapid.IntRange(0, 3).Draw(t, tb.Name+".add") == 0 {
			tb.Columns = append([]*Column{{Name: "added", DataType: String, GORMDataType: String, Size: 32}}, tb.Columns...)
			if tb.Column("added") != tb.Columns[0] {
				tb.Columns = tb.Columns[1:]
			}
		}
	}
	for _, tb := range next.Tables {
		if rapid.IntRange(0, 4).Draw(t, tb.Name+".renametable") == 0 {
			old, to := tb.Name, tb.Name+"_v2"
			for _, other := range next.Tables {
				for _, fk := range other.ForeignKeys {
					if fk.RefTable == old {
						fk.RefTable = to
					}
				}
			}
			tb.Name = to
			for _, ix := range tb.Indexes {
				ix.Name = strings.Replace(ix.Name, "_"+old+"_", "_"+to+"_", 1)
			}
			hints.Tables[to] = old
			if cols, ok := hints.Columns[old]; ok {
				hints.Columns[to] = cols
				delete(hints.Columns, old)
			}
		}
	}
	if len(next.Tables) > 0 && rapid.IntRange(0, 3).Draw(t, "droptable") == 0 {
		gone := next.Tables[0].Name
		next.Tables = next.Tables[1:]
		for _, tb := range next.Tables {
			tb.ForeignKeys = slices.DeleteFunc(tb.ForeignKeys, func(fk *ForeignKey) bool { return fk.RefTable == gone })
		}
		delete(hints.Columns, gone)
	}
	next.Sort()
	if err := next.Validate(); err != nil {
		t.Fatalf("mutation made an invalid snapshot: %v", err)
	}
	return next, hints
}

func checkRoundTrip(t *rapid.T, a, b *Snapshot, hints Hints) {
	changes, err := Diff(a, b, hints)
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	got, err := Apply(a, changes)
	if err != nil {
		t.Fatalf("Apply(A, Diff(A,B)): %v\nchanges: %v", err, changes)
	}
	if d := Differences(got, b); d != nil {
		t.Fatalf("Apply(A, Diff(A,B)) != B:\n%s\nchanges: %v", strings.Join(d, "\n"), changes)
	}
	back, err := Apply(b, Invert(changes))
	if err != nil {
		t.Fatalf("Apply(B, Invert(Diff(A,B))): %v\nchanges: %v", err, Invert(changes))
	}
	if d := Differences(back, a); d != nil {
		t.Fatalf("Apply(B, Invert(Diff(A,B))) != A:\n%s\nchanges: %v", strings.Join(d, "\n"), Invert(changes))
	}
	if again, _ := Diff(b, b, Hints{}); len(again) != 0 {
		t.Fatalf("Diff(B, B) = %v, want nothing", again)
	}
}

// TestDiffProperties: for random snapshot pairs A and B, replaying
// Diff(A, B) on A gives B, and replaying its inverse on B gives A.
func TestDiffProperties(t *testing.T) {
	t.Run("unrelated", rapid.MakeCheck(func(t *rapid.T) {
		checkRoundTrip(t, genSnapshot(t, "a"), genSnapshot(t, "b"), Hints{})
	}))
	t.Run("evolved with renames", rapid.MakeCheck(func(t *rapid.T) {
		a := genSnapshot(t, "a")
		b, hints := mutate(t, a)
		checkRoundTrip(t, a, b, hints)
	}))
}

func col(name, dt string) *Column { return &Column{Name: name, DataType: dt, GORMDataType: dt} }

// kinds lists the changes' summaries, for order assertions.
func kinds(changes []Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.String())
	}
	return out
}

func indexOf(t *testing.T, list []string, item string) int {
	t.Helper()
	i := slices.Index(list, item)
	if i < 0 {
		t.Fatalf("%q not among %q", item, list)
	}
	return i
}

// TestDiffOrder pins the orderings real databases demand.
func TestDiffOrder(t *testing.T) {
	t.Run("a dropped table frees its index names before a new table takes them", func(t *testing.T) {
		ix := func() *Index { return &Index{Name: "idx_email", Columns: []*IndexColumn{{Column: "email"}}} }
		a, b := New(Settings{}), New(Settings{})
		a.Tables = []*Table{{Name: "old", Columns: []*Column{col("email", String)}, Indexes: []*Index{ix()}}}
		b.Tables = []*Table{{Name: "new", Columns: []*Column{col("email", String)}, Indexes: []*Index{ix()}}}
		changes, err := Diff(a, b, Hints{})
		if err != nil {
			t.Fatal(err)
		}
		k := kinds(changes)
		if indexOf(t, k, "- table old") > indexOf(t, k, "+ table new") {
			t.Errorf("order %q", k)
		}
	})
	t.Run("a new table's key into a column added to a kept table waits for the column", func(t *testing.T) {
		a, b := New(Settings{}), New(Settings{})
		a.Tables = []*Table{{Name: "users", Columns: []*Column{col("id", Int)}}}
		b.Tables = []*Table{
			{Name: "users", Columns: []*Column{col("id", Int), col("code", String)}, Uniques: []*Unique{{Name: "uni_users_code", Column: "code"}}},
			{Name: "orders", Columns: []*Column{col("user_code", String)}, ForeignKeys: []*ForeignKey{{Name: "fk_orders_user", Columns: []string{"user_code"}, RefTable: "users", RefColumns: []string{"code"}}}},
		}
		changes, err := Diff(a, b, Hints{})
		if err != nil {
			t.Fatal(err)
		}
		k := kinds(changes)
		fk := indexOf(t, k, "+ foreign key fk_orders_user on orders")
		if fk < indexOf(t, k, "+ column users.code") || fk < indexOf(t, k, "+ unique uni_users_code on users") {
			t.Errorf("order %q", k)
		}
	})
	t.Run("a key over altered columns is dropped first and added back", func(t *testing.T) {
		fk := func() *ForeignKey {
			return &ForeignKey{Name: "fk_orders_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}
		}
		a, b := New(Settings{}), New(Settings{})
		a.Tables = []*Table{{Name: "users", Columns: []*Column{col("id", Int)}}, {Name: "orders", Columns: []*Column{col("user_id", Int)}, ForeignKeys: []*ForeignKey{fk()}}}
		b.Tables = []*Table{{Name: "users", Columns: []*Column{col("id", String)}}, {Name: "orders", Columns: []*Column{col("user_id", String)}, ForeignKeys: []*ForeignKey{fk()}}}
		changes, err := Diff(a, b, Hints{})
		if err != nil {
			t.Fatal(err)
		}
		k := kinds(changes)
		drop, add := indexOf(t, k, "- foreign key fk_orders_user on orders"), indexOf(t, k, "+ foreign key fk_orders_user on orders")
		if alter := indexOf(t, k, "~ column users.id (type int -> string)"); !(drop < alter && alter < add) {
			t.Errorf("order %q", k)
		}
	})
	t.Run("keys over a column that keeps its type stay", func(t *testing.T) {
		// Issue 9: a comment or a default on a referenced key dropped and
		// added back every foreign key into it.
		id := func(edit func(*Column)) *Column {
			c := &Column{Name: "id", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
			edit(c)
			return c
		}
		snapshot := func(edit func(*Column)) *Snapshot {
			s := New(Settings{})
			s.Tables = []*Table{{Name: "organizations", Columns: []*Column{id(edit)}}}
			for _, child := range []string{"members", "teams"} {
				s.Tables = append(s.Tables, &Table{Name: child, Columns: []*Column{col("organization_id", Uint)},
					ForeignKeys: []*ForeignKey{{Name: "fk_" + child + "_organization", Columns: []string{"organization_id"}, RefTable: "organizations", RefColumns: []string{"id"}}}})
			}
			return s
		}
		for _, tt := range []struct {
			name string
			edit func(*Column)
			want string
		}{
			{"comment", func(c *Column) { c.Comment = "the key" }, "~ column organizations.id (comment the key)"},
			{"default", func(c *Column) { c.AutoIncrement, c.Default, c.DefaultKind = false, "7", Uint }, "~ column organizations.id (default 7, no auto-increment)"},
			{"nullability", func(c *Column) { c.NotNull = true }, "~ column organizations.id (NOT NULL)"},
		} {
			changes, err := Diff(snapshot(func(*Column) {}), snapshot(tt.edit), Hints{})
			if err != nil {
				t.Fatal(err)
			}
			if k := kinds(changes); !slices.Equal(k, []string{tt.want}) {
				t.Errorf("%s: changes %q, want only %q", tt.name, k, tt.want)
			}
		}
		changes, err := Diff(snapshot(func(*Column) {}), snapshot(func(c *Column) { c.Size = 32 }), Hints{})
		if err != nil {
			t.Fatal(err)
		}
		k := kinds(changes)
		for _, child := range []string{"members", "teams"} {
			drop, add := indexOf(t, k, "- foreign key fk_"+child+"_organization on "+child), indexOf(t, k, "+ foreign key fk_"+child+"_organization on "+child)
			if alter := indexOf(t, k, "~ column organizations.id (size 64 -> 32)"); !(drop < alter && alter < add) {
				t.Errorf("a new size: order %q", k)
			}
		}
	})
	t.Run("a key whose last index goes is dropped first and added back", func(t *testing.T) {
		// MySQL refuses to drop the index a foreign key needs.
		orders := func(indexes ...string) *Snapshot {
			s := New(Settings{})
			o := &Table{Name: "orders", Columns: []*Column{col("id", Int), col("customer_id", Int)},
				ForeignKeys: []*ForeignKey{{Name: "fk_orders_customer", Columns: []string{"customer_id"}, RefTable: "customers", RefColumns: []string{"id"}}}}
			for _, name := range indexes {
				o.Indexes = append(o.Indexes, &Index{Name: name, Columns: []*IndexColumn{{Column: "customer_id"}, {Column: "id"}}})
			}
			s.Tables = []*Table{{Name: "customers", Columns: []*Column{{Name: "id", DataType: Int, GORMDataType: Int, PrimaryKey: true}}}, o}
			return s
		}
		for _, tt := range []struct {
			name     string
			from, to *Snapshot
			rebuilt  bool
		}{
			{"its only index dropped", orders("idx_a"), orders(), true},
			{"another index still covers it", orders("idx_a", "idx_b"), orders("idx_b"), false},
			{"an index added", orders(), orders("idx_a"), false},
		} {
			changes, err := Diff(tt.from, tt.to, Hints{})
			if err != nil {
				t.Fatal(err)
			}
			k := kinds(changes)
			if got := slices.Contains(k, "- foreign key fk_orders_customer on orders"); got != tt.rebuilt {
				t.Errorf("%s: changes %q; want the key rebuilt: %v", tt.name, k, tt.rebuilt)
			}
			if tt.rebuilt && indexOf(t, k, "- foreign key fk_orders_customer on orders") > indexOf(t, k, "- index idx_a on orders") {
				t.Errorf("%s: the index goes before the key: %q", tt.name, k)
			}
		}
	})
	t.Run("settings cannot change", func(t *testing.T) {
		if _, err := Diff(New(Settings{}), New(Settings{Naming: Naming{TablePrefix: "x_"}}), Hints{}); err == nil || !strings.Contains(err.Error(), "settings changed") {
			t.Errorf("got %v", err)
		}
	})
}

// TestApplyIsStrict: check relies on Apply to prove a graph equal to the
// models, so changes that do not fit the snapshot must fail.
func TestApplyIsStrict(t *testing.T) {
	base := New(Settings{})
	base.Tables = []*Table{{Name: "users", Columns: []*Column{col("id", Int), col("email", String)}}}
	for name, c := range map[string]Change{
		"drop with another definition":  DropColumn{Table: "users", Column: col("email", Bytes)},
		"alter from another definition": AlterColumn{Table: "users", From: col("email", Int), To: col("email", Bytes)},
		"drop a column an index needs":  nil,
		"incomplete change":             AlterColumn{Table: "users", To: col("email", Bytes)},
		"key to a missing table":        AddForeignKey{Table: "users", ForeignKey: &ForeignKey{Name: "fk", Columns: []string{"id"}, RefTable: "nope", RefColumns: []string{"id"}}},
		"create an existing table":      CreateTable{Table: &Table{Name: "users"}},
		"missing table":                 AddColumn{Table: "nope", Column: col("x", Int)},
	} {
		t.Run(name, func(t *testing.T) {
			changes := []Change{c}
			if c == nil {
				changes = []Change{CreateIndex{Table: "users", Index: &Index{Name: "i", Columns: []*IndexColumn{{Column: "email"}}}}, DropColumn{Table: "users", Column: col("email", String)}}
			}
			if _, err := Apply(base, changes); err == nil {
				t.Error("Apply accepted it")
			}
		})
	}
}

func TestLikelyRenames(t *testing.T) {
	a, b := New(Settings{}), New(Settings{})
	a.Tables = []*Table{
		{Name: "people", Columns: []*Column{col("id", Int), col("nick", String)}},
		{Name: "teams", Columns: []*Column{col("id", Int)}},
	}
	b.Tables = []*Table{
		{Name: "persons", Columns: []*Column{col("id", Int), col("nick", String)}},
		{Name: "teams", Columns: []*Column{col("id", Int), col("title", String)}},
	}
	b.Tables[1].Columns = append(b.Tables[1].Columns[:1], col("title", String))
	a.Tables[1].Columns = append(a.Tables[1].Columns, col("name", String))
	changes, err := Diff(a, b, Hints{})
	if err != nil {
		t.Fatal(err)
	}
	got := LikelyRenames(changes)
	want := []Suggestion{
		{Table: "persons", From: "people", To: "persons"},
		{Table: "teams", From: "name", To: "title", Column: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// With the hints the suggestions name, nothing is dropped any more.
	hints := Hints{Tables: map[string]string{"persons": "people"}, Columns: map[string]map[string]string{"teams": {"title": "name"}}}
	changes, err = Diff(a, b, hints)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Destructive() {
			t.Errorf("with the hints, %s is still destructive", c)
		}
	}
}

// TestStaleHints: hints stay in the models after their rename has been
// generated; they must then do nothing, not fail.
func TestStaleHints(t *testing.T) {
	s := New(Settings{})
	s.Tables = []*Table{{Name: "people", Columns: []*Column{col("id", Int), col("full_name", String)}}}
	hints := Hints{Tables: map[string]string{"people": "persons"}, Columns: map[string]map[string]string{"people": {"full_name": "name"}}}
	changes, err := Diff(s, s, hints)
	if err != nil || len(changes) != 0 {
		t.Errorf("Diff with applied hints = %v, %v; want nothing", changes, err)
	}
	// A hint whose old name never existed is an error, not a silent add.
	next := s.Clone()
	next.Table("people").Columns = append(next.Table("people").Columns, col("nick", String))
	bad := Hints{Columns: map[string]map[string]string{"people": {"nick": "nickname"}}}
	if _, err := Diff(s, next, bad); err == nil || !strings.Contains(err.Error(), "renamed from nickname, which does not exist") {
		t.Errorf("got %v", err)
	}
}

// TestConstraintRenames: a unique, check or foreign key that only changes
// name is renamed; one whose definition changes too is dropped and added;
// a key over an altered column is rebuilt even when its name changes.
func TestConstraintRenames(t *testing.T) {
	table := func(name, uni, chk, chkExpr, fk string, idType string) *Table {
		return &Table{Name: name, Columns: []*Column{col("id", idType), col("code", String)},
			Uniques:     []*Unique{{Name: uni, Derived: true, Column: "code"}},
			Checks:      []*Check{{Name: chk, Derived: true, Expr: chkExpr, Column: "code"}},
			ForeignKeys: []*ForeignKey{{Name: fk, Derived: true, Columns: []string{"id"}, RefTable: "parents", RefColumns: []string{"id"}}}}
	}
	parents := func(idType string) *Table { return &Table{Name: "parents", Columns: []*Column{col("id", idType)}} }
	for _, tt := range []struct {
		name   string
		before *Table
		after  *Table
		idType string
		want   []string
	}{
		{"names only", table("t", "uni_a", "chk_a", "code <> ''", "fk_a", Int), table("t", "uni_b", "chk_b", "code <> ''", "fk_b", Int), Int, []string{
			"~ unique uni_a on t renamed to uni_b", "~ check chk_a on t renamed to chk_b", "~ foreign key fk_a on t renamed to fk_b"}},
		{"check expression changes too", table("t", "uni_a", "chk_a", "code <> ''", "fk_a", Int), table("t", "uni_a", "chk_b", "code <> 'x'", "fk_a", Int), Int, []string{
			"- check chk_a on t", "+ check chk_b on t"}},
		{"key over an altered column", table("t", "uni_a", "chk_a", "c", "fk_a", Int), table("t", "uni_a", "chk_a", "c", "fk_b", String), String, []string{
			"- foreign key fk_a on t", "~ column parents.id (type int -> string)", "~ column t.id (type int -> string)", "+ foreign key fk_b on t"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := New(Settings{}), New(Settings{})
			a.Tables = []*Table{parents(Int), tt.before}
			b.Tables = []*Table{parents(tt.idType), tt.after}
			changes, err := Diff(a, b, Hints{})
			if err != nil {
				t.Fatal(err)
			}
			if got := kinds(changes); !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n got  %q\n want %q", got, tt.want)
			}
			checkReplay(t, a, b, changes)
		})
	}
}

// TestIndexTagOnlyWhereItSizes: an index or unique tag changes a column's
// DDL only on an unsized string (MySQL varchar(191), SQL Server
// nvarchar(256)); elsewhere the index is created and the column left
// alone, and the graph still replays to the head that records the tag.
func TestIndexTagOnlyWhereItSizes(t *testing.T) {
	sized := col("name", String)
	sized.Size = 64
	a := New(Settings{})
	a.Tables = []*Table{{Name: "invoices", Columns: []*Column{col("id", Uint), col("issued_at", Time), col("total", Int), sized, col("code", String)}}}
	b := a.Clone()
	var indexes []*Index
	for _, c := range b.Tables[0].Columns[1:] {
		c.IndexTag = c.Name != "total"
		c.UniqueTag = c.Name == "total"
		indexes = append(indexes, &Index{Name: "idx_invoices_" + c.Name, Derived: true, Columns: []*IndexColumn{{Column: c.Name}}})
	}
	b.Tables[0].Indexes = indexes
	b.Sort()
	changes, err := Diff(a, b, Hints{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"~ column invoices.code (index tag added)", "+ index idx_invoices_code on invoices",
		"+ index idx_invoices_issued_at on invoices", "+ index idx_invoices_name on invoices", "+ index idx_invoices_total on invoices"}
	if got := kinds(changes); !slices.Equal(got, want) {
		t.Errorf("changes:\n got  %q\n want %q", got, want)
	}
	checkReplay(t, a, b, changes)
}

// checkReplay holds Diff's result to decision 3: applied to a it gives b,
// and its inverse applied to that gives a back.
func checkReplay(t *testing.T, a, b *Snapshot, changes []Change) {
	t.Helper()
	replayed, err := Apply(a, changes)
	if err != nil {
		t.Fatal(err)
	}
	if d := Differences(replayed, b); len(d) > 0 {
		t.Errorf("replay differs: %v", d)
	}
	back, err := Apply(replayed, Invert(changes))
	if err != nil {
		t.Fatal(err)
	}
	if d := Differences(back, a); len(d) > 0 {
		t.Errorf("inverse differs: %v", d)
	}
}

// TestDifferencesReadable: a mismatch names the field and both values as
// schema.json writes them, not a dump of the whole struct.
func TestDifferencesReadable(t *testing.T) {
	name := col("name", String)
	name.Size = 64
	a := New(Settings{Naming: Naming{TablePrefix: "app_"}})
	a.Tables = []*Table{{Name: "t", Columns: []*Column{col("id", Int), name},
		Indexes: []*Index{{Name: "idx_a", Columns: []*IndexColumn{{Column: "name"}}}}}}
	b := New(Settings{})
	b.Tables = []*Table{a.Tables[0].Clone()}
	bt := b.Tables[0]
	bt.Column("name").Size = 128
	bt.Indexes[0].Class = "UNIQUE"
	bt.ForeignKeys = []*ForeignKey{{Name: "fk_t_t", Columns: []string{"id"}, RefTable: "t", RefColumns: []string{"id"}}}
	want := []string{
		`settings differ: naming {"tablePrefix":"app_"} vs {}`,
		`table t: column name differs: size 64 vs 128`,
		`table t: index idx_a differs: class "" vs "UNIQUE"`,
		`table t: foreign key fk_t_t only in the second`,
	}
	if got := Differences(a, b); !slices.Equal(got, want) {
		t.Errorf("Differences:\n got  %q\n want %q", got, want)
	}
	want = []string{`the GORM settings changed (naming NamingStrategy{TablePrefix: "app_"} became NamingStrategy{})`}
	if _, err := Diff(a, b, Hints{}); err == nil || !strings.HasPrefix(err.Error(), want[0]) {
		t.Errorf("Diff with other settings: %v, want %s", err, want[0])
	}
}

// TestJoinColumnsFollowRename: GORM names an implicit join table's columns
// after the models on its two sides, so a hinted table rename renames the
// join column named after it (by the foreign key into the renamed table),
// also in a self-referential many2many, whose other column keeps its
// name. Without foreign keys nothing ties the column to the table, and the
// refusal names the join tags that keep the names.
func TestJoinColumnsFollowRename(t *testing.T) {
	key := func(name string) *Column {
		c := col(name, Uint)
		c.PrimaryKey = true
		return c
	}
	fk := func(join, column, ref string) *ForeignKey {
		return &ForeignKey{Name: "fk_" + join + "_" + column, Derived: true, Columns: []string{column}, RefTable: ref, RefColumns: []string{"id"}}
	}
	snap := func(model string, fks bool) *Snapshot {
		s := New(Settings{DisableForeignKeyConstraints: !fks})
		join := &Table{Name: "user_friends", JoinTable: true, Columns: []*Column{key(model + "_id"), key("friend_id")}}
		if fks {
			join.ForeignKeys = []*ForeignKey{fk("user_friends", model+"_id", model+"s"), fk("user_friends", "friend_id", model+"s")}
		}
		s.Tables = []*Table{{Name: model + "s", Columns: []*Column{key("id")}}, join}
		s.Sort()
		return s
	}
	hints := Hints{Tables: map[string]string{"members": "users"}}
	a, b := snap("user", true), snap("member", true)
	changes, err := Diff(a, b, hints)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"~ table users renamed to members", "~ column user_friends.user_id renamed to member_id",
		"~ foreign key fk_user_friends_user_id on user_friends renamed to fk_user_friends_member_id"}
	if got := kinds(changes); !slices.Equal(got, want) {
		t.Errorf("changes:\n got  %q\n want %q", got, want)
	}
	checkReplay(t, a, b, changes)

	_, err = Diff(snap("user", false), snap("member", false), hints)
	var pk *PrimaryKeyError
	if !errors.As(err, &pk) || !pk.JoinTable ||
		!strings.Contains(err.Error(), `gorm:"many2many:user_friends;joinForeignKey:user_id;joinReferences:friend_id"`) {
		t.Errorf("Diff without foreign keys: %v, want a join-table PrimaryKeyError naming the join tags", err)
	}
}
