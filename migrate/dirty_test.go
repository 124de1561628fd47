package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestDirtyRecordsExecuted fails a MariaDB migration at its third action:
// the dirty state must list the two statements that ran before, both in
// the error and in a later process's Status and status command, so that
// the undo need not be reconstructed by hand.
func TestDirtyRecordsExecuted(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	note := &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 64}
	mig := createItems("20260101000000_items")
	mig.Up[0] = migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: itemsTable()}, schema.AddColumn{Table: "items", Column: note}}}
	mig.Down[0] = migrate.Schema{Changes: []schema.Change{schema.DropColumn{Table: "items", Column: note}, schema.DropTable{Table: itemsTable()}}}
	mig.Up = append(mig.Up, migrate.SQL{Up: "UPDATE no_such_table SET x = 1", Down: "SELECT 1"})
	m := mustNew(t, db, []migrate.Migration{mig})
	err := m.Up(ctx)
	var de *migrate.DirtyError
	if !errors.As(err, &de) {
		t.Fatalf("Up: %v, want a DirtyError", err)
	}
	checkExecuted := func(where string, executed []string) {
		t.Helper()
		if len(executed) != 2 || !strings.Contains(executed[0], "CREATE TABLE") || !strings.Contains(executed[0], "items") ||
			!strings.Contains(executed[1], "ADD") || !strings.Contains(executed[1], "note") {
			t.Errorf("%s: executed = %q, want the CREATE TABLE items and the ADD note statements", where, executed)
		}
	}
	checkExecuted("the error", de.Executed)
	if !strings.Contains(err.Error(), "executed before the failure (2)") || !strings.Contains(err.Error(), "no_such_table") {
		t.Errorf("the error does not list what ran and the failing statement: %v", err)
	}
	// A later process reads it back from the version table.
	st, err := mustNew(t, db, []migrate.Migration{mig}).Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dirty == nil {
		t.Fatal("status: nothing dirty")
	}
	checkExecuted("status", st.Dirty.Executed)
	var out strings.Builder
	cmd := migrate.Command(db, []migrate.Migration{mig})
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run(ctx, []string{"status"})
	if !strings.Contains(out.String(), "executed: 2 statement(s)") || !strings.Contains(out.String(), "2. ALTER TABLE") {
		t.Errorf("the status command does not list what ran:\n%s", out.String())
	}
}

// TestFirstStatementFailsNotDirty runs a migration whose first DDL
// statement fails on MariaDB, where DDL is not transactional: nothing ran,
// so the revision must stay pending, not dirty, and the error must say so.
// The same for a rollback. A NoTransaction migration on PostgreSQL stays
// dirty all the same: its statements (CREATE INDEX CONCURRENTLY) can
// leave an invalid object behind when they fail.
func TestFirstStatementFailsNotDirty(t *testing.T) {
	ctx := context.Background()
	t.Run("mysql", func(t *testing.T) {
		t.Parallel()
		db, _ := corpustest.Open(t, corpustest.MariaDB)
		if err := db.Exec("CREATE TABLE items (id bigint)").Error; err != nil {
			t.Fatal(err)
		}
		m := mustNew(t, db, []migrate.Migration{createItems("20260101000000_items")})
		err := m.Up(ctx)
		if err == nil || errors.As(err, new(*migrate.DirtyError)) || !strings.Contains(err.Error(), "nothing of it was executed and it is pending as before") {
			t.Fatalf("Up: %v, want a plain error saying nothing ran", err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Dirty != nil || len(st.Pending) != 1 {
			t.Fatalf("status: dirty %v, %d pending; want the revision pending and nothing dirty", st.Dirty, len(st.Pending))
		}
		// Rolling back: the table went missing by hand, so the drop
		// fails at once.
		for _, stmt := range []string{"DROP TABLE items"} {
			if err := db.Exec(stmt).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec("DROP TABLE items").Error; err != nil {
			t.Fatal(err)
		}
		err = m.Down(ctx, 1)
		if err == nil || errors.As(err, new(*migrate.DirtyError)) || !strings.Contains(err.Error(), "it is applied as before") {
			t.Fatalf("Down: %v, want a plain error saying nothing ran", err)
		}
		if st, err := m.Status(ctx); err != nil || st.Dirty != nil || len(st.Applied) != 1 {
			t.Fatalf("status after the failed rollback: %+v, %v; want the revision applied and nothing dirty", st, err)
		}
	})
	t.Run("postgres-notransaction", func(t *testing.T) {
		t.Parallel()
		db, _ := corpustest.Open(t, corpustest.PostgreSQL)
		if err := db.Exec("CREATE TABLE items (id bigint)").Error; err != nil {
			t.Fatal(err)
		}
		mig := createItems("20260101000000_items")
		mig.NoTransaction = true
		var de *migrate.DirtyError
		if err := mustNew(t, db, []migrate.Migration{mig}).Up(ctx); !errors.As(err, &de) || len(de.Executed) != 0 {
			t.Fatalf("Up: %v, want a DirtyError with nothing executed", err)
		}
	})
}

// TestPanickingGoStep runs a data step that panics. The process must not
// crash: the panic becomes an error naming the step; PostgreSQL and SQLite
// roll the migration back, MariaDB records it as dirty naming the step.
func TestPanickingGoStep(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			mig := createItems("20260101000000_items", migrate.Go{Name: "seed", Up: func(ctx context.Context, tx *gorm.DB) error {
				var m map[string]int
				m["boom"]++ // a nil map: panics
				return nil
			}, Down: migrate.Nothing})
			m := mustNew(t, db, []migrate.Migration{mig})
			err := m.Up(ctx)
			if err == nil || !strings.Contains(err.Error(), `Go step "seed"`) || !strings.Contains(err.Error(), "panic: assignment to entry in nil map") ||
				!strings.Contains(err.Error(), "dirty_test.go") {
				t.Fatalf("Up: %v, want the panic, the step and where it happened", err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d == corpustest.MariaDB {
				if st.Dirty == nil || !strings.Contains(st.Dirty.Statement, "seed") || len(st.Dirty.Executed) != 1 {
					t.Fatalf("status: dirty %+v, want the step named and the CREATE TABLE listed as executed", st.Dirty)
				}
				return
			}
			if st.Dirty != nil || len(st.Pending) != 1 || db.Migrator().HasTable("items") {
				t.Fatalf("status: %+v; want the migration rolled back", st)
			}
		})
	}
}

// TestTableOptionsApplied applies migrations generated with table options
// through a *gorm.DB that sets none: the tables must get the recorded
// options, as AutoMigrate with them would; a *gorm.DB that sets other
// options is refused.
func TestTableOptionsApplied(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	const options = "DEFAULT CHARSET=latin1"
	migs := migrate.StampSettings(schema.Settings{TableOptions: options}, []migrate.Migration{createItems("20260101000000_items")})
	if err := mustNew(t, db, migs).Up(ctx); err != nil {
		t.Fatal(err)
	}
	var collation string
	if err := db.Raw("SELECT table_collation FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'items'").Scan(&collation).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(collation, "latin1") {
		t.Errorf("items has collation %q, want latin1's as the recorded options say", collation)
	}
	_, err := migrate.New(db.Set("gorm:table_options", "ENGINE=InnoDB"), migs)
	if err == nil || !strings.Contains(err.Error(), options) || !strings.Contains(err.Error(), "ENGINE=InnoDB") {
		t.Errorf("New with other table options: %v, want a refusal naming both", err)
	}
	if _, err := migrate.New(db.Set("gorm:table_options", options), migs); err != nil {
		t.Errorf("New with the recorded table options: %v", err)
	}
}

// TestOldVersionTableUpgraded starts from a version table an older
// migragen made, without the executed column, holding an applied
// revision: Status reads it, and the next Up adds the column and applies
// what is pending.
func TestOldVersionTableUpgraded(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			first := createItems("20260101000000_items")
			if err := mustNew(t, db, []migrate.Migration{first}).Up(ctx); err != nil {
				t.Fatal(err)
			}
			// The first version table had none of the columns added since.
			for _, col := range []string{"executed", "fingerprint", "forced"} {
				if err := db.Exec("ALTER TABLE " + migrate.DefaultVersionTable + " DROP COLUMN " + col).Error; err != nil {
					t.Fatal(err)
				}
			}
			m := mustNew(t, db, []migrate.Migration{first, narrowItems(200, "")})
			st, err := m.Status(ctx)
			if err != nil || len(st.Applied) != 1 || len(st.Pending) != 1 {
				t.Fatalf("status of the old table: %+v, %v", st, err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up on the old table: %v", err)
			}
			for _, col := range []string{"executed", "fingerprint", "forced"} {
				if !db.Migrator().HasColumn(migrate.DefaultVersionTable, col) {
					t.Errorf("Up did not add the %s column", col)
				}
			}
			if st, err := m.Status(ctx); err != nil || len(st.Applied) != 2 {
				t.Fatalf("status after Up: %+v, %v", st, err)
			}
		})
	}
}
