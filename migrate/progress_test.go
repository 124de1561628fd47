package migrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// rawExecuted reads the executed column of revision id as stored, and
// decodes it independently of the runtime: one JSON string a line.
func rawExecuted(t *testing.T, db *gorm.DB, id string) (raw string, stmts []string) {
	t.Helper()
	var col *string
	if err := db.Raw("SELECT executed FROM "+migrate.DefaultVersionTable+" WHERE id = ?", id).Scan(&col).Error; err != nil {
		t.Fatal(err)
	}
	if col == nil {
		return "", nil
	}
	for _, line := range strings.Split(strings.TrimSuffix(*col, "\n"), "\n") {
		var s string
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("executed column %q: line %q is not a JSON string: %v", *col, line, err)
		}
		stmts = append(stmts, s)
	}
	return *col, stmts
}

// TestProgressRecordsExecuted fails a migration half-way where its
// statements commit one by one (MariaDB; NoTransaction on PostgreSQL),
// with statements that span lines and hold quotes: the dirty row must
// list exactly the statements that ran, in order, both while the
// migration runs (a Go step reads the row from another connection, as
// after a kill) and after the failure; Resolve then clears it.
func TestProgressRecordsExecuted(t *testing.T) {
	for _, d := range []corpustest.Dialect{corpustest.MariaDB, corpustest.PostgreSQL} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			const id = "20260101000000_notes"
			stmts := []string{
				"CREATE TABLE notes (\n\tid int PRIMARY KEY,\n\tbody varchar(200) DEFAULT 'say \"hi\"'\n)",
				"INSERT INTO notes (id, body) VALUES (1, 'line one\nline two, it''s \"quoted\"')",
				"INSERT INTO notes (id) VALUES (2)",
			}
			const goStepName = `Go step "peek" (up)`
			var seen []string
			mig := migrate.Migration{ID: id, NoTransaction: d == corpustest.PostgreSQL, Up: []migrate.Step{
				migrate.SQL{Up: stmts[0], Down: "DROP TABLE notes"},
				migrate.SQL{Up: stmts[1], Down: migrate.NothingToUndo},
				migrate.Go{Name: "peek", Up: func(context.Context, *gorm.DB) error {
					_, seen = rawExecuted(t, db, id)
					return nil
				}, Down: migrate.Nothing},
				migrate.SQL{Up: stmts[2], Down: migrate.NothingToUndo},
				migrate.SQL{Up: "UPDATE no_such_table SET x = 1", Down: migrate.NothingToUndo},
			}}
			err := mustNew(t, db, []migrate.Migration{mig}).Up(ctx)
			var de *migrate.DirtyError
			if !errors.As(err, &de) {
				t.Fatalf("Up: %v, want a DirtyError", err)
			}
			if want := stmts[:2]; !slices.Equal(seen, want) {
				t.Errorf("while running, the row listed %q, want %q", seen, want)
			}
			want := []string{stmts[0], stmts[1], goStepName, stmts[2]}
			if !slices.Equal(de.Executed, want) {
				t.Errorf("the error's Executed = %q, want %q", de.Executed, want)
			}
			raw, stored := rawExecuted(t, db, id)
			if !slices.Equal(stored, want) {
				t.Errorf("the executed column %q holds %q, want %q", raw, stored, want)
			}
			if rows := count(t, db, "notes"); rows != 2 {
				t.Errorf("notes holds %d rows, want the 2 inserted before the failure", rows)
			}
			st, err := mustNew(t, db, []migrate.Migration{mig}).Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Dirty == nil || !slices.Equal(st.Dirty.Executed, want) {
				t.Fatalf("status: dirty %+v, want Executed %q", st.Dirty, want)
			}
			if err := mustNew(t, db, []migrate.Migration{mig}).Resolve(ctx, id, true); err != nil {
				t.Fatal(err)
			}
			if raw, _ := rawExecuted(t, db, id); raw != "" {
				t.Errorf("after Resolve the executed column still holds %q", raw)
			}
			if st, err := mustNew(t, db, []migrate.Migration{mig}).Status(ctx); err != nil || st.Dirty != nil || len(st.Applied) != 1 {
				t.Errorf("status after Resolve: %+v, %v", st, err)
			}
		})
	}
}

// TestProgressOldFormatRow writes by hand a dirty row as releases before
// the line form recorded it, a JSON array: it still reads, and Resolve
// clears it.
func TestProgressOldFormatRow(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			mig := createItems("20260101000000_items")
			m := mustNew(t, db, []migrate.Migration{mig})
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			execSQL(t, db, "INSERT INTO items (name) VALUES ('it''s')")
			want := []string{"CREATE TABLE items (\n  id int\n)", `ALTER TABLE items ADD note text DEFAULT 'say "hi"'`}
			old, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			execSQL(t, db, "UPDATE "+migrate.DefaultVersionTable+" SET dirty = ?, failed_statement = ?, error = ?, executed = ? WHERE id = ?",
				true, "UPDATE no_such_table SET x = 1", "boom", string(old), mig.ID)
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Dirty == nil || !slices.Equal(st.Dirty.Executed, want) {
				t.Fatalf("status of the old-format row: dirty %+v, want Executed %q", st.Dirty, want)
			}
			if err := m.Resolve(ctx, mig.ID, true); err != nil {
				t.Fatal(err)
			}
			if st, err := m.Status(ctx); err != nil || st.Dirty != nil || len(st.Applied) != 1 {
				t.Errorf("status after Resolve: %+v, %v", st, err)
			}
			if raw, _ := rawExecuted(t, db, mig.ID); raw != "" {
				t.Errorf("after Resolve the executed column still holds %q", raw)
			}
		})
	}
}
