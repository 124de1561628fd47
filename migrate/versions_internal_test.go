package migrate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// createVersions creates the version table schema_versions on db.
func createVersions(t *testing.T, db *gorm.DB) versions {
	t.Helper()
	dia, err := dialect.Lookup(db)
	if err != nil {
		t.Fatal(err)
	}
	v := versions{table: "schema_versions", dialect: dia}
	if err := v.create(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDeleteAllManyRevisions removes more version rows in one call than
// any engine takes parameters in one statement (SQL Server 2,100, SQLite
// 32,766, PostgreSQL and MySQL 65,535), as folding the rows of a squash of
// a long history does: deleteAll must split the list, inside the caller's
// transaction, and remove exactly the rows named.
func TestDeleteAllManyRevisions(t *testing.T) {
	const n = 70_000
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db, _ := corpustest.Open(t, d)
			v := createVersions(t, db)
			ctx := context.Background()
			ids := make([]string, n)
			for i := range ids {
				ids[i] = fmt.Sprintf("%014d_r", i)
			}
			// Some of the rows to delete, at both ends, and one to keep.
			kept := "99999999999999_kept"
			rows := append(append(append([]string{}, ids[:3]...), ids[n-2:]...), kept)
			for _, id := range rows {
				if err := db.Exec("INSERT INTO schema_versions (id, checksum, applied_at, duration_ms, dirty, forced) VALUES (?, 'x', CURRENT_TIMESTAMP, 0, ?, ?)", id, false, false).Error; err != nil {
					t.Fatal(err)
				}
			}
			tx := db.Begin()
			if err := v.deleteAll(ctx, tx, ids); err != nil {
				tx.Rollback()
				t.Fatal(err)
			}
			if err := tx.Commit().Error; err != nil {
				t.Fatal(err)
			}
			var left []string
			if err := db.Raw("SELECT id FROM schema_versions").Scan(&left).Error; err != nil {
				t.Fatal(err)
			}
			if len(left) != 1 || left[0] != kept {
				t.Errorf("rows left: %v; want only %s", left, kept)
			}
		})
	}
}

// TestAppendExecutedPastMaxPacket appends to a revision's progress record
// on MariaDB until it would pass max_allowed_packet, in the non-strict
// sql_mode many older MySQL deployments run with, where CONCAT then
// yields NULL with only a warning: the record of what ran would be lost
// and the next append would start it again from nothing. The append must
// fail instead, naming the setting, and leave the record as it was.
func TestAppendExecutedPastMaxPacket(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(1) // the session's sql_mode below holds for every statement
	if err := db.Exec("SET SESSION sql_mode = ''").Error; err != nil {
		t.Fatal(err)
	}
	var packet int
	if err := db.Raw("SELECT @@max_allowed_packet").Scan(&packet).Error; err != nil {
		t.Fatal(err)
	}
	v := createVersions(t, db)
	ctx := context.Background()
	if err := v.insert(ctx, db, record{ID: "r1", Checksum: "x", Dirty: true}); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", packet*6/10)
	if err := v.appendExecuted(ctx, db, "r1", []string{big}); err != nil {
		t.Fatal(err)
	}
	err = v.appendExecuted(ctx, db, "r1", []string{big})
	var n *int
	if qerr := db.Raw("SELECT LENGTH(executed) FROM schema_versions WHERE id = 'r1'").Scan(&n).Error; qerr != nil {
		t.Fatal(qerr)
	}
	switch {
	case err == nil:
		t.Fatalf("the second append passed max_allowed_packet (%d bytes) without an error; the record now holds %v bytes", packet, n)
	case !strings.Contains(err.Error(), "max_allowed_packet"):
		t.Errorf("the error does not name max_allowed_packet: %v", err)
	}
	if n == nil || *n != len(encodeExecuted([]string{big})) {
		t.Errorf("the record holds %v bytes after the refused append; want the first statement's %d", n, len(encodeExecuted([]string{big})))
	}
}
