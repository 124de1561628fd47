package schema

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// shopBefore is a products table as the old binary knows it: name is NOT
// NULL without a default and sits in a composite index whose name the
// user chose; sku has a derived index; legacy is NOT NULL without a
// default, indexed; notes is nullable. categories is referenced by a
// foreign key.
func shopBefore() *Snapshot {
	s := New(Settings{})
	s.Tables = []*Table{
		{Name: "categories", Columns: []*Column{
			{Name: "id", DataType: Uint, GORMDataType: Uint, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
			{Name: "slug", DataType: String, GORMDataType: String, Size: 64, NotNull: true},
		}},
		{Name: "products", Columns: []*Column{
			{Name: "id", DataType: Uint, GORMDataType: Uint, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
			{Name: "sku", DataType: String, GORMDataType: String, Size: 32, NotNull: true},
			{Name: "name", DataType: String, GORMDataType: String, Size: 200, NotNull: true},
			{Name: "brand", DataType: String, GORMDataType: String, Size: 100},
			{Name: "legacy", DataType: Int, GORMDataType: Int, Size: 64, NotNull: true},
			{Name: "notes", DataType: String, GORMDataType: String},
			{Name: "category_id", DataType: Uint, GORMDataType: Uint, Size: 64},
		}, Indexes: []*Index{
			{Name: "idx_product_search", Columns: []*IndexColumn{{Column: "name"}, {Column: "brand"}}},
			{Name: "idx_products_legacy", Derived: true, Columns: []*IndexColumn{{Column: "legacy"}}},
			{Name: "idx_products_sku", Derived: true, Class: "UNIQUE", Columns: []*IndexColumn{{Column: "sku"}}},
		}, ForeignKeys: []*ForeignKey{
			{Name: "fk_products_category", Derived: true, Columns: []string{"category_id"}, RefTable: "categories", RefColumns: []string{"id"}},
		}},
	}
	s.Sort()
	return s
}

// splitOf diffs before to after and splits the changes, failing the test
// on an error.
func splitOf(t *testing.T, before, after *Snapshot, hints Hints) ([]Change, *ExpandContract) {
	t.Helper()
	changes, err := Diff(before, after, hints)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := SplitChanges(before, changes)
	if err != nil {
		t.Fatalf("SplitChanges: %v\nchanges: %q", err, kinds(changes))
	}
	return changes, ec
}

func TestSplitShop(t *testing.T) {
	before := shopBefore()
	after := before.Clone()
	p := after.Table("products")
	// name is renamed to title and sku to code (its derived index follows);
	// legacy and notes go; a NOT NULL column without a default arrives.
	p.Column("name").Name = "title"
	p.Indexes[0].Columns[0].Column = "title"
	p.Column("sku").Name = "code"
	p.Indexes[2].Name, p.Indexes[2].Columns[0].Column = "idx_products_code", "code"
	p.Columns = slices.DeleteFunc(p.Columns, func(c *Column) bool { return c.Name == "legacy" || c.Name == "notes" })
	p.Indexes = slices.DeleteFunc(p.Indexes, func(ix *Index) bool { return ix.Name == "idx_products_legacy" })
	p.Columns = append(p.Columns, &Column{Name: "weight", DataType: Int, GORMDataType: Int, Size: 64, NotNull: true})
	after.Sort()
	hints := Hints{Columns: map[string]map[string]string{"products": {"title": "name", "code": "sku"}}}
	changes, ec := splitOf(t, before, after, hints)

	// What each half must hold, written from what the old binary (which
	// writes name, sku and legacy, and reads every column it knows) and
	// the new one (which writes title, code and weight) need.
	wantExpand := []string{
		"~ column products.sku (nullable)",
		"+ column products.code",
		"+ index idx_products_code on products",
		"~ column products.name (nullable)",
		"+ column products.title",
		"+ column products.weight",
		"~ column products.legacy (nullable)",
	}
	wantContract := []string{
		"- index idx_products_sku on products",
		"- column products.sku",
		"~ column products.code (NOT NULL)",
		"- index idx_product_search on products",
		"- column products.name",
		"+ index idx_product_search on products",
		"~ column products.title (NOT NULL)",
		"- index idx_products_legacy on products",
		"~ column products.weight (NOT NULL)",
		"- column products.legacy",
		"- column products.notes",
	}
	if got := kinds(ec.Expand); !slices.Equal(sorted(got), sorted(wantExpand)) {
		t.Errorf("expansion:\n got  %q\n want %q", got, wantExpand)
	}
	if got := kinds(ec.Contract); !slices.Equal(sorted(got), sorted(wantContract)) {
		t.Errorf("contraction:\n got  %q\n want %q", got, wantContract)
	}
	// The contraction recreates the user-named index on the new column
	// only after it dropped the old one, whose name it reuses.
	con := kinds(ec.Contract)
	if indexOf(t, con, "- index idx_product_search on products") > indexOf(t, con, "+ index idx_product_search on products") {
		t.Errorf("the contraction creates idx_product_search before it drops the old one: %q", con)
	}
	wantCopies := []ColumnCopy{{"products", "sku", "code"}, {"products", "name", "title"}}
	if !slices.Equal(sorted2(ec.Copies), sorted2(wantCopies)) {
		t.Errorf("copies %v, want %v", ec.Copies, wantCopies)
	}
	checkSplit(t, before, changes, ec)
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func sorted2(s []ColumnCopy) []ColumnCopy {
	out := slices.Clone(s)
	slices.SortFunc(out, func(a, b ColumnCopy) int { return strings.Compare(a.To, b.To) })
	return out
}

// checkSplit checks what a split promises, from the schemas alone rather
// than from how Split builds it: replaying both halves gives what the
// changes give; their inverses lead back; the old binary, built from
// before, finds every table and column it knows after the expansion and
// can insert (every column it does not know is nullable or has a
// default); so can the new one, built from the final schema.
func checkSplit(t fataler, before *Snapshot, changes []Change, ec *ExpandContract) {
	t.Helper()
	fatalf := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nchanges:  %q\nexpand:   %q\ncontract: %q", append(args, kinds(changes), kinds(ec.Expand), kinds(ec.Contract))...)
	}
	want, err := Apply(before, changes)
	if err != nil {
		fatalf("the changes do not apply: %v", err)
	}
	mid, err := Apply(before, ec.Expand)
	if err != nil {
		fatalf("the expansion does not apply: %v", err)
	}
	got, err := Apply(mid, ec.Contract)
	if err != nil {
		fatalf("the contraction does not apply after the expansion: %v", err)
	}
	if d := Differences(want, got); d != nil {
		fatalf("expand then contract differs from the changes: %s", strings.Join(d, "; "))
	}
	undone, err := Apply(got, Invert(ec.Contract))
	if err != nil {
		fatalf("the contraction's inverse does not apply: %v", err)
	}
	if d := Differences(mid, undone); d != nil {
		fatalf("the contraction's inverse does not lead back to the expansion: %s", strings.Join(d, "; "))
	}
	back, err := Apply(undone, Invert(ec.Expand))
	if err != nil {
		fatalf("the expansion's inverse does not apply: %v", err)
	}
	if d := Differences(before, back); d != nil {
		fatalf("the inverses do not lead back: %s", strings.Join(d, "; "))
	}
	for _, bin := range []struct {
		name  string
		knows *Snapshot
	}{{"old", before}, {"new", want}} {
		for _, kt := range bin.knows.Tables {
			mt := mid.Table(kt.Name)
			if mt == nil {
				fatalf("after the expansion the %s binary's table %s is gone", bin.name, kt.Name)
			}
			for _, kc := range kt.Columns {
				if mt.Column(kc.Name) == nil {
					fatalf("after the expansion the %s binary's column %s.%s is gone", bin.name, kt.Name, kc.Name)
				}
			}
			for _, mc := range mt.Columns {
				if kt.Column(mc.Name) == nil && needsValue(mc) {
					fatalf("after the expansion %s.%s is NOT NULL without a default, and the %s binary does not write it", kt.Name, mc.Name, bin.name)
				}
			}
		}
	}
	for _, c := range ec.Expand {
		switch c.(type) {
		case DropTable, DropColumn, RenameColumn, RenameTable:
			fatalf("the expansion holds %s, which breaks the old binary", c)
		}
	}
}

// fataler is what checkSplit needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func TestSplitNothingBreaks(t *testing.T) {
	before := shopBefore()
	after := before.Clone()
	p := after.Table("products")
	p.Columns = append(p.Columns, &Column{Name: "stock", DataType: Int, GORMDataType: Int, Size: 64, NotNull: true, HasDefault: true, Default: "0", DefaultKind: Int})
	p.Indexes = append(p.Indexes, &Index{Name: "idx_products_brand", Derived: true, Columns: []*IndexColumn{{Column: "brand"}}})
	after.Sort()
	changes, ec := splitOf(t, before, after, Hints{})
	if len(ec.Contract) != 0 || len(ec.Copies) != 0 || len(ec.Expand) != len(changes) {
		t.Errorf("adding a column with a default and an index: expand %q, contract %q; want everything expanded", kinds(ec.Expand), kinds(ec.Contract))
	}
	checkSplit(t, before, changes, ec)
}

// TestSplitTightening makes an existing nullable column NOT NULL while
// widening it: the old binary may still write NULL there, so the NOT NULL
// waits for the contraction, while the widening, which the new binary may
// need, is in the expansion.
func TestSplitTightening(t *testing.T) {
	before := shopBefore()
	after := before.Clone()
	brand := after.Table("products").Column("brand")
	brand.NotNull, brand.Size = true, 150
	changes, ec := splitOf(t, before, after, Hints{})
	if len(ec.Expand) != 1 || len(ec.Contract) != 1 {
		t.Fatalf("expand %q, contract %q; want the widening, then the NOT NULL", kinds(ec.Expand), kinds(ec.Contract))
	}
	widen, tighten := ec.Expand[0].(AlterColumn), ec.Contract[0].(AlterColumn)
	if widen.To.NotNull || widen.To.Size != 150 || !tighten.To.NotNull || tighten.From.Size != 150 {
		t.Errorf("expand %v, contract %v; want size 150 nullable, then NOT NULL", widen, tighten)
	}
	checkSplit(t, before, changes, ec)
}

func TestSplitDropTable(t *testing.T) {
	before := shopBefore()
	after := before.Clone()
	after.Tables = slices.DeleteFunc(after.Tables, func(t *Table) bool { return t.Name == "categories" })
	after.Table("products").ForeignKeys = nil
	changes, ec := splitOf(t, before, after, Hints{})
	if len(ec.Expand) != 0 || !slices.Equal(kinds(ec.Contract), []string{"- foreign key fk_products_category on products", "- table categories"}) {
		t.Errorf("dropping a referenced table: expand %q, contract %q", kinds(ec.Expand), kinds(ec.Contract))
	}
	checkSplit(t, before, changes, ec)
}

func TestSplitRefuses(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*Snapshot, *Hints)
		reason string
	}{
		{"table rename", func(s *Snapshot, h *Hints) {
			s.Table("categories").Name = "kinds"
			s.Table("products").ForeignKeys[0].RefTable = "kinds"
			h.Tables = map[string]string{"kinds": "categories"}
		}, "one table cannot have both"},
		{"key rename", func(s *Snapshot, h *Hints) {
			s.Table("products").Column("id").Name = "product_id"
			h.Columns = map[string]map[string]string{"products": {"product_id": "id"}}
		}, "key column"},
		{"rename and retype", func(s *Snapshot, h *Hints) {
			c := s.Table("products").Column("name")
			c.Name, c.DataType, c.GORMDataType = "title", "text", "text"
			s.Table("products").Indexes[0].Columns[0].Column = "title"
			h.Columns = map[string]map[string]string{"products": {"title": "name"}}
		}, "changes type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := shopBefore()
			after := before.Clone()
			var hints Hints
			tt.change(after, &hints)
			after.Sort()
			changes, err := Diff(before, after, hints)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = Split(before, changes)
			var se *SplitError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), "without -split") {
				t.Errorf("err %v, want a *SplitError saying %q and how to go on", err, tt.reason)
			}
		})
	}
}

// TestSplitProperties splits random evolutions: each either is refused
// with a *SplitError or keeps every promise checkSplit states.
func TestSplitProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genSnapshot(t, "a")
		b, hints := mutate(t, a)
		changes, err := Diff(a, b, hints)
		if err != nil {
			t.Fatalf("Diff: %v", err)
		}
		ec, err := SplitChanges(a, changes)
		var se *SplitError
		if errors.As(err, &se) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatalf("SplitChanges: %v\nchanges: %q", err, kinds(changes))
		}
		checkSplit(t, a, changes, ec)
	})
}
