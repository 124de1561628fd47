package migrate_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// formatMigration is the migration the format tests pin the checksums of.
func formatMigration() migrate.Migration {
	table := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "id", DataType: "int"}}}
	return migrate.Migration{ID: "20260101000000_t", Message: "not covered",
		Up: []migrate.Step{
			migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: table}}},
			migrate.Go{Name: "fill", Up: migrate.Nothing, Down: migrate.Nothing},
			migrate.SQL{Dialect: "postgres", Up: "SELECT 1"},
		},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: table.Clone()}}}},
	}
}

// TestChecksumFormat pins what a checksum covers, independently of the
// code that computes it: "v2:" and the base64url SHA-256 of an encoding
// written out here byte by byte. A change to the encoder or to the
// schema types that would alter the checksums of migrations already
// applied somewhere fails this test, and must come with a way to keep
// the recorded checksums valid.
func TestChecksumFormat(t *testing.T) {
	var doc []byte
	add := func(parts ...any) {
		for _, p := range parts {
			switch p := p.(type) {
			case int:
				doc = append(doc, byte(p))
			case string: // length-prefixed; every one here is short
				doc = append(append(doc, byte(len(p))), p...)
			}
		}
	}
	add("migragen checksum v2",
		1, 1, // a Schema step of one change
		1, 1, 0b1, "t", // CreateTable, a table in full, its bitmap (Name), its name
		1, 1, 0b101, "id", "int", // one column, present, its bitmap (Name, DataType)
		0, 0, 0, 0, // no indexes, uniques, checks or foreign keys
		2, "fill", 1, // a Go step with a Down
		3, "postgres", "SELECT 1", "", 0, // a SQL step
		0,             // the end of Up
		1, 1, 2, 2, 0, // Down: a Schema step of one change, DropTable of the first table written
		0,    // the end of Down
		0, 0) // not NoTransaction, no DependsOn
	sum := sha256.Sum256(doc)
	m := formatMigration()
	got, err := migrate.Checksum(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := "v2:" + base64.RawURLEncoding.EncodeToString(sum[:]); got != want {
		t.Errorf("Checksum = %s, want %s, from\n%q", got, want, doc)
	}
	m.ID, m.Message, m.Parents, m.Contract, m.Replaces = "other", "other", []string{"x"}, true, []string{"y"}
	m.Settings = &schema.Settings{TableOptions: "ENGINE=InnoDB"}
	m.Up = append(m.Up, migrate.Checks{schema.NoNulls{Table: "t", Column: "id"}})
	if again, _ := migrate.Checksum(m); again != got {
		t.Error("the id, message, parents, Contract, Replaces, Settings or a Checks step changed the checksum")
	}
}

// TestLegacyChecksumFormat pins the checksum releases before "v2:"
// recorded, which version tables hold and New must keep accepting: the
// hex SHA-256 of a JSON document written out here by hand.
func TestLegacyChecksumFormat(t *testing.T) {
	doc := `{"Up":[` +
		`{"Kind":"schema","Changes":[{"Kind":"schema.CreateTable","Change":{"Table":{"name":"t","columns":[{"name":"id","dataType":"int"}]}}}]},` +
		`{"Kind":"go","Name":"fill","HasDown":true},` +
		`{"Kind":"sql","Dialect":"postgres","Up":"SELECT 1"}],` +
		`"Down":[{"Kind":"schema","Changes":[{"Kind":"schema.DropTable","Change":{"Table":{"name":"t","columns":[{"name":"id","dataType":"int"}]}}}]}]}`
	sum := sha256.Sum256([]byte(doc))
	got, err := migrate.LegacyChecksum(formatMigration())
	if err != nil {
		t.Fatal(err)
	}
	if want := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("LegacyChecksum = %s, want %s, the SHA-256 of\n%s", got, want, doc)
	}
}

// changePrototypes holds one value of every kind of change.
var changePrototypes = []schema.Change{
	schema.CreateTable{}, schema.DropTable{}, schema.RenameTable{},
	schema.AddColumn{}, schema.DropColumn{}, schema.RenameColumn{}, schema.AlterColumn{},
	schema.CreateIndex{}, schema.DropIndex{}, schema.RenameIndex{}, schema.RenameConstraint{},
	schema.AddUnique{}, schema.DropUnique{}, schema.AddCheck{}, schema.DropCheck{},
	schema.AddForeignKey{}, schema.DropForeignKey{},
}

// TestChecksumKnowsEveryChange: every type package schema marks as a
// change is in changePrototypes, and Checksum encodes it without falling
// back to JSON.
func TestChecksumKnowsEveryChange(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "schema", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range changePrototypes {
		known[reflect.TypeOf(c).Name()] = true
	}
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "change" || fn.Recv == nil {
				continue
			}
			typ := fn.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			found++
			if id, ok := typ.(*ast.Ident); !ok || !known[id.Name] {
				t.Errorf("%s: %s is a schema.Change missing from changePrototypes; give it a tag in migrate/checksum.go", name, types(typ))
			}
		}
	}
	if found != len(changePrototypes) {
		t.Errorf("found %d change() methods in package schema, want %d", found, len(changePrototypes))
	}
	for _, c := range changePrototypes {
		if !migrate.EncodesDirectly(c) {
			t.Errorf("Checksum encodes %T through its JSON fallback", c)
		}
	}
}

func types(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return fmt.Sprintf("%T", e)
}

// TestChecksumCoversEveryField fills every field of every kind of change
// by reflection, then changes one value at a time (a string, a number, a
// flag, a map entry, a list's length, a pointer to nil): each must give a
// checksum of its own. A field added to package schema and left out of the
// encoder fails here. The same goes for the table Down drops, which the
// encoder writes as a reference when it equals the one Up creates.
func TestChecksumCoversEveryField(t *testing.T) {
	schemaStep := func(cs ...schema.Change) []migrate.Step {
		return []migrate.Step{migrate.Schema{Changes: cs}}
	}
	distinct := func(t *testing.T, root reflect.Value, sum func() string) {
		t.Helper()
		seen := map[string]string{sum(): "the filled-in value"}
		n := 0
		mutate(t, root, root.Type().Name(), func(path string) {
			n++
			s := sum()
			if prev, ok := seen[s]; ok {
				t.Errorf("changing %s gives the checksum of %s", path, prev)
			}
			seen[s] = path
		})
		if n < 2 {
			t.Errorf("only %d changes of %s tried", n, root.Type())
		}
	}
	for _, proto := range changePrototypes {
		t.Run(reflect.TypeOf(proto).Name(), func(t *testing.T) {
			root := reflect.New(reflect.TypeOf(proto)).Elem()
			fill(t, root)
			distinct(t, root, func() string {
				return checksum(t, migrate.Migration{Up: schemaStep(root.Interface().(schema.Change))})
			})
		})
	}
	t.Run("the table Down drops", func(t *testing.T) {
		root := reflect.New(reflect.TypeFor[schema.Table]()).Elem()
		fill(t, root)
		created := root.Addr().Interface().(*schema.Table).Clone()
		distinct(t, root, func() string {
			return checksum(t, migrate.Migration{Up: schemaStep(schema.CreateTable{Table: created}),
				Down: schemaStep(schema.DropTable{Table: root.Addr().Interface().(*schema.Table)})})
		})
	})
	t.Run("steps", func(t *testing.T) {
		base := migrate.Migration{Up: []migrate.Step{migrate.Go{Name: "g", Down: migrate.Nothing}, migrate.SQL{Dialect: "d", Up: "u", Down: "x", Online: true}},
			NoTransaction: true, DependsOn: []string{"a"}}
		edits := map[string]func(*migrate.Migration){
			"Go name":        func(m *migrate.Migration) { m.Up[0] = migrate.Go{Name: "h", Down: migrate.Nothing} },
			"Go Down":        func(m *migrate.Migration) { m.Up[0] = migrate.Go{Name: "g"} },
			"SQL dialect":    func(m *migrate.Migration) { m.Up[1] = migrate.SQL{Dialect: "e", Up: "u", Down: "x", Online: true} },
			"SQL up":         func(m *migrate.Migration) { m.Up[1] = migrate.SQL{Dialect: "d", Up: "v", Down: "x", Online: true} },
			"SQL down":       func(m *migrate.Migration) { m.Up[1] = migrate.SQL{Dialect: "d", Up: "u", Down: "y", Online: true} },
			"SQL online":     func(m *migrate.Migration) { m.Up[1] = migrate.SQL{Dialect: "d", Up: "u", Down: "x"} },
			"steps to Down":  func(m *migrate.Migration) { m.Up, m.Down = m.Up[:1], m.Up[1:] },
			"NoTransaction":  func(m *migrate.Migration) { m.NoTransaction = false },
			"DependsOn":      func(m *migrate.Migration) { m.DependsOn = []string{"b"} },
			"more DependsOn": func(m *migrate.Migration) { m.DependsOn = []string{"a", "b"} },
		}
		seen := map[string]string{checksum(t, base): "the base"}
		for name, edit := range edits {
			m := base
			m.Up = append([]migrate.Step(nil), base.Up...)
			edit(&m)
			s := checksum(t, m)
			if prev, ok := seen[s]; ok {
				t.Errorf("%s gives the checksum of %s", name, prev)
			}
			seen[s] = name
		}
		m := base
		m.DependsOn = []string{"b", "a"}
		n := base
		n.DependsOn = []string{"a", "b"}
		if checksum(t, m) != checksum(t, n) {
			t.Error("the order of DependsOn changed the checksum")
		}
	})
}

func checksum(t *testing.T, m migrate.Migration) string {
	t.Helper()
	s, err := migrate.Checksum(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fill sets every exported field under v to a non-zero value: lists and
// maps get one element.
func fill(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0))
	case reflect.Map:
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(t, k)
		fill(t, e)
		v.Set(reflect.MakeMap(v.Type()))
		v.SetMapIndex(k, e)
	default:
		t.Fatalf("fill: a %s field; teach the test its kind", v.Type())
	}
}

// mutate changes the values under v one at a time, calling try after
// each change and undoing it afterwards.
func mutate(t *testing.T, v reflect.Value, path string, try func(path string)) {
	set := func(to reflect.Value, what string) {
		old := reflect.New(v.Type()).Elem()
		old.Set(v)
		v.Set(to)
		try(path + what)
		v.Set(old)
	}
	switch v.Kind() {
	case reflect.String:
		set(reflect.ValueOf(v.String()+"x").Convert(v.Type()), "+x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		set(reflect.ValueOf(v.Int()+1).Convert(v.Type()), "+1")
	case reflect.Bool:
		set(reflect.ValueOf(!v.Bool()), " negated")
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(t, v.Elem(), path, try)
			set(reflect.Zero(v.Type()), "=nil")
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				mutate(t, v.Field(i), path+"."+f.Name, try)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			mutate(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i), try)
		}
		extra := reflect.New(v.Type().Elem()).Elem()
		fill(t, extra)
		set(reflect.Append(v, extra), " with one more")
		set(reflect.Zero(v.Type()), " emptied")
	case reflect.Map:
		for _, k := range v.MapKeys() {
			m := reflect.MakeMap(v.Type())
			for _, k2 := range v.MapKeys() {
				m.SetMapIndex(k2, v.MapIndex(k2))
			}
			m.SetMapIndex(k, reflect.ValueOf(v.MapIndex(k).String()+"x").Convert(v.Type().Elem()))
			set(m, fmt.Sprintf("[%v]+x", k))
		}
		m := reflect.MakeMap(v.Type())
		for _, k := range v.MapKeys() {
			m.SetMapIndex(k, v.MapIndex(k))
		}
		m.SetMapIndex(reflect.ValueOf("another").Convert(v.Type().Key()), reflect.ValueOf("s").Convert(v.Type().Elem()))
		set(m, " with one more")
		set(reflect.Zero(v.Type()), " emptied")
	default:
		t.Fatalf("mutate: a %s field at %s; teach the test its kind", v.Type(), path)
	}
}

// TestChecksumAcceptsLegacyRows: a database an older release migrated
// holds legacy checksums (the JSON ones) in its version table. This
// release must accept them, leave them as they are (an older binary still
// running must go on accepting them too), record its own format for what
// it applies on top, and still catch an applied migration edited since,
// whichever format its row holds.
func TestChecksumAcceptsLegacyRows(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := driftMigrations()
			companies, users := migs[0].ID, migs[1].ID
			legacy := map[string]string{}
			for _, mig := range migs {
				legacy[mig.ID], _ = migrate.LegacyChecksum(mig)
			}
			recorded := func() map[string]string {
				t.Helper()
				var rows []struct{ ID, Checksum string }
				if err := db.Raw("SELECT id, checksum FROM " + migrate.DefaultVersionTable).Scan(&rows).Error; err != nil {
					t.Fatal(err)
				}
				out := map[string]string{}
				for _, r := range rows {
					out[r.ID] = r.Checksum
				}
				return out
			}
			setSum := func(id, sum string) {
				t.Helper()
				execSQL(t, db, "UPDATE "+migrate.DefaultVersionTable+" SET checksum = ? WHERE id = ?", sum, id)
				if got := recorded()[id]; got != sum {
					t.Fatalf("the checksum of %s reads %q after setting it to %q", id, got, sum)
				}
			}
			up := func(migs []migrate.Migration) error { return mustNew(t, db, migs).Up(ctx) }

			// An older release applied companies.
			if err := up(migs[:1]); err != nil {
				t.Fatal(err)
			}
			setSum(companies, legacy[companies])
			execSQL(t, db, "INSERT INTO companies (title) VALUES ('acme')")

			// This one applies users on top.
			if err := up(migs); err != nil {
				t.Fatalf("Up over a row an older release wrote: %v", err)
			}
			execSQL(t, db, "INSERT INTO users (name, email, company_id) VALUES ('ann', 'ann@example.com', 1)")
			got := recorded()
			if got[companies] != legacy[companies] || len(got[companies]) != 64 {
				t.Errorf("companies' row holds %q after Up, want the older release's %q, left as it was", got[companies], legacy[companies])
			}
			if want := checksum(t, migs[1]); got[users] != want || !strings.HasPrefix(got[users], "v2:") {
				t.Errorf("users' row holds %q, want this release's %q", got[users], want)
			}

			// Nothing pending, with the rows in either format.
			for _, usersSum := range []string{got[users], legacy[users]} {
				setSum(users, usersSum)
				m := mustNew(t, db, migs)
				if err := m.Up(ctx); err != nil {
					t.Errorf("Up with nothing pending, users' row holding %q: %v", usersSum, err)
				}
				st, err := m.Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(st.Modified) > 0 || len(st.Pending) > 0 {
					t.Errorf("status with users' row holding %q: modified %q, pending %v; want neither", usersSum, st.Modified, st.Pending)
				}
			}

			// An edited companies is caught whichever format its row holds.
			edited := driftMigrations()
			edited[0].Up[0].(migrate.Schema).Changes[0].(schema.CreateTable).Table.Columns[1].Size = 101
			for _, sum := range []string{legacy[companies], checksum(t, migs[0])} {
				setSum(companies, sum)
				m := mustNew(t, db, edited)
				if err := m.Up(ctx); err == nil || !strings.Contains(err.Error(), companies+" was changed after it ran") {
					t.Errorf("Up of an edited companies over a row holding %q: %v, want it reported as changed", sum, err)
				}
				if st, err := m.Status(ctx); err != nil || strings.Join(st.Modified, ",") != companies {
					t.Errorf("status of an edited companies over a row holding %q: modified %q (%v), want companies", sum, st.Modified, err)
				}
			}
			if n := count(t, db, "users"); n != 1 {
				t.Errorf("users holds %d rows, want the one inserted", n)
			}
		})
	}
}
