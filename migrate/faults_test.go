package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

func itemsTable() *schema.Table {
	return &schema.Table{Name: "items", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 100, NotNull: true},
	}}
}

func createItems(id string, extra ...migrate.Step) migrate.Migration {
	t := itemsTable()
	return migrate.Migration{ID: id,
		Up:   append([]migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: t}}}}, extra...),
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: t}}}}}
}

// TestDataStepFailsHalfway runs a migration that creates a table, inserts a
// row, and then fails in a Go step. On PostgreSQL and SQLite nothing of it
// may remain and the version must be unchanged; on MariaDB a dirty state
// naming the revision and the failing step must be recorded and reported,
// and resolving it must let a corrected migration apply.
func TestDataStepFailsHalfway(t *testing.T) {
	boom := errors.New("boom")
	failing := createItems("20260101000000_items", migrate.Go{Name: "seed", Up: func(ctx context.Context, tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO items (name) VALUES ('first')").Error; err != nil {
			return err
		}
		return boom
	}, Down: func(context.Context, *gorm.DB) error { return nil }})
	fixed := createItems("20260101000000_items", migrate.Go{Name: "seed", Up: func(ctx context.Context, tx *gorm.DB) error {
		return tx.Exec("INSERT INTO items (name) VALUES ('first')").Error
	}, Down: func(context.Context, *gorm.DB) error { return nil }})
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			m, err := migrate.New(db, []migrate.Migration{failing})
			if err != nil {
				t.Fatal(err)
			}
			err = m.Up(ctx)
			if err == nil || !strings.Contains(err.Error(), "boom") {
				t.Fatalf("Up: %v, want the step's error", err)
			}
			if !strings.Contains(err.Error(), "20260101000000_items") || !strings.Contains(err.Error(), `Go step "seed"`) {
				t.Errorf("the error does not name the revision and the step: %v", err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d != corpustest.MariaDB {
				if db.Migrator().HasTable("items") {
					t.Error("the failed migration's table remains")
				}
				if st.Dirty != nil || len(st.Applied) != 0 || len(st.Pending) != 1 {
					t.Errorf("status after the failure: %+v, want the revision pending and nothing dirty", st)
				}
			} else {
				if st.Dirty == nil || st.Dirty.Revision != "20260101000000_items" || !strings.Contains(st.Dirty.Statement, "seed") {
					t.Fatalf("status after the failure: dirty = %+v, want the revision and its failing step", st.Dirty)
				}
				if err := m.Up(ctx); !errors.As(err, new(*migrate.DirtyError)) {
					t.Fatalf("Up on a dirty database: %v, want a DirtyError", err)
				}
				// The operator undoes the partial work and marks the
				// revision pending.
				if err := db.Exec("DROP TABLE items").Error; err != nil {
					t.Fatal(err)
				}
				if err := m.Resolve(ctx, "20260101000000_items", false); err != nil {
					t.Fatal(err)
				}
			}
			m, err = migrate.New(db, []migrate.Migration{fixed})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up with the corrected migration: %v", err)
			}
			var names []string
			if err := db.Raw("SELECT name FROM items").Scan(&names).Error; err != nil || strings.Join(names, ",") != "first" {
				t.Fatalf("items after the corrected migration: %q, %v", names, err)
			}
		})
	}
}

// TestEditedAppliedMigration changes a column of an applied migration: Up,
// Down and Status must report the revision as modified.
func TestEditedAppliedMigration(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			orig := createItems("20260101000000_items")
			m := mustNew(t, db, []migrate.Migration{orig})
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			edited := createItems("20260101000000_items")
			edited.Up[0].(migrate.Schema).Changes[0].(schema.CreateTable).Table.Columns[1].Size = 200
			m, err := migrate.New(db, []migrate.Migration{edited, {ID: "20260102000000_next", Parents: []string{"20260101000000_items"}}})
			if err != nil {
				t.Fatal(err)
			}
			for name, run := range map[string]func() error{
				"up":   func() error { return m.Up(ctx) },
				"down": func() error { return m.Down(ctx, 1) },
			} {
				if err := run(); err == nil || !strings.Contains(err.Error(), "20260101000000_items was changed after it ran") {
					t.Errorf("%s with an edited applied migration: %v, want a checksum error naming it", name, err)
				}
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(st.Modified, ",") != "20260101000000_items" {
				t.Errorf("status lists %q as modified", st.Modified)
			}
		})
	}
}

// TestIrreversible refuses to roll back a revision whose data step has no
// Down, before anything runs, even when a later revision is reversible.
func TestIrreversible(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.SQLite)
	note := &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String}
	migs := []migrate.Migration{
		createItems("20260101000000_items", migrate.SQL{Up: "INSERT INTO items (name) VALUES ('x')"}),
		{ID: "20260102000000_note", Parents: []string{"20260101000000_items"},
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AddColumn{Table: "items", Column: note}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropColumn{Table: "items", Column: note}}}}},
	}
	m, err := migrate.New(db, migs)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	err = m.DownTo(ctx, migrate.Base)
	if err == nil || !strings.Contains(err.Error(), "20260101000000_items cannot be rolled back") {
		t.Fatalf("DownTo(base): %v, want a refusal naming the irreversible revision", err)
	}
	if !db.Migrator().HasColumn("items", "note") {
		t.Error("the refused rollback still rolled back the later revision")
	}
	if err := m.Down(ctx, 1); err != nil {
		t.Errorf("rolling back only the reversible revision: %v", err)
	}
}

// TestNewValidatesGraph checks the graph errors New reports.
func TestNewValidatesGraph(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	a := migrate.Migration{ID: "a"}
	for _, tt := range []struct {
		name string
		migs []migrate.Migration
		want string
	}{
		{"unknown parent", []migrate.Migration{{ID: "b", Parents: []string{"x"}}}, "names parent x, which is not among"},
		{"duplicate", []migrate.Migration{a, a}, "listed twice"},
		{"cycle", []migrate.Migration{{ID: "a", Parents: []string{"b"}}, {ID: "b", Parents: []string{"a"}}}, "form a cycle"},
		{"two heads", []migrate.Migration{a, {ID: "b", Parents: []string{"a"}}, {ID: "c", Parents: []string{"a"}}}, "2 heads (b, c): either the index (migrations.go, whose All lists the migrations) lacks a revision"},
		{"two heads, merge", []migrate.Migration{a, {ID: "b", Parents: []string{"a"}}, {ID: "c", Parents: []string{"a"}}}, "run `migragen merge`"},
		{"down layout", []migrate.Migration{{ID: "a", Up: []migrate.Step{migrate.Schema{}}}}, "Down must hold one inverse per Schema step"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := migrate.New(db, tt.migs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestUnknownDialect names the dialector the runtime has no compiler for,
// and a registered compiler makes it work.
func TestUnknownDialect(t *testing.T) {
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	// The registry is global and has no way back: each run names a new
	// dialect, so that -count=2 sees it unknown again.
	name := fmt.Sprintf("cockroach%d", unknownDialects.Add(1))
	db := dbs["postgres"].Session(&gorm.Session{})
	db.Dialector = renamed{db.Dialector, name}
	_, err = migrate.New(db, nil)
	if err == nil || !strings.Contains(err.Error(), `no compiler for the GORM dialector "`+name+`"`) {
		t.Fatalf("New with an unknown dialector: %v", err)
	}
	pg, _ := dialect.Lookup(dbs["postgres"])
	dialect.Register(renamedDialect{pg, name})
	if _, err := migrate.New(db, nil); err != nil {
		t.Fatalf("New after registering a compiler: %v", err)
	}
}

var unknownDialects atomic.Int64

type renamed struct {
	gorm.Dialector
	name string
}

func (r renamed) Name() string { return r.name }

type renamedDialect struct {
	dialect.Dialect
	name string
}

func (r renamedDialect) Name() string { return r.name }

// LockInTransaction keeps the wrapped dialect's lock mode (SQLite's lock
// is its transaction), which the embedded interface does not promote.
func (r renamedDialect) LockInTransaction() bool {
	tl, ok := r.Dialect.(dialect.TxLocker)
	return ok && tl.LockInTransaction()
}

// mustNew is migrate.New for migrations a test knows to be valid.
func mustNew(t *testing.T, db *gorm.DB, migs []migrate.Migration, opts ...migrate.Option) *migrate.Migrator {
	t.Helper()
	m, err := migrate.New(db, migs, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// goStep is a reversible Go step that calls fn.
func goStep(fn func()) migrate.Go {
	return migrate.Go{Name: "hook", Up: func(context.Context, *gorm.DB) error { fn(); return nil }, Down: migrate.Nothing}
}

// TestBatchFallback covers PostgreSQL's batched statements: when a batch
// fails, the migration runs again statement by statement, so the error
// names the failing statement itself.
func TestBatchFallback(t *testing.T) {
	ctx := context.Background()
	t.Run("failing statement", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.PostgreSQL)
		mig := createItems("20260101000000_items", migrate.SQL{Up: "INSERT INTO no_such_table VALUES (1)", Down: "SELECT 1"})
		m := mustNew(t, db, []migrate.Migration{mig})
		err := m.Up(ctx)
		if err == nil || !strings.Contains(err.Error(), "failed at INSERT INTO no_such_table VALUES (1):") {
			t.Fatalf("Up: %v, want the failing statement named on its own", err)
		}
		if db.Migrator().HasTable("items") {
			t.Error("the failed migration's table remains")
		}
	})
}

// TestFailedRollbackOnMariaDB fails a rollback half-way where DDL commits:
// the dirty state must say it was a rollback, advise accordingly, and
// resolving it as pending must leave the revision rolled back.
func TestFailedRollbackOnMariaDB(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	mig := createItems("20260101000000_items", migrate.Go{Name: "undo seed", Up: func(context.Context, *gorm.DB) error { return nil },
		Down: func(context.Context, *gorm.DB) error { return errors.New("cannot undo") }})
	m := mustNew(t, db, []migrate.Migration{mig})
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	err := m.Down(ctx, 1)
	var dirty *migrate.DirtyError
	if !errors.As(err, &dirty) || !dirty.RollingBack {
		t.Fatalf("Down: %v, want a DirtyError for a rollback", err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dirty == nil || !st.Dirty.RollingBack || !strings.Contains(st.Dirty.Error(), "finish the rollback and run `resolve 20260101000000_items pending`") {
		t.Fatalf("status: %+v", st.Dirty)
	}
	// The operator finishes the rollback by hand.
	if err := db.Exec("DROP TABLE items").Error; err != nil {
		t.Fatal(err)
	}
	if err := m.Resolve(ctx, "20260101000000_items", false); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.Status(ctx); st.Dirty != nil || len(st.Pending) != 1 {
		t.Fatalf("after resolving: %+v", st)
	}
}

// TestSerialOnMixedCaseTable makes a column of a table with capitals in
// its name auto-increment on PostgreSQL, which needs the sequence name
// quoted inside nextval's string.
func TestSerialOnMixedCaseTable(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	plain := &schema.Column{Name: "id", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, PrimaryKey: true}
	serial := &schema.Column{Name: "id", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	table := &schema.Table{Name: "Items", Columns: []*schema.Column{plain}}
	m, err := migrate.New(db, []migrate.Migration{
		{ID: "1_items", Up: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: table}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: table}}}}},
		{ID: "2_serial", Parents: []string{"1_items"},
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "Items", From: plain, To: serial}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "Items", From: serial, To: plain}}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO "Items" DEFAULT VALUES`).Error; err != nil {
		t.Fatalf("inserting without an id: %v", err)
	}
	if err := m.DownTo(ctx, "1_items"); err != nil {
		t.Fatalf("back to a plain column: %v", err)
	}
}
