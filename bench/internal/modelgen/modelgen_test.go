package modelgen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	ms := plan(200)
	tables := map[string]bool{}
	for i, m := range ms {
		n := 0
		for _, g := range m.scalars {
			n += len(g)
		}
		if n < 6 || n > 12 {
			t.Errorf("model %d has %d scalar fields, want 6 to 12", i, n)
		}
		if tables[m.table] {
			t.Errorf("model %d: table %s twice", i, m.table)
		}
		tables[m.table] = true
		if m.parent >= i {
			t.Errorf("model %d belongs to %d: foreign keys must point back, or AutoMigrate meets a cycle", i, m.parent)
		}
		for _, j := range m.many2many {
			if j == i {
				t.Errorf("model %d: many2many to itself", i)
			}
		}
	}
}

func TestAddField(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(Options{N: 10, Dir: dir, NoParseProgram: true}); err != nil {
		t.Fatal(err)
	}
	for seq, name := range []string{"Extra1", "Extra2", "Extra3"} {
		file, err := AddField(dir, seq, name)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(file) == "all.go" {
			t.Fatal("edited all.go")
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatalf("after adding %s: %v", name, err)
		}
		var last *ast.Field
		ast.Inspect(f, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok && last == nil {
				last = st.Fields.List[len(st.Fields.List)-1]
			}
			return last == nil
		})
		if last == nil || len(last.Names) != 1 || last.Names[0].Name != name || !strings.Contains(last.Tag.Value, "gorm:") {
			t.Errorf("%s: last field is not the new %s with a gorm tag", file, name)
		}
	}
}
