package migrate_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// TestNewerRevisions runs an old binary (the first migration) against a
// database a newer one (both) migrated. With WithNewerRevisions, Up is a
// no-op and Status lists the newer revision; Down still refuses, and so
// does Up when the newer revision is not on top of the old head: applied
// before it, dirty, or with the old head changed or missing.
func TestNewerRevisions(t *testing.T) {
	const newerID = "20260102000000_users"
	setup := func(t *testing.T) (*migrate.Migrator, *gorm.DB, func(string)) {
		ctx := context.Background()
		db, _ := corpustest.Open(t, corpustest.SQLite)
		migs := driftMigrations()
		if err := mustNew(t, db, migs).Up(ctx); err != nil {
			t.Fatal(err)
		}
		exec := func(q string) {
			t.Helper()
			if err := db.Exec(q).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return mustNew(t, db, migs[:1], migrate.WithNewerRevisions()), db, exec
	}
	ctx := context.Background()
	unknownErr := "revisions this program does not know: " + newerID

	t.Run("on top", func(t *testing.T) {
		old, db, _ := setup(t)
		if err := old.Up(ctx); err != nil {
			t.Fatalf("Up of the old binary: %v", err)
		}
		st, err := old.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(st.Unknown, ",") != newerID || len(st.Pending) != 0 || !st.Newer {
			t.Errorf("status: unknown %q, pending %v, newer %v; want %s unknown, tolerated, and nothing pending", st.Unknown, st.Pending, st.Newer, newerID)
		}
		// The status command does not fail a deploy gate over them.
		var out strings.Builder
		cmd := migrate.Command(db, driftMigrations()[:1], migrate.WithNewerRevisions())
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(ctx, []string{"status"}); err != nil {
			t.Errorf("status command with the option: %v\n%s", err, out.String())
		}
		if err := old.Down(ctx, 1); err == nil || !strings.Contains(err.Error(), "applied on top of this program's head") {
			t.Errorf("Down of the old binary: %v, want a refusal", err)
		}
		// Without the option the old binary refuses, as before.
		if err := mustNew(t, db, driftMigrations()[:1]).Up(ctx); err == nil || !strings.Contains(err.Error(), unknownErr) {
			t.Errorf("Up without the option: %v", err)
		}
	})
	t.Run("applied before the head", func(t *testing.T) {
		old, _, exec := setup(t)
		exec("UPDATE migragen_versions SET applied_at = '2000-01-01 00:00:00' WHERE id = '" + newerID + "'")
		if err := old.Up(ctx); err == nil || !strings.Contains(err.Error(), unknownErr) {
			t.Errorf("Up: %v, want the unknown-revision refusal", err)
		}
	})
	t.Run("dirty", func(t *testing.T) {
		old, _, exec := setup(t)
		exec("UPDATE migragen_versions SET dirty = true WHERE id = '" + newerID + "'")
		if err := old.Up(ctx); err == nil || !strings.Contains(err.Error(), unknownErr) {
			t.Errorf("Up: %v, want the unknown-revision refusal", err)
		}
	})
	t.Run("own revision pending", func(t *testing.T) {
		_, db, _ := setup(t)
		migs := driftMigrations()
		own := migrate.Migration{ID: "20260101000001_own", Parents: []string{migs[0].ID}, Up: []migrate.Step{migrate.SQL{Up: "SELECT 1", Down: "SELECT 1"}}}
		old := mustNew(t, db, []migrate.Migration{migs[0], own}, migrate.WithNewerRevisions())
		if err := old.Up(ctx); err == nil || !strings.Contains(err.Error(), unknownErr) {
			t.Errorf("Up: %v, want the unknown-revision refusal", err)
		}
	})
	t.Run("checksum mismatch", func(t *testing.T) {
		old, _, exec := setup(t)
		exec("UPDATE migragen_versions SET checksum = 'x' WHERE id = '20260101000000_companies'")
		if err := old.Up(ctx); err == nil || !strings.Contains(err.Error(), "was changed after it ran") {
			t.Errorf("Up: %v, want the checksum refusal", err)
		}
	})
}
