package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// narrowItems is a revision after createItems that narrows items.name to
// size, with the check the generator writes for it.
func narrowItems(size int, waived string) migrate.Migration {
	from := itemsTable().Columns[1]
	to := *from
	to.Size = size
	return migrate.Migration{ID: "20260102000000_narrow", Parents: []string{"20260101000000_items"},
		Up: []migrate.Step{
			migrate.Checks{schema.ValuesFit{Table: "items", Column: "name", From: from, To: &to, Waived: waived}},
			migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "items", From: from, To: &to}}},
		},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "items", From: &to, To: from}}}}}
}

// TestChecksRefuseBeforeAnyChange narrows a column on a populated table
// whose rows do not all fit. On every engine the migration must be refused
// before its first statement, naming the table, the column, the number of
// offending rows and their keys, with nothing changed: the revision stays
// pending, nothing is dirty (MariaDB), and every row keeps its full value.
// Once the rows are fixed, the same migration applies.
func TestChecksRefuseBeforeAnyChange(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := []migrate.Migration{createItems("20260101000000_items"), narrowItems(8, "")}
			m := mustNew(t, db, migs)
			if err := m.UpTo(ctx, "20260101000000_items"); err != nil {
				t.Fatal(err)
			}
			long := map[int]bool{4: true, 9: true, 17: true}
			want := map[int]string{}
			for id := 1; id <= 20; id++ {
				want[id] = fmt.Sprint("n", id)
				if long[id] {
					want[id] = fmt.Sprintf("a name longer than eight characters, row %d", id)
				}
				if err := db.Exec("INSERT INTO items (id, name) VALUES (?, ?)", id, want[id]).Error; err != nil {
					t.Fatal(err)
				}
			}
			err := m.Up(ctx)
			var ce *migrate.CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("Up: %v, want a CheckError", err)
			}
			if ce.Revision != "20260102000000_narrow" || ce.Count != 3 {
				t.Errorf("CheckError names %s with %d rows, want 20260102000000_narrow with 3", ce.Revision, ce.Count)
			}
			for id := range long {
				if !slices.ContainsFunc(ce.Samples, func(s string) bool { return strings.Contains(s, fmt.Sprint(id)) }) {
					t.Errorf("the samples %q do not name row %d", ce.Samples, id)
				}
			}
			if msg := err.Error(); !strings.Contains(msg, "items.name") || !strings.Contains(msg, "Nothing was changed") || !strings.Contains(msg, "Waived") {
				t.Errorf("the refusal does not name the column, say nothing changed, or say how to waive: %s", msg)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Dirty != nil || len(st.Pending) != 1 {
				t.Fatalf("after the refusal: dirty %v, %d pending; want the revision pending and nothing dirty", st.Dirty, len(st.Pending))
			}
			// when tags the query: PostgreSQL refuses a statement the
			// driver prepared before the column's type changed.
			checkNames := func(when string) {
				t.Helper()
				var rows []struct {
					ID   int
					Name string
				}
				if err := db.Raw("SELECT id, name FROM items -- " + when).Scan(&rows).Error; err != nil {
					t.Fatal(err)
				}
				got := map[int]string{}
				for _, r := range rows {
					got[r.ID] = r.Name
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("rows after the refusal: %v, want %v", got, want)
				}
			}
			checkNames("refused")
			for id := range long {
				want[id] = fmt.Sprint("n", id)
				if err := db.Exec("UPDATE items SET name = ? WHERE id = ?", want[id], id).Error; err != nil {
					t.Fatal(err)
				}
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up once the rows fit: %v", err)
			}
			checkNames("applied")
		})
	}
}

// TestWaivedCheckSkipped: a waived check does not run, and the migration
// goes ahead on rows that would fail it. SQLite stores any length, so the
// rows keep their values there.
func TestWaivedCheckSkipped(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.SQLite)
	m := mustNew(t, db, []migrate.Migration{createItems("20260101000000_items"), narrowItems(8, "long names are cut by the new API anyway")})
	if err := m.UpTo(ctx, "20260101000000_items"); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO items (name) VALUES ('a name longer than eight characters')").Error; err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatalf("Up with the check waived: %v", err)
	}
}

// TestCheckSQL: the offline script shows each check's query as a comment
// before the statements it guards.
func TestCheckSQL(t *testing.T) {
	ctx := context.Background()
	// PostgreSQL, where the narrowing is an ALTER (SQLite stores both
	// sizes as text and writes no statement to order against).
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	m := mustNew(t, db, []migrate.Migration{createItems("20260101000000_items"), narrowItems(8, "")})
	script, err := m.SQL(ctx, "20260101000000_items", "head")
	if err != nil {
		t.Fatal(err)
	}
	check := strings.Index(script, "-- check items.name: every value fits")
	alter := strings.Index(script, "ALTER TABLE")
	if check < 0 || !strings.Contains(script, "must return 0") || alter < 0 || alter < check {
		t.Errorf("the script does not show the check before the statements:\n%s", script)
	}
}

// TestNarrowingLocksAgainstLateWrites: on PostgreSQL a value written after
// the narrowing check passed, but before the ALTER ran, must not be
// truncated by ALTER ... TYPE ... USING: the check locks the table against
// writes for the migration's transaction, so the late insert waits and
// then fails on the narrowed column instead.
func TestNarrowingLocksAgainstLateWrites(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	narrow := narrowItems(8, "")
	// A data step before the schema step holds the window open: checks run
	// before any step.
	inWindow := make(chan struct{})
	narrow.Up = append([]migrate.Step{narrow.Up[0], migrate.Go{Name: "pause", Up: func(context.Context, *gorm.DB) error {
		close(inWindow)
		time.Sleep(time.Second)
		return nil
	}, Down: migrate.Nothing}}, narrow.Up[1:]...)
	m := mustNew(t, db, []migrate.Migration{createItems("20260101000000_items"), narrow})
	if err := m.UpTo(ctx, "20260101000000_items"); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO items (name) VALUES ('short')").Error; err != nil {
		t.Fatal(err)
	}
	late := make(chan error, 1)
	go func() {
		<-inWindow
		late <- db.Exec("INSERT INTO items (name) VALUES ('a name much longer than eight')").Error
	}()
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-late; err == nil {
		t.Error("the late insert of a long name succeeded")
	}
	var names []string
	if err := db.Raw("SELECT name FROM items ORDER BY id -- after").Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "short" {
		t.Errorf("rows after the migration: %q, want only the short name (a truncated late row means the check did not hold the table)", names)
	}
}

// TestNoNullsFilledFrom checks a NOT NULL that a copy step fills first, as
// a renamed column's contraction does: rows whose new column is NULL but
// whose old one holds a value pass; a row where both are NULL is refused
// before anything runs, naming it, on every engine.
func TestNoNullsFilledFrom(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			col := func(name string, notNull bool) *schema.Column {
				return &schema.Column{Name: name, DataType: schema.String, GORMDataType: schema.String, Size: 100, NotNull: notNull}
			}
			pairs := &schema.Table{Name: "pairs", Columns: []*schema.Column{itemsTable().Columns[0], col("old_name", false), col("new_name", false)}}
			tighten := []schema.Change{schema.AlterColumn{Table: "pairs", From: col("new_name", false), To: col("new_name", true)}}
			migs := []migrate.Migration{
				{ID: "20260101000000_pairs",
					Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: pairs}}}},
					Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: pairs}}}}},
				{ID: "20260102000000_tighten", Parents: []string{"20260101000000_pairs"},
					Up: []migrate.Step{
						migrate.Checks{schema.NoNulls{Table: "pairs", Column: "new_name", FilledFrom: "old_name"}},
						migrate.SQL{Up: "UPDATE pairs SET new_name = old_name WHERE new_name IS NULL", Down: "SELECT 1"},
						migrate.Schema{Changes: tighten},
					},
					Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(tighten)}}},
			}
			m := mustNew(t, db, migs)
			if err := m.UpTo(ctx, migs[0].ID); err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("INSERT INTO pairs (id, old_name, new_name) VALUES (1, 'a', NULL), (2, NULL, 'b'), (3, NULL, NULL)").Error; err != nil {
				t.Fatal(err)
			}
			var ce *migrate.CheckError
			if err := m.Up(ctx); !errors.As(err, &ce) || ce.Count != 1 || len(ce.Samples) != 1 || !strings.Contains(ce.Samples[0], "3") {
				t.Fatalf("Up with a row lacking both columns = %v, want a CheckError naming row 3 only", err)
			}
			if err := db.Exec("DELETE FROM pairs WHERE id = 3").Error; err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up with every row fillable: %v", err)
			}
		})
	}
}

// TestSQLNothingToUndo rolls back a revision whose SQL step's Down is
// migrate.NothingToUndo on every engine: the rollback runs nothing for the
// step and succeeds, where the same step with an empty Down is refused as
// irreversible.
func TestSQLNothingToUndo(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			irreversible := []migrate.Migration{createItems("20260101000000_items",
				migrate.SQL{Up: "INSERT INTO items (name) VALUES ('seed')"})}
			if err := mustNew(t, db, irreversible).Up(ctx); err != nil {
				t.Fatal(err)
			}
			if err := mustNew(t, db, irreversible).Down(ctx, 1); err == nil || !strings.Contains(err.Error(), "cannot be rolled back") {
				t.Fatalf("Down over a SQL step without a Down = %v, want a refusal", err)
			}
			migs := []migrate.Migration{createItems("20260101000000_items",
				migrate.SQL{Up: "INSERT INTO items (name) VALUES ('seed')", Down: migrate.NothingToUndo})}
			m := mustNew(t, db, migs, migrate.WithVersionTable("other_versions"))
			if err := db.Migrator().DropTable("items", "migragen_versions"); err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if err := m.Down(ctx, 1); err != nil {
				t.Fatalf("Down over a step with nothing to undo: %v", err)
			}
			if db.Migrator().HasTable("items") {
				t.Error("the rollback left items")
			}
		})
	}
}
