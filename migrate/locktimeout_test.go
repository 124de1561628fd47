package migrate_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// lockedTableMigrations create items, then add a table and a column to
// items: a revision whose first statement does not touch items and whose
// second does, so that where DDL is not transactional a lock wait on the
// second leaves a state to report.
func lockedTableMigrations() []migrate.Migration {
	extra := &schema.Column{Name: "extra", DataType: schema.String, GORMDataType: schema.String, Size: 20}
	other := &schema.Table{Name: "others", Columns: []*schema.Column{itemsTable().Columns[0]}}
	changes := []schema.Change{schema.CreateTable{Table: other}, schema.AddColumn{Table: "items", Column: extra}}
	return []migrate.Migration{createItems("20260101000000_items"),
		{ID: "20260102000000_extra", Parents: []string{"20260101000000_items"},
			Up:   []migrate.Step{migrate.Schema{Changes: changes}},
			Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}}}
}

// holdTableLock opens a second session that holds a lock on items which
// the migration's statements (or, on SQLite, its COMMIT) must wait for,
// and returns what releases it.
func holdTableLock(t *testing.T, d corpustest.Dialect, db *gorm.DB) (release func()) {
	t.Helper()
	other, err := openDSN(d, dsnOf(t, db))
	if err != nil {
		t.Fatal(err)
	}
	tx := other.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	hold := "SELECT count(*) FROM items" // MariaDB: a shared metadata lock until the transaction ends; SQLite: a SHARED lock that holds off COMMIT
	if d == corpustest.PostgreSQL {
		hold = "LOCK TABLE items IN ACCESS SHARE MODE"
	}
	if err := tx.Exec(hold).Error; err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			tx.Rollback()
			if sqlDB, err := other.DB(); err == nil {
				sqlDB.Close()
			}
		})
	}
	t.Cleanup(release)
	return release
}

// TestLockTimeoutRetries holds a lock on a populated table from another
// session while a migration must alter it. With a short lock timeout, the
// migration must give up waiting, report each try (Retrying), and, once
// the lock is released after the second try, apply. Without a release it
// must fail after its tries with the lock-timeout error and leave nothing
// applied (PostgreSQL, SQLite: the transaction rolled back; the new table
// is absent and the revision pending), or, on MariaDB, a dirty state
// that names the statement that timed out and what ran before it.
func TestLockTimeoutRetries(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		for _, release := range []bool{true, false} {
			name := string(d) + "/held"
			if release {
				name = string(d) + "/released"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				db, _ := corpustest.Open(t, d)
				timeout := 200 * time.Millisecond
				if d == corpustest.MariaDB {
					timeout = time.Second // lock_wait_timeout counts whole seconds
				}
				var (
					mu      sync.Mutex
					retries []migrate.Event
				)
				unlock := func() {}
				progress := func(e migrate.Event) {
					if e.Kind != migrate.Retrying {
						return
					}
					mu.Lock()
					defer mu.Unlock()
					retries = append(retries, e)
					if release && len(retries) == 2 {
						unlock()
					}
				}
				migs := lockedTableMigrations()
				m := mustNew(t, db, migs, migrate.WithDDLLockTimeout(timeout), migrate.WithLockRetries(4, 50*time.Millisecond), migrate.WithProgress(progress))
				if err := m.UpTo(ctx, migs[0].ID); err != nil {
					t.Fatal(err)
				}
				if err := db.Exec("INSERT INTO items (name) VALUES ('a'), ('b')").Error; err != nil {
					t.Fatal(err)
				}
				unlock = holdTableLock(t, d, db)
				err := m.Up(ctx)
				mu.Lock()
				tries := len(retries)
				mu.Unlock()
				if release {
					if err != nil {
						t.Fatalf("Up after the lock was released: %v", err)
					}
					if tries != 2 {
						t.Errorf("%d Retrying events, want 2 (the lock went after the second)", tries)
					}
					if !db.Migrator().HasColumn("items", "extra") || !db.Migrator().HasTable("others") {
						t.Error("the revision was recorded but its changes are missing")
					}
					return
				}
				if err == nil {
					t.Fatal("Up succeeded while another session held the table's lock")
				}
				if tries != 3 {
					t.Errorf("%d Retrying events, want 3 (4 tries)", tries)
				}
				for i, e := range retries {
					if e.Attempt != i+1 || e.Revision != migs[1].ID || e.Err == nil {
						t.Errorf("Retrying event %d: %+v", i, e)
					}
				}
				unlock()
				st, serr := m.Status(ctx)
				if serr != nil {
					t.Fatal(serr)
				}
				if d == corpustest.MariaDB {
					var de *migrate.DirtyError
					if !errors.As(err, &de) || de.Revision != migs[1].ID || len(de.Executed) != 1 || st.Dirty == nil {
						t.Fatalf("Up = %v (status dirty %v), want a DirtyError naming the ALTER and the CREATE TABLE before it", err, st.Dirty)
					}
					return
				}
				if st.Dirty != nil || len(st.Pending) != 1 || db.Migrator().HasTable("others") || db.Migrator().HasColumn("items", "extra") {
					t.Errorf("after the failure: dirty %v, pending %v, others exists %v: want nothing of the revision applied",
						st.Dirty, st.Pending, db.Migrator().HasTable("others"))
				}
			})
		}
	}
}
