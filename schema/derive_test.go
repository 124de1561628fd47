package schema

import (
	"reflect"
	"testing"
)

// TestDeriveUndoesCompact compacts the columns of every change that
// carries one and requires Derive to give each back exactly, leaving a
// GORMDataType that differs from DataType (a type: tag) as written.
func TestDeriveUndoesCompact(t *testing.T) {
	cols := func() []*Column {
		return []*Column{
			{Name: "id", Field: "ID", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true},
			{Name: "body", Field: "Body", DataType: "text", GORMDataType: String, Type: "text"},
		}
	}
	changes := func() []Change {
		c := cols()
		return []Change{
			CreateTable{Table: &Table{Name: "a", Columns: cols()}},
			DropTable{Table: &Table{Name: "b", Columns: cols()}},
			AddColumn{Table: "a", Column: c[0]},
			DropColumn{Table: "a", Column: c[1]},
			AlterColumn{Table: "a", From: cols()[0], To: cols()[0]},
			RenameColumn{Table: "a", From: "x", To: "y"},
		}
	}
	want, got := changes(), changes()
	compacted := 0
	for _, c := range got {
		for _, col := range columnsOf(c) {
			short, ok := col.Compact()
			if !ok {
				t.Fatalf("%s: Compact refused a column Derive gives back", col.Name)
			}
			if short.GORMDataType == "" {
				compacted++
			}
			*col = short
		}
	}
	if compacted != 5 { // the uint columns: one per table, AddColumn, AlterColumn From and To
		t.Fatalf("Compact left out %d GORMDataTypes, want 5", compacted)
	}
	if out := Derive(got); !reflect.DeepEqual(out, want) {
		t.Errorf("Derive(compacted) = %+v, want %+v", out, want)
	}
}

// TestCompactRefusesEmptyGORMDataType: a column GORM gives no logical type
// (a type: tag on a type it does not know) would come back from Derive
// with one, so it has no compact form.
func TestCompactRefusesEmptyGORMDataType(t *testing.T) {
	c := Column{Name: "meta", DataType: "jsonb", Type: "jsonb"}
	if short, ok := c.Compact(); ok || !reflect.DeepEqual(short, c) {
		t.Errorf("Compact() = %+v, %v; want the column unchanged and false", short, ok)
	}
}

// TestDeriveIncomplete: a hand-written change without its definition must
// reach the runtime's checks, not stop the program while its package
// initializes.
func TestDeriveIncomplete(t *testing.T) {
	changes := []Change{CreateTable{}, DropTable{}, AddColumn{}, DropColumn{}, AlterColumn{}, nil}
	if got := Derive(changes); len(got) != len(changes) {
		t.Errorf("Derive returned %d changes, want %d", len(got), len(changes))
	}
}
