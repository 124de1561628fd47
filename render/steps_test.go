package render

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

// TestContractFile renders a contraction with data steps around its
// Schema step, compiles it, and checks what the compiled migrate.Migration
// holds: Contract set, the steps in order with their SQL byte for byte
// (one with MySQL's backquotes, which no raw string can hold), and the
// notes in the header. ReadMigration must read Contract back.
func TestContractFile(t *testing.T) {
	changes := []schema.Change{schema.DropColumn{Table: "products", Column: &schema.Column{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 200}}}
	f := File{
		Package: "migrations", ID: "20260101000000_title_contract", Parents: []string{"20260101000000_title"},
		Message: "title", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Up: changes, Down: schema.Invert(changes), Contract: true,
		Notes: []string{"This revision is a contraction.\nApply it later."},
		Before: []SQLStep{
			{Comment: "stop copying", Dialect: "mysql", Up: "DROP TRIGGER IF EXISTS `t_ins`", Down: "CREATE TRIGGER `t_ins` BEFORE INSERT ON `products` FOR EACH ROW\nBEGIN\n\tSET NEW.`title` = NEW.`name`;\nEND"},
			{Dialect: "postgres", Up: `UPDATE "products" SET "title" = "name" WHERE "title" IS NULL`, Down: `UPDATE "products" SET "name" = "title"`},
		},
		After: []SQLStep{{Up: "SELECT 1", Down: "SELECT 2"}},
	}
	src, err := Migration(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "// Message:  title\n//\n// This revision is a contraction.\n// Apply it later.\n") {
		t.Errorf("the header lacks the notes:\n%s", src)
	}
	back := readSource(t, "m.go", src).File
	if !back.Contract || len(back.Up) != 1 || len(back.Before) != 0 {
		t.Errorf("read back Contract %v, %d changes, %d data steps; want true, 1 and none (data steps change no schema)", back.Contract, len(back.Up), len(back.Before))
	}

	dir := testenv.TempPackageDir(t, "rendercontract")
	index, err := Index("migrations", []string{f.ID}, schema.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"migrations/m.go": src, "migrations/migrations.go": index,
		"main.go": []byte(`package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/` + filepath.Base(dir) + `/migrations"
)

func main() {
	m := migrations.All()[0]
	var steps []string
	for _, s := range m.Up {
		if sql, ok := s.(migrate.SQL); ok {
			steps = append(steps, sql.Dialect+"|"+sql.Up+"|"+sql.Down)
		} else {
			steps = append(steps, fmt.Sprintf("%T", s))
		}
	}
	data, _ := json.Marshal(map[string]any{"contract": m.Contract, "up": steps})
	os.Stdout.Write(data)
}
`)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("the rendered contraction does not compile: %v\n%s", err, got)
	}
	var steps []string
	for _, s := range f.Before {
		steps = append(steps, s.Dialect+"|"+s.Up+"|"+s.Down)
	}
	steps = append(steps, "migrate.Schema", "|SELECT 1|SELECT 2")
	want, _ := json.Marshal(map[string]any{"contract": true, "up": steps})
	if string(got) != string(want) {
		t.Errorf("the compiled contraction holds\n%s\nwant\n%s\nsource:\n%s", got, want, src)
	}
}
