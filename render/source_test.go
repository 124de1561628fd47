package render

import (
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

// TestReadSource reads where each change's literal is, counting the lines
// of the source below by hand, and NoTransaction, which generate never
// writes.
func TestReadSource(t *testing.T) {
	src := `package migrations

import (
	"github.com/migragen/migragen/migrate"
	s "github.com/migragen/migragen/schema"
)

var m = migrate.Migration{
	ID:            "20260101000000_x",
	NoTransaction: true,
	Up: []migrate.Step{
		migrate.SQL{Up: "SELECT 1"},
		migrate.Schema{Changes: []s.Change{
			s.DropColumn{Table: "users", Column: &s.Column{Name: "bio", DataType: "string"}},
			s.AlterColumn{Table: "users",
				From: &s.Column{Name: "age", DataType: "int", Size: 32},
				To:   &s.Column{Name: "age", DataType: "int", Size: 64}},
		}},
		migrate.Schema{Changes: nil},
		migrate.Checks{},
		migrate.Schema{Changes: ([]s.Change{s.RenameColumn{Table: "users", From: "a", To: "b"}})},
		migrate.Go{Name: "fill", Up: fill},
		migrate.SQL{Up: backfill},
	},
	Down: []migrate.Step{
		migrate.Schema{Changes: []s.Change{
			s.RenameColumn{Table: "users", From: "b", To: "a"},
		}},
	},
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "m.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadSource(fset, file)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NoTransaction || got.Contract {
		t.Errorf("NoTransaction %v, Contract %v; want true and false", got.NoTransaction, got.Contract)
	}
	if want := []Lines{{14, 14}, {15, 17}, {21, 21}}; !reflect.DeepEqual(got.UpLines, want) || len(got.Up) != len(want) {
		t.Errorf("UpLines = %v for %d changes, want %v", got.UpLines, len(got.Up), want)
	}
	// The SQL step runs before any change; only it is a literal of
	// literals, which squash may carry into another file.
	want := []DataStep{
		{After: 0, Kind: "migrate.SQL", Line: 12, SelfContained: true},
		{After: 3, Kind: "migrate.Go", Name: "fill", Line: 22},
		{After: 3, Kind: "migrate.SQL", Line: 23},
	}
	texts := []string{`migrate.SQL{Up: "SELECT 1"}`, `migrate.Go{Name: "fill", Up: fill}`, `migrate.SQL{Up: backfill}`}
	for i := range got.UpData {
		if i < len(texts) && src[got.UpData[i].Start:got.UpData[i].End] != texts[i] {
			t.Errorf("UpData[%d] spans %q, want %q", i, src[got.UpData[i].Start:got.UpData[i].End], texts[i])
		}
		got.UpData[i].Start, got.UpData[i].End = 0, 0
	}
	if !reflect.DeepEqual(got.UpData, want) {
		t.Errorf("UpData = %+v, want %+v", got.UpData, want)
	}
	if want := []Lines{{27, 27}}; !reflect.DeepEqual(got.DownLines, want) {
		t.Errorf("DownLines = %v, want %v", got.DownLines, want)
	}
	m, err := ReadMigration(fset, file)
	if err != nil || !reflect.DeepEqual(m, got.File) {
		t.Errorf("ReadMigration differs from ReadSource's File (%v)", err)
	}
}
