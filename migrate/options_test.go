package migrate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestVersionTableOptions keeps the version table under another name and,
// on PostgreSQL, in another schema, which is created when missing.
func TestVersionTableOptions(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	schemaName := "ops_" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "_"))
	t.Cleanup(func() { db.Exec("DROP SCHEMA IF EXISTS " + schemaName + " CASCADE") })
	m, err := migrate.New(db, []migrate.Migration{createItems("20260101000000_items")},
		migrate.WithSchema(schemaName), migrate.WithVersionTable("schema_history"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := db.Raw("SELECT id FROM " + schemaName + ".schema_history").Scan(&ids).Error; err != nil || strings.Join(ids, ",") != "20260101000000_items" {
		t.Fatalf("%s.schema_history holds %q (%v)", schemaName, ids, err)
	}
	if db.Migrator().HasTable(migrate.DefaultVersionTable) {
		t.Error("the default version table was created too")
	}
	if !db.Migrator().HasTable("items") {
		t.Error("the migration's table is not in the application's schema")
	}
	if _, err := migrate.New(db, nil, migrate.WithSchema("x")); err != nil {
		t.Errorf("WithSchema on PostgreSQL: %v", err)
	}
	sqliteDB, _ := corpustest.Open(t, corpustest.SQLite)
	if _, err := migrate.New(sqliteDB, nil, migrate.WithSchema("x")); err == nil || !strings.Contains(err.Error(), "WithSchema is for PostgreSQL") {
		t.Errorf("WithSchema on SQLite: %v", err)
	}
}

// TestUnknownApplied runs an older binary against a database a newer one
// migrated: Status lists the unknown revision and Up refuses.
func TestUnknownApplied(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.SQLite)
	newer := slowMigrations(0)
	m := mustNew(t, db, newer)
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	older, err := migrate.New(db, newer[:1])
	if err != nil {
		t.Fatal(err)
	}
	st, err := older.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(st.Unknown, ",") != "20260102000000_note" {
		t.Errorf("unknown revisions: %q", st.Unknown)
	}
	if err := older.Up(ctx); err == nil || !strings.Contains(err.Error(), "revisions this program does not know: 20260102000000_note") {
		t.Errorf("Up from an older binary: %v", err)
	}
}

// TestLockTimeout holds the migration lock in another session and requires
// Up to give up after the timeout with a message that says why.
func TestLockTimeout(t *testing.T) {
	for _, d := range []corpustest.Dialect{corpustest.PostgreSQL, corpustest.MariaDB} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := []migrate.Migration{createItems("20260101000000_items")}
			release := make(chan struct{})
			holding := make(chan struct{})
			// A Go step that blocks keeps the holder inside its run, and so
			// inside the lock.
			blocking := createItems("20260101000000_items")
			blocking.Up = append(blocking.Up, goStep(func() { close(holding); <-release }))
			holder := mustNew(t, db, []migrate.Migration{blocking})
			done := make(chan error, 1)
			go func() { done <- holder.Up(ctx) }()
			select {
			case <-holding:
			case err := <-done:
				t.Fatalf("the holder ended before holding the lock: %v", err)
			}
			waiter := mustNew(t, db, migs, migrate.WithLockTimeout(300*time.Millisecond))
			start := time.Now()
			err := waiter.Up(ctx)
			close(release)
			if err == nil || !strings.Contains(err.Error(), "still held by another process after 300ms") {
				t.Errorf("Up while another run holds the lock: %v", err)
			}
			if time.Since(start) < 300*time.Millisecond {
				t.Errorf("Up gave up after %v, before the timeout", time.Since(start))
			}
			if err := <-done; err != nil {
				t.Fatalf("the holder: %v", err)
			}
		})
	}
}

// TestSettingsChecked refuses a database whose naming strategy or
// foreign-key setting differs from the one the migrations were generated
// with, and accepts a matching one.
func TestSettingsChecked(t *testing.T) {
	generated := schema.Settings{Naming: schema.Naming{TablePrefix: "app_", SingularTable: true}}
	migs := func() []migrate.Migration {
		return migrate.StampSettings(generated, []migrate.Migration{createItems("20260101000000_items")})
	}
	plain, _ := corpustest.Open(t, corpustest.SQLite)
	if _, err := migrate.New(plain, migs()); err == nil || !strings.Contains(err.Error(), "generated for the naming strategy") {
		t.Errorf("New with the default naming strategy: %v", err)
	}
	matching, _ := corpustest.Open(t, corpustest.SQLite, func(c *gorm.Config) {
		c.NamingStrategy = gormschema.NamingStrategy{TablePrefix: "app_", SingularTable: true}
	})
	if _, err := migrate.New(matching, migs()); err != nil {
		t.Errorf("New with the same naming strategy: %v", err)
	}
	noFK, _ := corpustest.Open(t, corpustest.SQLite, func(c *gorm.Config) {
		c.NamingStrategy = gormschema.NamingStrategy{TablePrefix: "app_", SingularTable: true}
		c.DisableForeignKeyConstraintWhenMigrating = true
	})
	if _, err := migrate.New(noFK, migs()); err == nil || !strings.Contains(err.Error(), "DisableForeignKeyConstraintWhenMigrating") {
		t.Errorf("New with foreign keys disabled: %v", err)
	}
}
