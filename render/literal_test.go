package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

// tagged encodes changes with their Go types, so that a round trip must
// keep the kind of each change as well as its contents.
func tagged(changes []schema.Change) string {
	type entry struct {
		Type   string
		Change schema.Change
	}
	var es []entry
	for _, c := range changes {
		es = append(es, entry{fmt.Sprintf("%T", c), c})
	}
	data, err := json.MarshalIndent(es, "", " ")
	if err != nil {
		panic(err)
	}
	return string(data)
}

// sampleChanges are the changes that create the example shop from
// nothing, their inverses, and one change of every other kind.
func sampleChanges(t *testing.T) []schema.Change {
	t.Helper()
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: testenv.ModuleRoot(t)}, "github.com/migragen/migragen/example/models")
	if err != nil || res.Snapshot == nil {
		t.Fatalf("analyzing the example: %v %v", err, res.Err())
	}
	up, err := schema.Diff(schema.New(schema.Settings{}), res.Snapshot, schema.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	col := res.Snapshot.Tables[0].Columns[0]
	wider := col.Clone()
	wider.Size, wider.Comment, wider.DBTypes = 99, `it's "quoted"`+"\n\ttoo", map[string]string{"postgres": "JSONB", "mysql": "JSON"}
	out := append(up, schema.Invert(up)...)
	return append(out,
		schema.AlterColumn{Table: "t", From: col, To: wider},
		schema.RenameTable{From: "a", To: "b"},
		schema.RenameColumn{Table: "t", From: "a", To: "b"},
		schema.RenameIndex{Table: "t", From: "a", To: "b"},
	)
}

// TestChangesCompile renders changes, compiles the result into a program
// and checks that the program holds exactly the changes rendered.
func TestChangesCompile(t *testing.T) {
	changes := sampleChanges(t)
	src, err := Changes(changes)
	if err != nil {
		t.Fatal(err)
	}
	dir := testenv.TempPackageDir(t, "rendertest")
	prog := `package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/migragen/migragen/schema"
)

var changes = ` + src + `

func main() {
	type entry struct {
		Type   string
		Change schema.Change
	}
	var es []entry
	for _, c := range changes {
		es = append(es, entry{fmt.Sprintf("%T", c), c})
	}
	data, _ := json.MarshalIndent(es, "", " ")
	os.Stdout.Write(data)
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the rendered changes do not compile: %v\n%s", err, out)
	}
	if got, want := string(out), tagged(changes); got != want {
		t.Errorf("the compiled changes differ from those rendered:\n%s\n---\n%s", got, want)
	}
}

func TestChangesDeterministic(t *testing.T) {
	changes := sampleChanges(t)
	a, err := Changes(changes)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if b, _ := Changes(changes); b != a {
			t.Fatal("rendering the same changes twice gave different text")
		}
	}
	if !strings.Contains(a, "schema.CreateTable{Table: &schema.Table{Name: ") {
		t.Errorf("unexpected rendering:\n%s", a)
	}
}

func TestChangesRefusesNil(t *testing.T) {
	for _, c := range []schema.Change{
		schema.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{nil}}},
		schema.AddColumn{Table: "t"},
	} {
		if _, err := Changes([]schema.Change{c}); err == nil {
			t.Errorf("%T with a nil definition was rendered", c)
		}
	}
}
