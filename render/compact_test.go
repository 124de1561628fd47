package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/example/migrations"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// derivable returns fullChanges with every column's GORMDataType equal to
// its DataType, so that the compact form leaves each one out.
func derivable() []schema.Change {
	changes := fullChanges()
	walk := func(v reflect.Value) {
		walkStructs(v, func(v reflect.Value) bool {
			if c, ok := v.Addr().Interface().(*schema.Column); ok {
				c.GORMDataType = c.DataType
				return false
			}
			return true
		})
	}
	for i := range changes {
		v := reflect.New(reflect.TypeOf(changes[i])).Elem()
		v.Set(reflect.ValueOf(changes[i]))
		walk(v)
		changes[i] = v.Interface().(schema.Change)
	}
	return changes
}

// TestCompactChangesRoundTrip reads back the compact form of changes of
// every type, every field set, and requires exactly the changes rendered:
// schema.Derive must restore every GORMDataType the form leaves out, in
// every kind of change that carries a column.
func TestCompactChangesRoundTrip(t *testing.T) {
	for name, tc := range map[string]struct {
		changes []schema.Change
		derive  bool // written in the compact form
	}{
		"example":   {sampleChanges(t), true},
		"derivable": {derivable(), true},
		// AlterColumn's To has a DataType and no GORMDataType, which
		// Derive would fill in: the full literal, then.
		"full": {fullChanges(), false},
		"none": {[]schema.Change{}, true},
	} {
		t.Run(name, func(t *testing.T) {
			src, derive, err := compactChanges(tc.changes)
			if err != nil {
				t.Fatal(err)
			}
			if derive != tc.derive {
				t.Fatalf("to be completed by schema.Derive: %v, want %v:\n%s", derive, tc.derive, src)
			}
			if name == "derivable" && strings.Contains(src, "GORMDataType") {
				t.Errorf("the compact form still spells out a GORMDataType:\n%s", src)
			}
			if derive {
				src = "schema.Derive(" + src + ")"
			}
			got, err := parseChanges(t, src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.changes) {
				t.Errorf("read back different changes:\n%s\n---\n%s", tagged(got), tagged(tc.changes))
			}
		})
	}
}

// TestCompactMigration renders files whose Down inverts Up, as generate
// writes them, and reads them back: Up's parts become variables, Down is
// schema.Invert of each, one Schema step per part each way (the runtime
// requires that), and ReadSource gives back exactly what was rendered. A
// Down that is not Up's inverse is written out in full.
func TestCompactMigration(t *testing.T) {
	up := derivable()[:8] // tables, columns and a rename
	base := File{Package: "migrations", ID: "20260101000000_x", Message: "x", Date: time.Unix(0, 0),
		Up: up, Down: schema.Invert(up)}
	carried := base
	carried.Carried = []Carried{{After: 2, Source: `migrate.SQL{Up: "UPDATE t SET a = 1"}`}, {After: 5, Source: `migrate.SQL{Up: "UPDATE t SET a = 2"}`}}
	handDown := base
	full := base
	full.Up = fullChanges()
	full.Down = schema.Invert(full.Up)
	handDown.Down = []schema.Change{schema.RenameTable{From: "u", To: "t"}}
	for name, tc := range map[string]struct {
		f          File
		want       []string // in the source, in this order
		upSchemas  int
		downSchema int
	}{
		"inverse": {base, []string{
			"Up: []migrate.Step{\n\t\tmigrate.Schema{Changes: schema.Derive(m20260101000000_xUp)},\n",
			"Down: []migrate.Step{\n\t\tmigrate.Schema{Changes: schema.Invert(m20260101000000_xUp)},\n",
			"// m20260101000000_xUp holds the changes of Up, which schema.Derive\n",
			"var m20260101000000_xUp = []schema.Change{\n",
		}, 1, 1},
		"carried": {carried, []string{
			"migrate.Schema{Changes: schema.Derive(m20260101000000_xUp1)},\n\t\tmigrate.SQL{Up: \"UPDATE t SET a = 1\"},\n\t\tmigrate.Schema{Changes: schema.Derive(m20260101000000_xUp2)},\n",
			"schema.Invert(m20260101000000_xUp3)},\n\t\tmigrate.Schema{Changes: schema.Invert(m20260101000000_xUp2)},\n\t\tmigrate.Schema{Changes: schema.Invert(m20260101000000_xUp1)},\n",
			"// m20260101000000_xUp2 holds the changes of Up's Schema step 2 of 3,",
		}, 3, 3},
		// A column without a compact form: the full literal, no Derive.
		"full": {full, []string{
			"Up: []migrate.Step{\n\t\tmigrate.Schema{Changes: m20260101000000_xUp},\n",
			"Down: []migrate.Step{\n\t\tmigrate.Schema{Changes: schema.Invert(m20260101000000_xUp)},\n",
			"// m20260101000000_xUp holds the changes of Up.\n// Down undoes them with schema.Invert: each change's inverse, last first.\n",
			`GORMDataType: "string"`,
		}, 1, 1},
		"hand-written down": {handDown, []string{
			"Up: []migrate.Step{\n\t\tmigrate.Schema{Changes: []schema.Change{\n",
			"Down: []migrate.Step{\n\t\tmigrate.Schema{Changes: []schema.Change{\n\t\t\tschema.RenameTable{",
		}, 1, 1},
	} {
		t.Run(name, func(t *testing.T) {
			src, err := Migration(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			rest := string(src)
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("the file lacks, or has out of order, %q:\n%s", w, src)
				}
				rest = rest[i+len(w):]
			}
			got := readSource(t, "m.go", src)
			if !reflect.DeepEqual(got.Up, tc.f.Up) || !reflect.DeepEqual(got.Down, tc.f.Down) {
				t.Errorf("read back different changes:\nUp   %s\nDown %s", tagged(got.Up), tagged(got.Down))
			}
			if len(got.UpLines) != len(got.Up) || len(got.DownLines) != len(got.Down) {
				t.Errorf("%d and %d lines for %d and %d changes", len(got.UpLines), len(got.DownLines), len(got.Up), len(got.Down))
			}
			up, down := strings.Count(string(src[strings.Index(string(src), "Up: "):strings.Index(string(src), "Down: ")]), "migrate.Schema{"),
				strings.Count(string(src[strings.Index(string(src), "Down: "):]), "migrate.Schema{")
			if up != tc.upSchemas || down != tc.downSchema {
				t.Errorf("%d Schema steps in Up and %d in Down, want %d and %d", up, down, tc.upSchemas, tc.downSchema)
			}
		})
	}
}

// TestScope reads Changes written in the forms a person editing a file
// might use, and refuses the others with the position and the fix.
func TestScope(t *testing.T) {
	const head = "package m\n\nimport s \"github.com/migragen/migragen/schema\"\n\n"
	rename := []schema.Change{schema.RenameTable{From: "a", To: "b"}}
	for name, tc := range map[string]struct {
		decls, expr string
		want        []schema.Change
		err         string
	}{
		"literal":          {"", `[]s.Change{s.RenameTable{From: "a", To: "b"}}`, rename, ""},
		"invert a literal": {"", `s.Invert([]s.Change{s.RenameTable{From: "b", To: "a"}})`, rename, ""},
		"variable":         {`var up = s.Derive([]s.Change{s.RenameTable{From: "b", To: "a"}})`, "s.Invert(up)", rename, ""},
		"twice inverted":   {`var up = []s.Change{s.RenameTable{From: "a", To: "b"}}`, "s.Invert(s.Invert(up))", rename, ""},
		"undeclared":       {"", "s.Invert(up)", nil, "m.go:7:18: up is not a variable this file declares"},
		"cycle":            {"var up = s.Invert(up)", "up", nil, "m.go:5:19: up refers to itself"},
		"other call":       {"", "s.Apply(nil)", nil, "m.go:7:9: a migration's schema changes must be literal values; found a call of s.Apply; the changes may be"},
		"two arguments":    {"", "s.Invert(nil, nil)", nil, "m.go:7:9: s.Invert takes one list of changes"},
		"other package":    {"", "schema.Invert(nil)", nil, "found a call of schema.Invert"},
	} {
		t.Run(name, func(t *testing.T) {
			src := head + tc.decls + "\n\nvar x = " + tc.expr + "\n"
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "m.go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			last := file.Decls[len(file.Decls)-1].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0]
			got, err := NewScope(fset, file).Changes(last)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an error containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %s, want %s", tagged(got), tagged(tc.want))
			}
		})
	}
}

// TestOldFormChecksums holds the committed example migrations, written
// before the compact form, to what databases recorded for them. Compiled,
// they hold the values pinned here: the SHA-256 of their changes as
// Changes writes them in full, computed with the code before the compact
// form existed (the checksums version tables hold are computed from these
// values alone). The generator reads each file as the compiled values,
// and the same revision rendered anew in the compact form reads back to
// the same values, so the program built from it records the same
// checksum as the one built from the old form.
func TestOldFormChecksums(t *testing.T) {
	pinned := map[string]string{
		"20261127090607_initial_shop_schema":             "9b12450a53a7cb6a8dc4136f9c414b74e024afdcde6719bd2901ea51a78891f2",
		"20261127095732_customer_phone":                  "69fbc6df99409d3078c3f8a92866ecb1dcb46b2a775ff3824cd5cbd8afb62880",
		"20261127095738_customer_full_name_order_totals": "5d6d51543c68aefbb04d95cad2aa715ac433d82fdb2eedcec76fffd47cf2a737",
	}
	all := migrations.All()
	if len(all) != len(pinned) {
		t.Fatalf("%d example migrations, %d pinned", len(all), len(pinned))
	}
	for _, m := range all {
		t.Run(m.ID, func(t *testing.T) {
			up, down := schemaChanges(m.Up), schemaChanges(m.Down)
			upSrc, err := Changes(up)
			if err != nil {
				t.Fatal(err)
			}
			downSrc, err := Changes(down)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256([]byte(upSrc+"\n"+downSrc))); got != pinned[m.ID] {
				t.Errorf("the compiled changes hash to %s, pinned %s", got, pinned[m.ID])
			}
			old := readFile(t, filepath.Join(testenv.ModuleRoot(t), "example", "migrations", m.ID+".go"))
			if bytes.Contains(old.src, []byte("schema.Invert(")) {
				t.Fatal("the example is in the compact form; this test needs the old one")
			}
			if !reflect.DeepEqual(old.Up, up) || !reflect.DeepEqual(old.Down, down) {
				t.Fatal("the generator reads the file differently from the compiled values")
			}
			sum, err := migrate.Checksum(m)
			if err != nil {
				t.Fatal(err)
			}
			f := old.File
			f.Date = time.Unix(0, 0)
			src, err := Migration(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte("Changes: schema.Invert(")) || !bytes.Contains(src, []byte("Changes: schema.Derive(")) {
				t.Fatalf("not rendered in the compact form:\n%s", src)
			}
			compact := readSource(t, "m.go", src)
			again, err := migrate.Checksum(withSchema(t, m, compact.Up, compact.Down))
			if err != nil {
				t.Fatal(err)
			}
			if again != sum {
				t.Errorf("the compact form's checksum is %s, the old form's %s", again, sum)
			}
		})
	}
}

type sourceFile struct {
	Source
	src []byte
}

func readFile(t *testing.T, path string) sourceFile {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sourceFile{readSource(t, path, src), src}
}

// readSource parses src, a migration file named name, and reads it with
// ReadSource, failing the test on an error.
func readSource(t *testing.T, name string, src []byte) Source {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadSource(fset, file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaChanges are the changes of the Schema steps of steps, in order.
func schemaChanges(steps []migrate.Step) []schema.Change {
	var out []schema.Change
	for _, s := range steps {
		if s, ok := s.(migrate.Schema); ok {
			out = append(out, s.Changes...)
		}
	}
	return out
}

// withSchema returns m with the changes of its Schema steps replaced, in
// order, by up and down; the other steps stay.
func withSchema(t *testing.T, m migrate.Migration, up, down []schema.Change) migrate.Migration {
	t.Helper()
	replace := func(steps []migrate.Step, changes []schema.Change) []migrate.Step {
		out := slices.Clone(steps)
		for i, s := range out {
			if s, ok := s.(migrate.Schema); ok {
				if len(changes) < len(s.Changes) {
					t.Fatal("fewer changes than the Schema steps hold")
				}
				out[i] = migrate.Schema{Changes: changes[:len(s.Changes)]}
				changes = changes[len(s.Changes):]
			}
		}
		if len(changes) > 0 {
			t.Fatal("more changes than the Schema steps hold")
		}
		return out
	}
	m.Up, m.Down = replace(m.Up, up), replace(m.Down, down)
	return m
}
