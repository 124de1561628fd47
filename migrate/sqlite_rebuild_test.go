package migrate_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestRebuildRestoresBeforeDataStep rebuilds a SQLite table that has a
// hand-made audit trigger, then runs a data step in the same migration
// that updates the table: the trigger must already be back and fire for
// that update, and still be there after commit.
func TestRebuildRestoresBeforeDataStep(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.SQLite)
	m := mustNew(t, db, []migrate.Migration{createItems("20260101000000_items")})
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE audit (item_id integer, name text)",
		"CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN INSERT INTO audit VALUES (new.id, new.name); END",
		"INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')",
	} {
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	// Making the column nullable rebuilds the table on SQLite.
	from := itemsTable().Columns[1]
	to := *from
	to.NotNull = false
	widen := migrate.Migration{ID: "20260102000000_widen", Parents: []string{"20260101000000_items"},
		Up: []migrate.Step{
			migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "items", From: from, To: &to}}},
			migrate.Go{Name: "rename one", Up: func(ctx context.Context, tx *gorm.DB) error {
				return tx.Exec("UPDATE items SET name = 'uno' WHERE id = 1").Error
			}, Down: migrate.Nothing},
		},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AlterColumn{Table: "items", From: &to, To: from}}}}}
	m = mustNew(t, db, []migrate.Migration{createItems("20260101000000_items"), widen})
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var audited []string
	if err := db.Raw("SELECT name FROM audit ORDER BY item_id").Scan(&audited).Error; err != nil {
		t.Fatal(err)
	}
	if len(audited) != 1 || audited[0] != "uno" {
		t.Errorf("audit rows after the data step: %q, want [uno]: the trigger was not back when the step ran", audited)
	}
	var triggers int64
	if err := db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'items_audit'").Scan(&triggers).Error; err != nil || triggers != 1 {
		t.Errorf("the trigger after commit: %d, %v", triggers, err)
	}
}
