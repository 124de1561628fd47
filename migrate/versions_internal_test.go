package migrate

import (
	"context"
	"fmt"
	"testing"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/corpustest"
)

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
			dia, err := dialect.Lookup(db)
			if err != nil {
				t.Fatal(err)
			}
			v := versions{table: "schema_versions", dialect: dia}
			ctx := context.Background()
			if err := v.create(ctx, db); err != nil {
				t.Fatal(err)
			}
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
