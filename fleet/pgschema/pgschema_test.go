package pgschema_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/fleet/pgschema"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestDSN checks the search_path the driver itself reads from the DSN
// DSN returns: pgx's own parser, not ours, decides.
func TestDSN(t *testing.T) {
	for _, tc := range []struct {
		dsn, schema, want string
		shared            []string
	}{
		{"host=db dbname=app", "tenant_a", "tenant_a", nil},
		{"host=db dbname=app search_path=public ", "tenant_a", "tenant_a", nil},
		{"host=db dbname=app", "Tenant One", `"Tenant One"`, nil},
		{"host=db dbname=app", `it's "odd"\`, `"it's ""odd""\"`, nil},
		{"postgres://u@db/app?sslmode=disable&search_path=public", "Tenant", `"Tenant"`, nil},
		{"postgresql://u@db/app", "t1", "t1", nil},
		{"host=db dbname=app", "t1", "t1,public", []string{"public"}},
		{"postgres://u@db/app", "Tenant", `"Tenant",public,"Ext"`, []string{"public", "Ext"}},
	} {
		dsn, err := pgschema.DSN(tc.dsn, tc.schema, tc.shared...)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := pgconn.ParseConfig(dsn)
		if err != nil {
			t.Fatalf("%q: pgx does not parse %q: %v", tc.schema, dsn, err)
		}
		if got := cfg.RuntimeParams["search_path"]; got != tc.want {
			t.Errorf("DSN(%q, %q) = %q: search_path %q, want %q", tc.dsn, tc.schema, dsn, got, tc.want)
		}
	}
}

// TestTargetsMixedCaseSchema migrates a schema whose name needs quotes:
// the table must land in it, and the *gorm.DB's settings must carry over
// (migrate.New refuses a naming strategy the migrations contradict, so a
// target opened with GORM's default one would fail).
func TestTargetsMixedCaseSchema(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.PostgreSQL, func(c *gorm.Config) {
		c.Logger = logger.Discard
		c.NamingStrategy = gormschema.NamingStrategy{TablePrefix: "app_"}
	})
	const name = "Tenant One"
	if err := db.Exec(`CREATE SCHEMA "Tenant One"`).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA IF EXISTS "Tenant One" CASCADE`) })
	targets, err := pgschema.Targets(db, []string{name})
	if err != nil {
		t.Fatal(err)
	}
	table := &schema.Table{Name: "app_things", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
	}}
	migs := migrate.StampSettings(schema.Settings{Naming: schema.Naming{TablePrefix: "app_"}}, []migrate.Migration{{ID: "20260101000000_things",
		Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: table}}}},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: table}}}}}})
	f, err := fleet.New(migs, targets)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.Up(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	var tables []string
	if err := db.Raw("SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", name).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tables, []string{"app_things", migrate.DefaultVersionTable}) {
		t.Errorf("tables in %q: %q", name, tables)
	}
}

func TestTargetsRefuses(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	if _, err := pgschema.Targets(db, []string{"a"}); err == nil || !strings.Contains(err.Error(), `its dialect is "sqlite"`) {
		t.Errorf("Targets on SQLite: %v", err)
	}
	db.NamingStrategy = gormschema.NamingStrategy{TablePrefix: "app."}
	if _, err := pgschema.Targets(db, []string{"a"}); err == nil || !strings.Contains(err.Error(), `TablePrefix "app." names a schema`) {
		t.Errorf("Targets with a schema in the TablePrefix: %v", err)
	}
}
