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

// TestCanonicalDefaultQuotedNumber: a quoted number is a string, not the
// number; only PostgreSQL's cast of a quoted number to a numeric type is
// the number.
func TestCanonicalDefaultQuotedNumber(t *testing.T) {
	if CanonicalDefault("'007'") == CanonicalDefault("7") {
		t.Error("the string default '007' reads as the number 7")
	}
	if CanonicalDefault("'7'::text") == CanonicalDefault("7") {
		t.Error("the text default '7'::text reads as the number 7")
	}
}

// TestCanonicalExprKeepsMeaning: expressions that differ in meaning stay
// apart, and the spellings PostgreSQL 15 and MariaDB 11 store an
// expression in (read off both with pg_get_constraintdef and
// information_schema.check_constraints) meet the one written.
func TestCanonicalExprKeepsMeaning(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"(a+b)*c > 0", "a+(b*c) > 0"},
		{"role <> 'Admin'", "role <> 'admin'"},
		{"name <> 'a b'", "name <> 'ab'"},
		{"(x)::integer and y > 0", "x > 0"},
		{"a > 0 or b > 0 and c > 0", "(a > 0 or b > 0) and c > 0"},
		{"a - (b - c) > 0", "a - b - c > 0"},
	} {
		if CanonicalExpr(c.a) == CanonicalExpr(c.b) {
			t.Errorf("%s and %s both read %q", c.a, c.b, CanonicalExpr(c.a))
		}
	}
	for _, c := range []struct{ stored, written string }{
		{"((a + b) * c) > 0", "(a+b)*c > 0"},
		{"(a + b * c) > 0", "a+(b*c) > 0"},
		{"(`a` + `b`) * `c` > 0", "(a+b)*c > 0"},
		{"a > 0 AND b > 0", "(a > 0) AND (b > 0)"},
		{"floor >= '-2'::integer", "floor >= -2"},
		{"name::text <> 'Admin'::text", "name <> 'Admin'"},
		{"kind::text = ANY (ARRAY['boulder'::character varying, 'lead'::character varying]::text[])", "kind = ANY (ARRAY['boulder', 'lead'])"},
		{"(CHECK_me)", "check_me"},
	} {
		if s, w := CanonicalExpr(c.stored), CanonicalExpr(c.written); s != w {
			t.Errorf("stored %s reads %q, written %s reads %q; want the same", c.stored, s, c.written, w)
		}
	}
}
