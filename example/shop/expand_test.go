package shop_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/testenv"
)

// The shop's binaries at version N (today's example/models) and N+1, which
// renames products.name to title and drops categories.name — both NOT NULL
// without a default — as GORM sees them: only the fields this test uses.
type (
	categoryN struct {
		ID   uint `gorm:"primaryKey"`
		Slug string
		Name string
	}
	productN struct {
		gorm.Model
		SKU        string
		Name       string
		PriceCents int64
	}
	categoryN1 struct {
		ID   uint `gorm:"primaryKey"`
		Slug string
	}
	productN1 struct {
		gorm.Model
		SKU        string
		Title      string
		PriceCents int64
	}
)

func (categoryN) TableName() string  { return "categories" }
func (productN) TableName() string   { return "products" }
func (categoryN1) TableName() string { return "categories" }
func (productN1) TableName() string  { return "products" }

// nextRelease edits the example's models into version N+1, as a developer
// would: Product.Name becomes Title (with the rename hint), Category.Name
// goes.
var nextRelease = []struct{ from, to string }{
	{"\tName       string     `gorm:\"size:200;not null;index:idx_product_search,priority:1\"`\n",
		"\tTitle      string     `gorm:\"size:200;not null;index:idx_product_search,priority:1\" migragen:\"renamed_from:name\"`\n"},
	{"\tSlug string `gorm:\"size:64;uniqueIndex;not null\"`\n\tName string `gorm:\"size:100;not null\"`\n",
		"\tSlug string `gorm:\"size:64;uniqueIndex;not null\"`\n"},
}

// TestExpandContract shows the deploy sequence of README's
// "Expand/contract (-split)" with the example app: the revisions are
// generated from the models' source (N, then N+1 with -split), compiled
// into a migration command with migrate.Command, and applied by it. Between
// the expansion and the contraction the binary of version N keeps creating,
// reading and saving rows through GORM, and so does N+1's, each seeing the
// other's writes; after `up -contract` N+1's works and N's no longer can.
func TestExpandContract(t *testing.T) {
	root := testenv.ModuleRoot(t)
	pkg := testenv.TempPackageDir(t, "expandshop")
	source, err := os.ReadFile(filepath.Join(root, "example", "models", "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	models, migrations := filepath.Join(pkg, "models"), filepath.Join(pkg, "migrations")
	writeFile(t, filepath.Join(models, "models.go"), source)
	ctx := context.Background()
	generateAt := func(at time.Time, split bool, allow ...string) *generate.Result {
		t.Helper()
		res, err := generate.Generate(ctx, generate.Config{Dir: migrations, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."},
			Message: "release", Allow: allow, Split: split, Now: func() time.Time { return at }})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := generateAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false)
	next := string(source)
	for _, e := range nextRelease {
		if strings.Count(next, e.from) != 1 {
			t.Fatalf("example/models/models.go no longer holds %q once; update nextRelease", e.from)
		}
		next = strings.Replace(next, e.from, e.to, 1)
	}
	writeFile(t, filepath.Join(models, "models.go"), []byte(next))
	split := generateAt(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), true, "categories.name")
	if split.Contraction == "" || split.Contraction == split.ID {
		t.Fatalf("generate -split wrote %q; want an expansion and a contraction", split.Written)
	}
	bin := buildMigrator(t, root, pkg)

	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d)
			migrator := func(args ...string) string {
				t.Helper()
				cmd := exec.Command(bin, append([]string{string(d), dsnOf(t, db)}, args...)...)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("migrate %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			// Release N is live, with a product and a category.
			migrator("up", first.ID)
			must(t, db.Create(&categoryN{Slug: "tea", Name: "Tea"}))
			must(t, db.Create(&productN{SKU: "p0", Name: "Before", PriceCents: 100}))

			// Release N+1 deploys: up applies the expansion, holds the
			// contraction and says how to apply it.
			out := migrator("up")
			for _, want := range []string{"applying " + split.ID, "holding back the contraction " + split.Contraction, "1 contraction held back"} {
				if !strings.Contains(out, want) {
					t.Errorf("up after N+1's deploy: the output lacks %q:\n%s", want, out)
				}
			}

			// The database is what the applied revisions describe (the
			// command fails on a difference).
			migrator("verify")

			// Both binaries run: each writes, and reads the other's rows.
			p1 := productN{SKU: "p1", Name: "Old", PriceCents: 200}
			must(t, db.Create(&p1))
			must(t, db.Create(&categoryN{Slug: "cakes", Name: "Cakes"}))
			p2 := productN1{SKU: "p2", Title: "New", PriceCents: 300}
			must(t, db.Create(&p2))
			must(t, db.Create(&categoryN1{Slug: "coffee"}))
			wantTitles(t, db, "after the expansion", map[string]string{"p0": "Before", "p1": "Old", "p2": "New"})
			var asN productN
			read(t, func() *gorm.DB { return db.First(&asN, p2.ID) })
			if asN.Name != "New" {
				t.Errorf("binary N reads the product N+1 created with name %q, want %q", asN.Name, "New")
			}
			p1.Name = "Old, renamed by N"
			must(t, db.Save(&p1))
			p2.Title = "New, renamed by N+1"
			must(t, db.Save(&p2))
			wantTitles(t, db, "after both saved", map[string]string{"p0": "Before", "p1": "Old, renamed by N", "p2": "New, renamed by N+1"})
			asN = productN{}
			read(t, func() *gorm.DB { return db.First(&asN, p2.ID) })
			if asN.Name != "New, renamed by N+1" {
				t.Errorf("binary N reads the product N+1 saved with name %q", asN.Name)
			}
			var cats []categoryN
			read(t, func() *gorm.DB { return db.Order("id").Find(&cats) })
			if len(cats) != 3 || cats[0].Name != "Tea" || cats[2].Name != "" {
				t.Errorf("binary N reads the categories as %+v", cats)
			}
			if out := migrator("status"); !strings.Contains(out, "held      "+split.Contraction) {
				t.Errorf("status does not show the held contraction:\n%s", out)
			}

			// No binary N runs any more: the contraction.
			if out := migrator("up", "-contract"); !strings.Contains(out, "applying "+split.Contraction) {
				t.Errorf("up -contract did not apply the contraction:\n%s", out)
			}
			migrator("verify")
			p3 := productN1{SKU: "p3", Title: "After", PriceCents: 400}
			must(t, db.Create(&p3))
			p3.Title = "After, saved"
			must(t, db.Save(&p3))
			must(t, db.Create(&categoryN1{Slug: "juice"}))
			wantTitles(t, db, "after the contraction", map[string]string{"p0": "Before", "p1": "Old, renamed by N", "p2": "New, renamed by N+1", "p3": "After, saved"})
			if cols := notNull(t, db, "products"); !cols["title"] {
				t.Errorf("after the contraction products.title is nullable; want NOT NULL as the models say")
			}
			if err := db.Create(&productN{SKU: "p4", Name: "Too late"}).Error; err == nil {
				t.Errorf("binary N still inserts products.name after the contraction dropped it")
			}

			// The contraction rolls back, and binary N, started again,
			// reads names again. (A connection that stayed open across the
			// rollback may serve its first SELECT * with the columns it
			// saw before: SQLite's driver takes them before SQLite
			// notices the change, PostgreSQL refuses a cached plan.)
			migrator("down")
			restarted := reopen(t, db)
			asN = productN{}
			read(t, func() *gorm.DB { return restarted.First(&asN, p3.ID) })
			if asN.Name != "After, saved" {
				t.Errorf("after rolling the contraction back, binary N reads name %q", asN.Name)
			}
		})
	}
}

// buildMigrator compiles the generated migrations into a command that
// runs migrate.Command on the database its arguments name:
// `migrator DIALECT DSN up|down|status ...`.
func buildMigrator(t *testing.T, root, pkg string) string {
	t.Helper()
	importPath := "github.com/migragen/migragen/" + filepath.Base(pkg) + "/migrations"
	writeFile(t, filepath.Join(pkg, "cmd", "main.go"), []byte(`package main

import (
	"context"
	"fmt"
	"os"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/migrate"
	migrations "`+importPath+`"
)

func main() {
	open := map[string]func(string) gorm.Dialector{"sqlite": sqlite.Open, "postgres": postgres.Open, "mysql": mysql.Open}[os.Args[1]]
	db, err := gorm.Open(open(os.Args[2]), &gorm.Config{Logger: logger.Discard})
	if err == nil {
		err = migrate.Command(db, migrations.All()).Run(context.Background(), os.Args[3:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`))
	bin := filepath.Join(t.TempDir(), "migrator")
	cmd := exec.Command("go", "build", "-o", bin, "./"+filepath.Base(pkg)+"/cmd")
	cmd.Dir = root
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the generated migrations do not compile: %v\n%s", err, out)
	}
	t.Logf("built the migration command in %v", time.Since(start).Round(time.Millisecond))
	return bin
}

// dsnOf is the DSN db was opened with, for the migration command.
func dsnOf(t *testing.T, db *gorm.DB) string {
	switch d := db.Dialector.(type) {
	case *sqlite.Dialector:
		return d.DSN
	case *postgres.Dialector:
		return d.DSN
	case *mysql.Dialector:
		return d.DSN
	}
	t.Fatalf("no DSN for %T", db.Dialector)
	return ""
}

// reopen opens another pool on db's database, as a binary started anew.
func reopen(t *testing.T, db *gorm.DB) *gorm.DB {
	t.Helper()
	other, err := gorm.Open(db.Dialector, &gorm.Config{Logger: db.Logger})
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := db.DB(); a == other.ConnPool {
		t.Fatal("reopen shares the connection pool")
	}
	t.Cleanup(func() {
		if sqlDB, err := other.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return other
}

// wantTitles reads every product through binary N+1's model and compares
// the titles by SKU.
func wantTitles(t *testing.T, db *gorm.DB, when string, want map[string]string) {
	t.Helper()
	var products []productN1
	read(t, func() *gorm.DB { return db.Find(&products) })
	got := map[string]string{}
	for _, p := range products {
		got[p.SKU] = p.Title
	}
	if len(got) != len(want) {
		t.Errorf("%s binary N+1 reads %d products %v, want %v", when, len(got), got, want)
	}
	for sku, title := range want {
		if got[sku] != title {
			t.Errorf("%s binary N+1 reads product %s with title %q, want %q", when, sku, got[sku], title)
		}
	}
}

// notNull reads which columns of table are NOT NULL.
func notNull(t *testing.T, db *gorm.DB, table string) map[string]bool {
	t.Helper()
	cols, err := db.Migrator().ColumnTypes(table)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range cols {
		if nullable, ok := c.Nullable(); ok {
			out[c.Name()] = !nullable
		}
	}
	return out
}

// read runs a query as a binary would, once more if PostgreSQL refused it
// because the connection had prepared it before the schema changed
// ("cached plan must not change result type", SQLSTATE 0A000): pgx then
// drops the statement, and the next try prepares it afresh. An
// application sees this once per cached statement and connection after
// any migration that changes the columns of a SELECT *; the README says
// so.
func read(t *testing.T, query func() *gorm.DB) {
	t.Helper()
	err := query().Error
	if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) && pgErr.Code == "0A000" {
		t.Logf("PostgreSQL refused a statement prepared before the schema changed, as it does for any running binary; retrying: %v", err)
		err = query().Error
	}
	if err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, res *gorm.DB) {
	t.Helper()
	if res.Error != nil {
		t.Fatal(res.Error)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
