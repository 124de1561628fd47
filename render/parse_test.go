package render

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/schema"
)

// migrationFile is the file name the tests parse under, so that messages
// read as they would for a real migration.
const migrationFile = "migrations/20261127_x.go"

// parseChanges parses src as an expression and reads the changes in it.
func parseChanges(t testing.TB, src string) ([]schema.Change, error) {
	t.Helper()
	fset := token.NewFileSet()
	expr, err := parser.ParseExprFrom(fset, migrationFile, src, 0)
	if err != nil {
		t.Fatalf("go/parser: %v\n%s", err, src)
	}
	return ParseChanges(fset, expr)
}

// fullChanges holds every change type once, with every field of every
// type it reaches set (TestFullChangesCoverEveryField keeps it so), in
// spellings that need escaping, so the round trip sees each field.
func fullChanges() []schema.Change {
	col := func(name string) *schema.Column {
		return &schema.Column{
			Name: name, Field: "Address.Street", DataType: "varchar(20)", GORMDataType: schema.String,
			Type: "varchar(20)", Size: 20, Precision: 10, Scale: -2, PrimaryKey: true, AutoIncrement: true,
			NotNull: true, HasDefault: true, Default: `it's "x"`, DefaultKind: "string", Comment: "tab\tnew\nline ✓ \x00",
			TagComment: "`raw`", IndexTag: true, UniqueTag: true, PrecisionTag: true, Generated: "a + b",
			DBTypes: map[string]string{"postgres": "JSONB", "mysql": "JSON", "": "empty key"}, DBTypesOnly: true,
		}
	}
	ix := &schema.Index{
		Name: "idx_t_a", Derived: true, Class: "UNIQUE", Type: "btree", Where: "a > 0", Comment: "c", Option: "CONCURRENTLY",
		Columns: []*schema.IndexColumn{
			{Column: "a", Expression: "lower(a)", Sort: "desc", Collate: "C", Length: 10},
			{Column: "b"},
		},
	}
	uq := &schema.Unique{Name: "uni_t_a", Derived: true, Column: "a"}
	ck := &schema.Check{Name: "chk_t_a", Derived: true, Expr: "a <> ''", Column: "a"}
	fk := &schema.ForeignKey{
		Name: "fk_t_u", Derived: true, Columns: []string{"u_id", "v_id"}, RefTable: "u",
		RefColumns: []string{"id", "v"}, OnUpdate: "CASCADE", OnDelete: "SET NULL",
	}
	table := &schema.Table{
		Name: "t", Model: "example.com/m.T", JoinTable: true,
		Columns: []*schema.Column{col("a"), col("b")},
		Indexes: []*schema.Index{ix}, Uniques: []*schema.Unique{uq}, Checks: []*schema.Check{ck},
		ForeignKeys: []*schema.ForeignKey{fk},
	}
	empty := &schema.Table{Name: "e", Columns: []*schema.Column{}} // non-nil and empty
	return []schema.Change{
		schema.CreateTable{Table: table},
		schema.CreateTable{Table: empty},
		schema.DropTable{Table: table},
		schema.RenameTable{From: "t", To: "u"},
		schema.AddColumn{Table: "t", Column: col("c")},
		schema.DropColumn{Table: "t", Column: col("c")},
		schema.RenameColumn{Table: "t", From: "a", To: "z"},
		schema.AlterColumn{Table: "t", From: col("a"), To: &schema.Column{Name: "a", DataType: "int", DBTypes: map[string]string{}}},
		schema.CreateIndex{Table: "t", Index: ix},
		schema.DropIndex{Table: "t", Index: ix},
		schema.RenameIndex{Table: "t", From: "i", To: "j"},
		schema.RenameConstraint{Table: "t", Kind: schema.ConstraintForeignKey, From: "fk_a", To: "fk_b"},
		schema.AddUnique{Table: "t", Unique: uq},
		schema.DropUnique{Table: "t", Unique: uq},
		schema.AddCheck{Table: "t", Check: ck},
		schema.DropCheck{Table: "t", Check: ck},
		schema.AddForeignKey{Table: "t", ForeignKey: fk},
		schema.DropForeignKey{Table: "t", ForeignKey: fk},
	}
}

// TestParseChangesRoundTrip reads back what Changes wrote and requires
// exactly the changes rendered: same types, same values, nil where nil and
// empty where empty.
func TestParseChangesRoundTrip(t *testing.T) {
	for name, changes := range map[string][]schema.Change{
		"example": sampleChanges(t),
		"full":    fullChanges(),
		"none":    {},
	} {
		t.Run(name, func(t *testing.T) {
			src, err := Changes(changes)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseChanges(t, src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, changes) {
				t.Errorf("read back different changes:\n%s\n---\n%s", tagged(got), tagged(changes))
			}
		})
	}
}

// TestParseChangesInFile reads changes out of a whole migration file that
// imports the schema package under another name, as the generator will.
func TestParseChangesInFile(t *testing.T) {
	changes := fullChanges()
	src, err := Changes(changes)
	if err != nil {
		t.Fatal(err)
	}
	file := "package migrations\n\nimport s \"github.com/migragen/migragen/schema\"\n\nvar up = " +
		strings.ReplaceAll(src, "schema.", "s.") + "\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, migrationFile, file, 0)
	if err != nil {
		t.Fatal(err)
	}
	expr := f.Decls[1].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0]
	got, err := ParseChanges(fset, expr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, changes) {
		t.Errorf("read back different changes:\n%s\n---\n%s", tagged(got), tagged(changes))
	}
}

// TestParseChangesSpellings reads literals a person might write when
// editing a migration: every Go spelling of a value means that value.
func TestParseChangesSpellings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []schema.Change
	}{
		{"nil list", `nil`, nil},
		{"empty list", `[]schema.Change{}`, []schema.Change{}},
		{
			"raw strings and escapes",
			"[]schema.Change{schema.RenameTable{From: `a\\n\"b`, To: \"\\x41\\u00e9\\t\\\"\\101\"}}",
			[]schema.Change{schema.RenameTable{From: `a\n"b`, To: "Aé\t\"A"}},
		},
		{
			"multi-line raw string",
			"[]schema.Change{schema.AddCheck{Table: \"t\", Check: &schema.Check{Name: \"c\", Expr: `a\n  > 0`}}}",
			[]schema.Change{schema.AddCheck{Table: "t", Check: &schema.Check{Name: "c", Expr: "a\n  > 0"}}},
		},
		{
			"integer spellings",
			`[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Size: 0xFF, Precision: 0o17, Scale: -0b11}},
			 schema.AddColumn{Table: "t", Column: &schema.Column{Name: "d", Size: 1_000, Precision: 017, Scale: 'a'}}}`,
			[]schema.Change{
				schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c", Size: 255, Precision: 15, Scale: -3}},
				schema.AddColumn{Table: "t", Column: &schema.Column{Name: "d", Size: 1000, Precision: 15, Scale: 97}},
			},
		},
		{
			"constant expressions",
			`[]schema.Change{schema.AddColumn{Table: "t" + "_" + ("x"), Column: &schema.Column{Name: "c", Size: -(2*3+1) % 4, Precision: 7 / 2, Scale: +1 - -1, NotNull: !false && (true || false)}}}`,
			[]schema.Change{schema.AddColumn{Table: "t_x", Column: &schema.Column{Name: "c", Size: -3, Precision: 3, Scale: 2, NotNull: true}}},
		},
		{
			"exact integer arithmetic",
			`[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: 100000000000000000000000 / 10000000000000000000000}}}`,
			[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: 10}}},
		},
		{
			"elided types and explicit ones",
			`[]schema.Change{schema.CreateTable{Table: &schema.Table{Name: "t",
				Columns: []*schema.Column{{Name: "a"}, &schema.Column{Name: "b"}, (&schema.Column{Name: "c"})},
				Indexes: []*schema.Index{{Name: "i", Columns: []*schema.IndexColumn{{Column: "a"}}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "f", Columns: []string{"a"}, RefColumns: []string{}}},
			}}}`,
			[]schema.Change{schema.CreateTable{Table: &schema.Table{
				Name:        "t",
				Columns:     []*schema.Column{{Name: "a"}, {Name: "b"}, {Name: "c"}},
				Indexes:     []*schema.Index{{Name: "i", Columns: []*schema.IndexColumn{{Column: "a"}}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "f", Columns: []string{"a"}, RefColumns: []string{}}},
			}}},
		},
		{
			"maps",
			`[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c", DBTypes: map[string]string{"mysql": "JSON", ` + "`postgres`" + `: "JSON" + "B"}}},
			 schema.AddColumn{Table: "t", Column: &schema.Column{Name: "d", DBTypes: map[string]string{}}}}`,
			[]schema.Change{
				schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c", DBTypes: map[string]string{"mysql": "JSON", "postgres": "JSONB"}}},
				schema.AddColumn{Table: "t", Column: &schema.Column{Name: "d", DBTypes: map[string]string{}}},
			},
		},
		{
			"nil fields are left out",
			`[]schema.Change{schema.CreateTable{Table: &schema.Table{Name: "t", Columns: nil, Indexes: (nil)}}, schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c", DBTypes: nil}}}`,
			[]schema.Change{schema.CreateTable{Table: &schema.Table{Name: "t"}}, schema.AddColumn{Table: "t", Column: &schema.Column{Name: "c"}}},
		},
		{
			"parentheses",
			`([]schema.Change{(schema.RenameTable{From: ("a"), To: "b"})})`,
			[]schema.Change{schema.RenameTable{From: "a", To: "b"}},
		},
		{
			"another package name",
			`[]sch.Change{sch.CreateIndex{Table: "t", Index: &sch.Index{Name: "i"}}}`,
			[]schema.Change{schema.CreateIndex{Table: "t", Index: &schema.Index{Name: "i"}}},
		},
		{
			"type names and literals in parentheses",
			`[](schema.Change){schema.AddUnique{Table: "t", Unique: &(schema.Unique{Name: "u"})}}`,
			[]schema.Change{schema.AddUnique{Table: "t", Unique: &schema.Unique{Name: "u"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseChanges(t, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("got\n%s\nwant\n%s", tagged(got), tagged(tt.want))
			}
		})
	}
}

// TestParseChangesErrors checks each refusal: where it points and what it
// says. ‸ in a source marks where the error must point; it is removed
// before parsing.
func TestParseChangesErrors(t *testing.T) {
	const lit = "a migration's schema changes must be literal values; found "
	tests := []struct{ name, src, want string }{
		{"function call", `[]schema.Change{
			schema.AddColumn{Table: ‸tableName("x")}}`, lit + "a function call"},
		{"conversion", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸int(3)}}}`, lit + "a function call"},
		{"variable", `[]schema.Change{schema.CreateTable{Table: ‸users}}`, lit + "the name users"},
		{"variable in a scalar", `[]schema.Change{schema.RenameTable{From: ‸old, To: "b"}}`, lit + "the name old"},
		{"named constant", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{DataType: ‸schema.String}}}`, lit + "a reference to schema.String"},
		{"function literal", `[]schema.Change{schema.RenameTable{From: ‸func() string { return "a" }()}}`, lit + "a function call"},
		{"variable of changes", `‸changes`, lit + "the name changes"},
		{"address of a variable", `[]schema.Change{schema.CreateTable{Table: ‸&users}}`, lit + "the address of the name users"},
		{"index expression", `[]schema.Change{schema.RenameTable{From: ‸names[0]}}`, lit + "an index expression"},
		{"channel receive", `[]schema.Change{schema.RenameTable{From: ‸<-names}}`, lit + "a channel receive"},
		{
			"positional fields", `[]schema.Change{schema.RenameTable{‸"a", "b"}}`,
			"schema.RenameTable literal has a positional value; a migration names each field, as in schema.RenameTable{From: ...}",
		},
		{
			"unknown field", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{‸Nmae: "a"}}}`,
			"schema.Column has no field Nmae; its fields are Name, Field, DataType, GORMDataType, Type, Size, Precision, Scale, PrimaryKey, AutoIncrement, NotNull, HasDefault, Default, DefaultKind, Comment, TagComment, IndexTag, UniqueTag, PrecisionTag, Generated, DBTypes, DBTypesOnly",
		},
		{"string field name", `[]schema.Change{schema.RenameTable{‸"From": "a"}}`, `invalid field name the literal "From" in schema.RenameTable literal`},
		{"duplicate field", `[]schema.Change{schema.RenameTable{From: "a", To: "b", ‸From: "c"}}`, "duplicate field From in schema.RenameTable literal"},
		{
			"duplicate map key", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{DBTypes: map[string]string{"mysql": "a", ‸"my" + "sql": "b"}}}}`,
			`duplicate key "mysql" in map[string]string literal`,
		},
		{"string for int", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸"20"}}}`, "field Size of schema.Column is int; found a string constant"},
		{"int for string", `[]schema.Change{schema.RenameTable{From: ‸1}}`, "field From of schema.RenameTable is string; found an integer constant"},
		{"rune for string", `[]schema.Change{schema.RenameTable{From: ‸'a'}}`, "field From of schema.RenameTable is string; found an integer constant"},
		{"int for bool", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{NotNull: ‸1}}}`, "field NotNull of schema.Column is bool; found an integer constant"},
		{
			"float for int", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸2.0}}}`,
			"floating-point literals are not supported: the schema's fields hold strings, ints and bools",
		},
		{"literal for a pointer", `[]schema.Change{schema.CreateTable{Table: ‸"users"}}`, "field Table of schema.CreateTable is *schema.Table; found a string constant"},
		{
			"wrong struct type", `[]schema.Change{schema.AddColumn{Table: "t", Column: ‸&schema.Index{Name: "i"}}}`,
			"field Column of schema.AddColumn is *schema.Column; found &schema.Index{...}",
		},
		{
			"value for a pointer", `[]schema.Change{schema.AddColumn{Table: "t", Column: ‸schema.Column{Name: "c"}}}`,
			"field Column of schema.AddColumn is *schema.Column; found a schema.Column literal",
		},
		{"struct for a string", `[]schema.Change{schema.RenameTable{From: ‸schema.Column{}}}`, "field From of schema.RenameTable is string; found a schema.Column literal"},
		{
			"wrong slice type", `[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: ‸[]*schema.Index{}}}}`,
			"field Columns of schema.Table is []*schema.Column; found a []*schema.Index literal",
		},
		{
			"wrong element type", `[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: []*schema.Column{{Name: "a"}, ‸7}}}}`,
			"element of []*schema.Column is *schema.Column; found an integer constant",
		},
		{
			"nil element", `[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: []*schema.Column{‸nil}}}}`,
			"nil element of []*schema.Column: the schema's lists hold no nil entries",
		},
		{
			"nil map value", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{DBTypes: map[string]string{"a": ‸nil}}}}`,
			"nil value in map[string]string literal: the schema's maps hold no nil entries",
		},
		{"nil string", `[]schema.Change{schema.RenameTable{From: ‸nil}}`, "field From of schema.RenameTable is string; found nil"},
		{"nil struct", `[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: []*schema.Column{{Name: "a"}}}}, ‸nil}`, "element of []schema.Change is nil; it must be one of the schema's change types"},
		{
			"elided type outside a slice", `[]schema.Change{schema.CreateTable{Table: ‸{Name: "t"}}}`,
			"missing type in composite literal: field Table of schema.CreateTable is *schema.Table, and Go elides a literal's type only inside a slice or map literal",
		},
		{
			"elided type of a field", `[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: ‸{{Name: "a"}}}}}`,
			"missing type in composite literal: field Columns of schema.Table is []*schema.Column, and Go elides a literal's type only inside a slice or map literal",
		},
		{
			"elided change type", `[]schema.Change{‸{From: "a", To: "b"}}`,
			"missing type in composite literal: element of []schema.Change must name its type, as in schema.CreateTable{...}",
		},
		{
			"pointer change", `[]schema.Change{‸&schema.RenameTable{From: "a", To: "b"}}`,
			"element of []schema.Change must be a value, not a pointer: write schema.RenameTable{...} without &",
		},
		{
			"snapshot type as a change", `[]schema.Change{‸schema.Table{Name: "t"}}`,
			"element of []schema.Change is schema.Change; found a schema.Table literal, which is not one of its types",
		},
		{
			"unknown type", `[]schema.Change{schema.‸CreateView{Name: "v"}}`,
			"unknown type schema.CreateView: not one of the schema package's change or snapshot types",
		},
		{"unqualified type", `[]schema.Change{‸RenameTable{From: "a"}}`, "unknown type RenameTable; write it qualified, as in schema.RenameTable"},
		{"unknown unqualified type", `[]schema.Change{schema.AddColumn{Column: &‸Col{}}}`, "unknown type Col"},
		{
			"two package names", `[]schema.Change{schema.CreateTable{Table: &‸s.Table{Name: "t"}}}`,
			"s.Table: schema types are qualified as schema elsewhere at " + migrationFile + ":1:3; a file imports the schema package under one name",
		},
		{"other list type", `‸[]string{"a"}`, "the change list is []schema.Change; found a []string literal"},
		{"map of changes", `‸map[string]schema.Change{}`, "the change list is []schema.Change; found a map[string]schema.Change literal"},
		{"unsupported type", `[]‸chan int{}`, "unsupported type chan int in a migration's schema changes"},
		{
			"array type", `[]schema.Change{schema.CreateTable{Table: &schema.Table{ForeignKeys: []*schema.ForeignKey{{Columns: ‸[1]string{"a"}}}}}}`,
			"array types are not supported; the schema uses slices",
		},
		{
			"indexed slice elements", `[]schema.Change{schema.CreateTable{Table: &schema.Table{ForeignKeys: []*schema.ForeignKey{{Columns: []string{‸1: "a"}}}}}}`,
			"indexed elements (the literal 1: ...) are not supported in a slice literal; list the elements in order",
		},
		{
			"map element without key", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{DBTypes: map[string]string{‸"a"}}}}`,
			"missing key in map[string]string literal",
		},
		{
			"int overflow", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸0x8000000000000000}}}`,
			"field Size of schema.Column is int, and 9223372036854775808 overflows it",
		},
		{
			"negative overflow", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸-0x8000000000000000 - 1}}}`,
			"field Size of schema.Column is int, and -9223372036854775809 overflows it",
		},
		{"division by zero", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: 1 ‸/ (2 - 2)}}}`, "division by zero"},
		{"remainder by zero", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: 1 ‸% 0}}}`, "division by zero"},
		{"mismatched operands", `[]schema.Change{schema.RenameTable{From: "a" ‸+ 1}}`, "mismatched operands of +: a string and an integer"},
		{"unsupported operator", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: 1 ‸<< 3}}}`, "operator << is not supported in a migration's schema changes"},
		{"comparison", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{NotNull: 1 ‸== 1}}}`, "operator == is not supported in a migration's schema changes"},
		{"operator on the wrong kind", `[]schema.Change{schema.RenameTable{From: "a" ‸- "b"}}`, "operator - is not defined on a string operands"},
		{"unary minus on a string", `[]schema.Change{schema.RenameTable{From: ‸-"a"}}`, "operator - needs an integer operand; found a string"},
		{
			"change without its kind", `[]schema.Change{‸schema.RenameConstraint{Table: "t", From: "a", To: "b"}}`,
			"element of []schema.Change: schema.RenameConstraint lacks the definition it must carry",
		},
		{"change without its table", `[]schema.Change{‸schema.DropTable{}}`, "element of []schema.Change: schema.DropTable lacks the definition it must carry"},
		{"not on an int", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{NotNull: ‸!1}}}`, "operator ! needs a boolean operand; found an integer"},
		{"function literal value", `[]schema.Change{schema.RenameTable{From: ‸func() {}}}`, lit + "a function literal"},
		{"bitwise complement", `[]schema.Change{schema.AddColumn{Table: "t", Column: &schema.Column{Size: ‸^1}}}`, lit + "the operator ^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := strings.Index(tt.src, "‸")
			if at < 0 {
				t.Fatal("the source marks no position")
			}
			src := tt.src[:at] + tt.src[at+len("‸"):]
			line := 1 + strings.Count(src[:at], "\n")
			col := at - strings.LastIndex(src[:at], "\n") // byte column, as go/token counts

			_, err := parseChanges(t, src)
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if got := perr.Pos; got.Filename != migrationFile || got.Line != line || got.Column != col {
				t.Errorf("at %s, want %d:%d", got, line, col)
			}
			if perr.Msg != tt.want {
				t.Errorf("message\n%s\nwant\n%s", perr.Msg, tt.want)
			}
			if want := perr.Pos.String() + ": " + tt.want; err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}
}

// TestParseChangesWithoutPositions checks that a missing or foreign
// FileSet costs the position only, never a panic.
func TestParseChangesWithoutPositions(t *testing.T) {
	expr, err := parser.ParseExpr(`[]schema.Change{f()}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, fset := range []*token.FileSet{nil, token.NewFileSet()} {
		_, err := ParseChanges(fset, expr)
		if want := "a migration's schema changes must be literal values; found a function call"; err == nil || err.Error() != want {
			t.Errorf("got %v, want %q", err, want)
		}
	}
	if _, err := ParseChanges(nil, nil); err == nil {
		t.Error("a nil expression gave no error")
	}
}

// TestChangeTypesComplete compares changeTypes with the types the schema
// package marks as changes, so a new change type cannot be missed.
func TestChangeTypesComplete(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("../schema/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "change" || fn.Recv == nil {
				continue
			}
			recv := fn.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			declared = append(declared, recv.(*ast.Ident).Name)
		}
	}
	var listed []string
	for _, ct := range changeTypes {
		listed = append(listed, ct.Name())
	}
	slices.Sort(declared)
	slices.Sort(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("the schema package declares the changes\n%v\nbut changeTypes lists\n%v", declared, listed)
	}
	for _, name := range []string{"Change", "Table", "Column", "Index", "IndexColumn", "Unique", "Check", "ForeignKey"} {
		if schemaTypes[name] == nil {
			t.Errorf("schemaTypes lacks %s", name)
		}
	}
}

// TestFullChangesCoverEveryField makes sure fullChanges sets every field of
// every type ParseChanges knows, so the round trip exercises all of them.
func TestFullChangesCoverEveryField(t *testing.T) {
	set := map[string]bool{}
	walkStructs(reflect.ValueOf(fullChanges()), func(v reflect.Value) bool {
		set[v.Type().Name()] = true
		for i := range v.NumField() {
			if !v.Field(i).IsZero() {
				set[v.Type().Name()+"."+v.Type().Field(i).Name] = true
			}
		}
		return true
	})
	for name, typ := range schemaTypes {
		if typ.Kind() != reflect.Struct {
			continue
		}
		if !set[name] {
			t.Errorf("fullChanges has no %s", name)
			continue
		}
		for f := range typ.Fields() {
			if f.IsExported() && !set[name+"."+f.Name] {
				t.Errorf("fullChanges never sets %s.%s", name, f.Name)
			}
		}
	}
}

// FuzzParseChanges requires ParseChanges never to panic, and whatever it
// accepts to survive Changes and come back unchanged.
func FuzzParseChanges(f *testing.F) {
	src, err := Changes(fullChanges())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add(src[:len(src)/2])
	f.Add(strings.Replace(src, "Name:", "Nmae:", 1))
	f.Add(strings.Replace(src, "&schema.Table{", "{", 1))
	f.Add(strings.Replace(src, "schema.", "s.", 3))
	f.Add(strings.Replace(src, `"varchar(20)"`, `"varchar" + "(20)"`, 1))
	f.Add(strings.Replace(src, "Size: 20", "Size: -0x14", 1))
	f.Add(strings.Replace(src, "Size: 20", "Size: 1 << 70", 1))
	f.Add(strings.Replace(src, "Size: 20", "Size: 1e3", 1))
	f.Add(strings.Replace(src, `{"", "empty key"}`, `{"": nil}`, 1))
	f.Add(`[]schema.Change{schema.RenameTable{"a", "b"}, nil, f(), &schema.DropTable{}}`)
	f.Add(`[]schema.Change{schema.RenameConstraint{}, schema.AlterColumn{}}`)
	f.Add("[]schema.Change{schema.RenameTable{From: `raw`, To: '\\x41' + 1}}")
	f.Add(`[]schema.Change{schema.AddColumn{Column: &schema.Column{DBTypes: map[string]string{"a": "b", "a": "c"}}}}`)
	f.Add(`[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: []*schema.Column{{}, nil}}}}`)
	f.Add(`[]schema.Change{schema.CreateTable{Table: &schema.Table{Columns: map[schema.Table]int{}}}}`)
	f.Add("schema.Invert(schema.Derive(" + src + "))")
	f.Add(`s.Invert(schema.Derive([]schema.Change{}), x...)`)
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		expr, err := parser.ParseExprFrom(fset, migrationFile, src, 0)
		if expr == nil {
			return
		}
		// A syntax error leaves a partial tree with BadExprs in it, which
		// must not panic either.
		changes, perr := ParseChanges(fset, expr)
		if err != nil || perr != nil {
			return
		}
		again, err := Changes(changes)
		if err != nil {
			t.Fatalf("accepted changes Changes cannot render: %v", err)
		}
		back, err := parseChanges(t, again)
		if err != nil {
			t.Fatalf("cannot read back the rendering of accepted changes: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(back, changes) && (len(back) != 0 || len(changes) != 0) {
			t.Fatalf("rendering and reading back changed the changes:\n%s\n---\n%s", tagged(back), tagged(changes))
		}
	})
}

// walkStructs calls visit on every struct under v, through interfaces,
// pointers and slices, and on the fields of each struct for which visit
// returns true.
func walkStructs(v reflect.Value, visit func(v reflect.Value) bool) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			walkStructs(v.Elem(), visit)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkStructs(v.Index(i), visit)
		}
	case reflect.Struct:
		if visit(v) {
			for i := range v.NumField() {
				walkStructs(v.Field(i), visit)
			}
		}
	}
}
