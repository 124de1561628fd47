package dialect

import (
	"slices"
	"testing"
)

// TestCompareImplicitForeignKeyIndex: MySQL names its own index for two
// foreign keys on one column after whichever GORM created first, in map
// order. That name is a note, not a difference; an index with a name of
// its own on the columns stays a difference.
func TestCompareImplicitForeignKeyIndex(t *testing.T) {
	fks := []CatalogForeignKey{
		{Name: "fk_orders_buyer", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}},
		{Name: "fk_users_orders", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}},
	}
	want := Catalog{"orders": {ForeignKeys: fks}}
	canon := Canon{ImplicitForeignKeyIndex: true}
	for _, name := range []string{"fk_orders_buyer", "fk_users_orders"} {
		got := Catalog{"orders": {ForeignKeys: fks, Indexes: []CatalogIndex{{Name: name, Columns: []string{"user_id"}}}}}
		diffs, notes := Compare(want, got, canon)
		if len(diffs) > 0 || len(notes) != 1 {
			t.Errorf("index %s: differences %q, notes %q; want one note and no difference", name, diffs, notes)
		}
	}
	got := Catalog{"orders": {ForeignKeys: fks, Indexes: []CatalogIndex{{Name: "idx_hand", Columns: []string{"user_id"}}}}}
	if diffs, _ := Compare(want, got, canon); !slices.Equal(diffs, []string{"orders: extra index idx_hand (user_id)"}) {
		t.Errorf("a hand-made index: differences %q, want it reported as extra", diffs)
	}
}

// TestCanonicalDefault holds the spellings the engines store a default in
// (read off PostgreSQL 16, MariaDB 11 and SQLite) to the one each compiler
// writes.
func TestCanonicalDefault(t *testing.T) {
	for _, c := range []struct{ stored, written string }{
		{"'x'::character varying", "'x'"},
		{"'-1'::integer", "-1"},
		{"0.00", "0"},
		{`"light"`, "'light'"},
		{"current_timestamp()", "CURRENT_TIMESTAMP"},
		{"NULL", ""},
		{"concat('srv-', substr(md5((random())::text), 1, 6))", "concat('srv-', substr(md5(random()), 1, 6))"},
	} {
		if s, w := CanonicalDefault(c.stored), CanonicalDefault(c.written); s != w {
			t.Errorf("stored %s reads %q, written %s reads %q; want the same", c.stored, s, c.written, w)
		}
	}
	if CanonicalDefault("'EUR'") == CanonicalDefault("'eur'") {
		t.Error("string defaults that differ in case read the same")
	}
}
