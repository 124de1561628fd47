package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/bench/internal/modelgen"
	"github.com/migragen/migragen/internal/testenv"
)

// TestGenerated200 checks that the benchmark measures a package that GORM
// accepts and migragen analyzes cleanly: it compiles and vets and migragen
// reports nothing; without -short, schema.Parse takes every model and
// AutoMigrate on in-memory SQLite creates exactly the tables of migragen's
// snapshot.
func TestGenerated200(t *testing.T) {
	root := testenv.ModuleRoot(t)
	// The package must live inside the module to resolve its gorm. The "_"
	// prefix keeps it out of ./... for anyone running tests meanwhile.
	tmp, err := os.MkdirTemp(root, "_benchtmp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	dir := filepath.Join(tmp, "models")
	const n = 200
	st, err := modelgen.Generate(modelgen.Options{N: n, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if st.Models != n || st.JoinTables == 0 {
		t.Fatalf("generated %+v, want %d models and some join tables", st, n)
	}
	rel := "./" + filepath.ToSlash(mustRel(t, root, dir))

	// go vet type-checks both the models and cmd/parse, compiling the
	// models for cmd/parse's sake.
	goCmd(t, root, "vet", rel+"/...")

	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: root}, rel)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity != analyzer.Info {
			t.Errorf("migragen: %v", d)
		}
	}
	if res.Snapshot == nil {
		t.Fatal("migragen derived no snapshot")
	}
	var tables []string
	for _, tb := range res.Snapshot.Tables {
		tables = append(tables, tb.Name)
	}
	slices.Sort(tables)
	if want := n + st.JoinTables; len(tables) != want {
		t.Errorf("snapshot has %d tables, want %d", len(tables), want)
	}

	if testing.Short() {
		t.Skip("-short: skipping schema.Parse and AutoMigrate; linking programs is the slow part")
	}
	out := goCmd(t, root, "run", rel+"/"+modelgen.ParseProgramDir)
	if !strings.HasPrefix(out, "parsed 200 models") {
		t.Errorf("cmd/parse printed %q", out)
	}
	prog := filepath.Join(dir, "cmd", "automigrate")
	if err := os.MkdirAll(prog, 0o755); err != nil {
		t.Fatal(err)
	}
	importPath, err := modelgen.ImportPathOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(autoMigrateProgram, "MODELS", importPath, 1)
	if err := os.WriteFile(filepath.Join(prog, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out = goCmd(t, root, "run", rel+"/cmd/automigrate")
	created := strings.Fields(out)
	if !slices.Equal(created, tables) {
		t.Errorf("AutoMigrate created %d tables, migragen's snapshot has %d\nAutoMigrate: %v\nmigragen:    %v", len(created), len(tables), created, tables)
	}
}

// autoMigrateProgram migrates the models into an in-memory SQLite database
// with foreign keys on and prints the tables it created, sorted.
const autoMigrateProgram = `package main

import (
	"fmt"
	"os"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	models "MODELS"
)

func main() {
	db, err := gorm.Open(sqlite.Open("file::memory:?_pragma=foreign_keys(1)"), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sqlDB, err := db.DB()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Every connection to :memory: is a database of its own.
	sqlDB.SetMaxOpenConns(1)
	if err := db.AutoMigrate(models.All()...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var names []string
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").Scan(&names).Error; err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, n := range names {
		fmt.Println(n)
	}
}
`

func mustRel(t *testing.T, base, target string) string {
	t.Helper()
	rel, err := filepath.Rel(base, target)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// goCmd runs the go command in dir and returns its stdout.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
