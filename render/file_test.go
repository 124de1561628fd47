package render

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

func sampleFile(t *testing.T) File {
	changes := sampleChanges(t)
	return File{
		Package: "migrations",
		ID:      "20261127085000_create_shop",
		Parents: []string{"20261120000000_init"},
		Message: "create the shop\nwith orders",
		Date:    time.Date(2026, 11, 27, 9, 50, 0, 0, time.FixedZone("CET", 3600)),
		Up:      changes[:6],
		Down:    schema.Invert(changes[:6]),
		UpChecks: []schema.Precondition{
			schema.ValuesFit{Table: "products", Column: "name",
				From: &schema.Column{Name: "name", DataType: schema.String, Size: 64}, To: &schema.Column{Name: "name", DataType: schema.String, Size: 32}},
			schema.NoDuplicates{Table: "products", Name: "idx_products_code", Columns: []string{"code", "shop_id"}, Where: "deleted_at IS NULL"},
			schema.NoNulls{Table: "products", Column: "code"},
			schema.NoRows{Table: "orders", Column: "total"},
		},
		DownChecks: []schema.Precondition{
			schema.NoOrphans{Table: "orders", ForeignKey: &schema.ForeignKey{Name: "fk_orders_user", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}},
				Waived: "checked by\nhand"},
		},
	}
}

// TestMigrationFile renders a migration file and its index into a real
// package, compiles a program that prints what All() returns, and checks
// it against what was rendered; ReadMigration must read the same back from
// the syntax alone.
func TestMigrationFile(t *testing.T) {
	f := sampleFile(t)
	src, err := Migration(f)
	if err != nil {
		t.Fatal(err)
	}
	header := string(src[:strings.Index(string(src), "package migrations")])
	// Down inverts Up, so the file is in the compact form, which the
	// program compiled below must hold as the values rendered.
	for _, want := range []string{"migrate.Schema{Changes: schema.Invert(", "migrate.Schema{Changes: schema.Derive("} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the file lacks %q", want)
		}
	}
	for _, want := range []string{"// Revision: 20261127085000_create_shop", "// Parents:  20261120000000_init", "// Date:     2026-11-27T08:50:00Z", "// Message:  create the shop with orders", "//\t+ table categories",
		"//\n// Checks on the rows before Up's first statement:\n//\tproducts.name: every value fits string(32)\n//\tproducts: no duplicate (code, shop_id) for unique idx_products_code where deleted_at IS NULL\n//\tproducts.code: no NULLs\n//\torders: no rows (NOT NULL column total has no default)\n//\n",
		"// Checks on the rows before Down's first statement:\n//\torders(user_id): every value exists in users(id) for foreign key fk_orders_user (waived: checked by hand)\n",
		"set its Waived field to the\n// reason and run migragen hash"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q:\n%s", want, header)
		}
	}

	back := readSource(t, "m.go", src).File
	want := f
	want.Date = time.Time{}                   // the date is for readers only
	want.UpChecks, want.DownChecks = nil, nil // they change no schema
	if !reflect.DeepEqual(back, want) {
		t.Errorf("ReadMigration differs from what was rendered")
	}

	dir := testenv.TempPackageDir(t, "rendertest")
	settings := schema.Settings{Naming: schema.Naming{TablePrefix: "app_", IdentifierMaxLength: 40}, DisableForeignKeyConstraints: true}
	index, err := Index("migrations", []string{f.ID}, settings)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("migrations/"+f.ID+".go", src)
	write("migrations/migrations.go", index)
	modPath := "github.com/migragen/migragen/" + filepath.Base(dir) + "/migrations"
	write("main.go", []byte(`package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/migragen/migragen/migrate"
	migrations "`+modPath+`"
)

func main() {
	type step struct{ Type string; Step migrate.Step }
	type out struct {
		ID, Message string
		Parents     []string
		Up, Down    []step
		Settings    any
		Sum         string
	}
	var res []out
	for _, m := range migrations.All() {
		sum, err := migrate.Checksum(m)
		if err != nil {
			panic(err)
		}
		o := out{ID: m.ID, Message: m.Message, Parents: m.Parents, Settings: m.Settings, Sum: sum}
		for _, s := range m.Up { o.Up = append(o.Up, step{fmt.Sprintf("%T", s), s}) }
		for _, s := range m.Down { o.Down = append(o.Down, step{fmt.Sprintf("%T", s), s}) }
		res = append(res, o)
	}
	data, _ := json.Marshal(res)
	os.Stdout.Write(data)
}
`))
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the rendered migration does not compile: %v\n%s", err, got)
	}
	type step struct {
		Type string
		Step any
	}
	type out struct {
		ID, Message string
		Parents     []string
		Up, Down    []step
		Settings    any
		Sum         string
	}
	// Each direction is its checks, then its changes.
	steps := func(p []schema.Precondition, c []schema.Change) []step {
		return []step{{"migrate.Checks", p}, {"migrate.Schema", struct{ Changes []schema.Change }{c}}}
	}
	// The checksum of the values rendered, which a file spelling out
	// every field and all of Down compiles to: the compact form written
	// here must give the same.
	sum, err := migrate.Checksum(migrate.Migration{
		Up:   []migrate.Step{migrate.Checks(f.UpChecks), migrate.Schema{Changes: f.Up}},
		Down: []migrate.Step{migrate.Checks(f.DownChecks), migrate.Schema{Changes: f.Down}},
	})
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := json.Marshal([]out{{ID: f.ID, Message: f.Message, Parents: f.Parents, Up: steps(f.UpChecks, f.Up), Down: steps(f.DownChecks, f.Down), Settings: settings, Sum: sum}})
	if string(got) != string(exp) {
		t.Errorf("the compiled migration differs from what was rendered:\n%s\n---\n%s", got, exp)
	}
}

func TestReadMigrationErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"no migration":   {"package m\n\nvar x = 1\n", "m.go:1:9: no migrate.Migration variable"},
		"positional":     {"package m\n\nimport \"github.com/migragen/migragen/migrate\"\n\nvar x = migrate.Migration{\"id\"}\n", "m.go:5:27: migrate.Migration fields must be written as Name: value"},
		"computed id":    {"package m\n\nimport \"github.com/migragen/migragen/migrate\"\n\nvar x = migrate.Migration{ID: name()}\n", "m.go:5:31: want a string literal"},
		"foreign change": {"package m\n\nimport (\n\t\"github.com/migragen/migragen/migrate\"\n\tother \"example.com/schema\"\n)\n\nvar x = migrate.Migration{ID: \"a\", Up: []migrate.Step{migrate.Schema{Changes: []other.Change{}}}}\n", "the changes must be"},
		"no id":          {"package m\n\nimport \"github.com/migragen/migragen/migrate\"\n\nvar x = migrate.Migration{}\n", "the migration has no ID"},
	} {
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "m.go", tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ReadMigration(fset, file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestReadMigrationSkipsChecks: a user waives a check by editing the
// Checks step, in any Go they like, and migragen hash must still read the
// file as the same schema changes.
func TestReadMigrationSkipsChecks(t *testing.T) {
	src := `package m

import (
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

var m1 = migrate.Migration{
	ID: "1",
	Up: []migrate.Step{
		migrate.Checks{
			schema.NoNulls{Table: "users", Column: "name", Waived: reason + " on " + time.Now().String()},
		},
		migrate.Schema{Changes: []schema.Change{schema.RenameTable{From: "a", To: "b"}}},
	},
	Down: []migrate.Step{
		migrate.Checks{schema.NoRows{Table: "b", Column: "x"}},
		migrate.Schema{Changes: []schema.Change{schema.RenameTable{From: "b", To: "a"}}},
	},
}
`
	got := readSource(t, "m.go", []byte(src)).File
	want := File{Package: "m", ID: "1", Up: []schema.Change{schema.RenameTable{From: "a", To: "b"}}, Down: []schema.Change{schema.RenameTable{From: "b", To: "a"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
