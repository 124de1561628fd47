package schema

import (
	"errors"
	"strings"
	"testing"
)

// alter returns an AlterColumn of users.c from base as from edits it to
// base as to edits it (nil: unchanged).
func alter(base Column, from, to func(*Column)) AlterColumn {
	f, t := base, base
	if from != nil {
		from(&f)
	}
	if to != nil {
		to(&t)
	}
	return AlterColumn{Table: "users", From: &f, To: &t}
}

var (
	str64   = Column{Name: "c", DataType: String, GORMDataType: String, Size: 64}
	decimal = Column{Name: "c", DataType: "decimal", GORMDataType: Float, Type: "decimal", Precision: 10, Scale: 2}
)

func TestNarrows(t *testing.T) {
	for _, tt := range []struct {
		name     string
		c        AlterColumn
		narrows  bool
		backfill bool
	}{
		{"wider size", alter(str64, nil, func(c *Column) { c.Size = 128 }), false, false},
		{"unsized", alter(str64, nil, func(c *Column) { c.Size = 0 }), false, false},
		{"smaller size", alter(str64, nil, func(c *Column) { c.Size = 32 }), true, false},
		{"sized", alter(str64, func(c *Column) { c.Size = 0 }, nil), true, false},
		{"other logical type", alter(str64, nil, func(c *Column) { c.DataType, c.GORMDataType = Bytes, Bytes }), true, false},
		{"more precision and scale", alter(decimal, nil, func(c *Column) { c.Precision, c.Scale = 12, 3 }), false, false},
		{"less precision", alter(decimal, nil, func(c *Column) { c.Precision = 9 }), true, false},
		{"less scale", alter(decimal, nil, func(c *Column) { c.Scale = 1 }), true, false},
		{"fewer integer digits", alter(decimal, nil, func(c *Column) { c.Precision, c.Scale = 11, 4 }), true, false},
		{"as many integer digits", alter(decimal, nil, func(c *Column) { c.Precision, c.Scale = 12, 4 }), false, false},
		{"precision set", alter(decimal, func(c *Column) { c.Precision, c.Scale = 0, 0 }, nil), true, false},
		{"precision dropped", alter(decimal, nil, func(c *Column) { c.Precision, c.Scale = 0, 0 }), true, false},
		{"other type: text", alter(decimal, nil, func(c *Column) { c.Type = "numeric" }), true, false},
		{"type: text added", alter(str64, nil, func(c *Column) { c.Type = "varchar(64)" }), false, false},
		{"per-dialect type changed", alter(str64, func(c *Column) { c.DBTypes = map[string]string{"postgres": "uuid"} },
			func(c *Column) { c.DBTypes = map[string]string{"postgres": "text"} }), true, false},
		{"per-dialect type added", alter(str64, nil, func(c *Column) { c.DBTypes = map[string]string{"mysql": "char(36)"} }), true, false},
		{"per-dialect types empty and nil", alter(str64, func(c *Column) { c.DBTypes = map[string]string{} }, nil), false, false},
		{"NOT NULL without default", alter(str64, nil, func(c *Column) { c.NotNull = true }), true, false},
		{"NOT NULL with default", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "x", String }), false, true},
		{"NOT NULL with an empty default", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault = true, true }), true, false},
		{"NOT NULL with default NULL", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "NULL" }), true, false},
		// GORM writes DEFAULT for every default that parsed as the field's
		// kind, the empty string, 0 and false included.
		{"NOT NULL with default ''", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.DefaultKind = true, true, String }), false, true},
		{"NOT NULL with default 0", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "0", Int }), false, true},
		{"NOT NULL with default false", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "false", Bool }), false, true},
		{"NOT NULL with the string 'null'", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "null", String }), false, true},
		{"NOT NULL with default (-)", alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "(-)" }), true, false},
		{"NOT NULL already, default added", alter(str64, func(c *Column) { c.NotNull = true }, func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "1" }), false, false},
		{"nullable", alter(str64, func(c *Column) { c.NotNull = true }, nil), false, false},
		{"comment", alter(str64, nil, func(c *Column) { c.Comment = "x" }), false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Narrows(); got != tt.narrows {
				t.Errorf("Narrows() = %v, want %v", got, tt.narrows)
			}
			if got := tt.c.Destructive(); got != tt.narrows {
				t.Errorf("Destructive() = %v, want %v", got, tt.narrows)
			}
			if got := tt.c.Backfills(); got != tt.backfill {
				t.Errorf("Backfills() = %v, want %v", got, tt.backfill)
			}
		})
	}
}

// TestAddColumnDestructive: a column added NOT NULL needs a value for the
// rows already there, from a default or from the database itself.
func TestAddColumnDestructive(t *testing.T) {
	for _, tt := range []struct {
		name        string
		edit        func(*Column)
		destructive bool
	}{
		{"nullable", func(*Column) {}, false},
		{"NOT NULL", func(c *Column) { c.NotNull = true }, true},
		{"NOT NULL, default 'x'", func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "x", String }, false},
		{"NOT NULL, default ''", func(c *Column) { c.NotNull, c.HasDefault, c.DefaultKind = true, true, String }, false},
		{"NOT NULL, default 0", func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "0", Int }, false},
		{"NOT NULL, default now()", func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "now()" }, false},
		{"NOT NULL, default NULL", func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "NULL" }, true},
		{"NOT NULL, default (-)", func(c *Column) { c.NotNull, c.HasDefault, c.Default = true, true, "(-)" }, true},
		{"NOT NULL, empty default: tag", func(c *Column) { c.NotNull, c.HasDefault = true, true }, true},
		{"NOT NULL auto-increment", func(c *Column) { c.NotNull, c.AutoIncrement, c.HasDefault = true, true, true }, false},
		{"NOT NULL generated", func(c *Column) { c.NotNull, c.Generated = true, "a * 2" }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := str64
			tt.edit(&c)
			if got := (AddColumn{Table: "users", Column: &c}).Destructive(); got != tt.destructive {
				t.Errorf("Destructive() = %v, want %v", got, tt.destructive)
			}
		})
	}
}

// TestChangesType: only what a dialect compiles into the column type
// counts; a foreign key over the column survives everything else.
func TestChangesType(t *testing.T) {
	unsized := Column{Name: "c", DataType: String, GORMDataType: String}
	for _, tt := range []struct {
		name string
		c    AlterColumn
		want bool
	}{
		{"comment", alter(str64, nil, func(c *Column) { c.Comment = "x" }), false},
		{"default", alter(str64, nil, func(c *Column) { c.HasDefault, c.Default, c.DefaultKind = true, "x", String }), false},
		{"NOT NULL", alter(str64, nil, func(c *Column) { c.NotNull = true }), false},
		{"auto-increment", alter(str64, nil, func(c *Column) { c.AutoIncrement = true }), false},
		{"size", alter(str64, nil, func(c *Column) { c.Size = 128 }), true},
		{"logical type", alter(str64, nil, func(c *Column) { c.DataType, c.GORMDataType = Int, Int }), true},
		{"type: tag", alter(str64, nil, func(c *Column) { c.Type = "char(64)" }), true},
		{"per-dialect type", alter(str64, nil, func(c *Column) { c.DBTypes = map[string]string{"postgres": "uuid"} }), true},
		{"precision", alter(decimal, nil, func(c *Column) { c.Precision = 12 }), true},
		{"scale", alter(decimal, nil, func(c *Column) { c.Scale = 3 }), true},
		{"precision tag", alter(str64, nil, func(c *Column) { c.PrecisionTag = true }), true},
		{"generated", alter(str64, nil, func(c *Column) { c.Generated = "identity" }), true},
		// MySQL makes an unsized string varchar(191) once it has a default
		// or an index, SQL Server nvarchar(256) once it has an index.
		{"unsized string, default", alter(unsized, nil, func(c *Column) { c.HasDefault = true }), true},
		{"unsized string, index tag", alter(unsized, func(c *Column) { c.HasDefault = true }, func(c *Column) { c.HasDefault, c.IndexTag = true, true }), true},
		{"unsized string key, default", alter(unsized, func(c *Column) { c.PrimaryKey = true }, func(c *Column) { c.PrimaryKey, c.HasDefault = true, true }), false},
		{"sized string, index tag", alter(str64, nil, func(c *Column) { c.IndexTag = true }), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.ChangesType(); got != tt.want {
				t.Errorf("ChangesType() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAlterColumnString(t *testing.T) {
	for _, tt := range []struct {
		c    AlterColumn
		want string
	}{
		{alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "it's", String }),
			"~ column users.c (NOT NULL, default 'it''s'; NULLs backfilled with its default)"},
		{alter(str64, nil, func(c *Column) { c.NotNull = true }), "~ column users.c (NOT NULL)"},
		{alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.DefaultKind = true, true, String }),
			"~ column users.c (NOT NULL, default ''; NULLs backfilled with its default)"},
		{alter(str64, nil, func(c *Column) { c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "false", Bool }),
			"~ column users.c (NOT NULL, default false; NULLs backfilled with its default)"},
		{alter(str64, func(c *Column) { c.HasDefault, c.DefaultKind = true, String }, nil), "~ column users.c (no default)"},
		{alter(str64, func(c *Column) { c.NotNull = true }, nil), "~ column users.c (nullable)"},
		{alter(str64, nil, func(c *Column) { c.Size = 0 }), "~ column users.c (size 64 -> none)"},
		{alter(str64, nil, func(c *Column) { c.DataType, c.GORMDataType, c.Size = Int, Int, 0 }), "~ column users.c (type string -> int, size 64 -> none)"},
		{alter(decimal, nil, func(c *Column) { c.Precision, c.Scale = 12, 4 }), "~ column users.c (precision 10 -> 12, scale 2 -> 4)"},
		{alter(decimal, nil, func(c *Column) { c.Type = "" }), "~ column users.c (type: tag decimal -> none)"},
		{alter(str64, nil, func(c *Column) { c.DBTypes = map[string]string{"mysql": "char(36)"} }), "~ column users.c (per-dialect types)"},
		{alter(str64, func(c *Column) { c.HasDefault, c.Default = true, "now()" }, func(c *Column) {
			c.HasDefault, c.Default = true, "CURRENT_TIMESTAMP\n  + interval '1 day' * 30"
		}), "~ column users.c (default now() -> CURRENT_TIMESTAMP + i...)"},
		{alter(str64, func(c *Column) { c.HasDefault, c.Default, c.DefaultKind = true, "1", Int }, nil), "~ column users.c (no default)"},
		{alter(str64, nil, func(c *Column) { c.Comment, c.AutoIncrement = "login", true }), "~ column users.c (comment login, auto-increment)"},
		{alter(str64, func(c *Column) { c.Comment, c.AutoIncrement = "login", true }, nil), "~ column users.c (comment none, no auto-increment)"},
		{alter(str64, nil, func(c *Column) { c.IndexTag = true }), "~ column users.c (index tag added)"},
		{alter(str64, func(c *Column) { c.UniqueTag, c.PrecisionTag = true, true }, func(c *Column) { c.PrecisionTag = true }), "~ column users.c (unique tag removed)"},
		{alter(str64, nil, func(c *Column) { c.Field = "Other" }), "~ column users.c"},
	} {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

// TestPrimaryKeyChanges: a kept table's key columns may not change, but
// their types may.
func TestPrimaryKeyChanges(t *testing.T) {
	pk := func(name, dt string) *Column { c := col(name, dt); c.PrimaryKey = true; return c }
	table := func(name string, cols ...*Column) *Snapshot {
		s := New(Settings{})
		s.Tables = []*Table{{Name: name, Columns: cols}}
		return s
	}
	for _, tt := range []struct {
		name     string
		a, b     *Snapshot
		hints    Hints
		from, to string // the key columns the error names; both "" when allowed
	}{
		{name: "key column's type changes", a: table("users", pk("id", Int)), b: table("users", pk("id", String))},
		{name: "new table", a: New(Settings{}), b: table("users", pk("id", Int))},
		{name: "key column renamed", a: table("users", pk("id", Int)), b: table("users", pk("uid", Int)),
			hints: Hints{Columns: map[string]map[string]string{"users": {"uid": "id"}}}},
		{name: "table renamed", a: table("people", pk("id", Int)), b: table("users", pk("id", Int)),
			hints: Hints{Tables: map[string]string{"users": "people"}}},
		{name: "column joins the key", a: table("users", pk("id", Int), col("org", Int)), b: table("users", pk("id", Int), pk("org", Int)),
			from: "(id)", to: "(id, org)"},
		{name: "column leaves the key", a: table("users", pk("id", Int), pk("org", Int)), b: table("users", pk("id", Int), col("org", Int)),
			from: "(id, org)", to: "(id)"},
		{name: "key moves to another column", a: table("users", pk("id", Int), col("code", String)), b: table("users", col("id", Int), pk("code", String)),
			from: "(id)", to: "(code)"},
		{name: "key column dropped", a: table("users", pk("id", Int), pk("org", Int)), b: table("users", pk("org", Int)),
			from: "(id, org)", to: "(org)"},
		{name: "new key column added", a: table("users", pk("id", Int)), b: table("users", pk("id", Int), pk("org", Int)),
			from: "(id)", to: "(id, org)"},
		{name: "key reordered", a: table("users", pk("a", Int), pk("b", Int)), b: table("users", pk("b", Int), pk("a", Int)),
			from: "(a, b)", to: "(b, a)"},
		{name: "key added", a: table("users", col("id", Int)), b: table("users", pk("id", Int)),
			from: "no primary key", to: "(id)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := Diff(tt.a, tt.b, tt.hints)
			if tt.from == "" {
				if err != nil {
					t.Fatalf("Diff: %v", err)
				}
				if got, err := Apply(tt.a, changes); err != nil || Differences(got, tt.b) != nil {
					t.Errorf("Apply: %v %v", err, Differences(got, tt.b))
				}
				return
			}
			var pkErr *PrimaryKeyError
			if !errors.As(err, &pkErr) {
				t.Fatalf("Diff = %v, %v; want a *PrimaryKeyError", changes, err)
			}
			msg := err.Error()
			for _, want := range []string{"table users:", "from " + tt.from + " to " + tt.to, "foreign keys", "unique index", "data step"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the error does not say %q:\n%s", want, msg)
				}
			}
		})
	}
}
