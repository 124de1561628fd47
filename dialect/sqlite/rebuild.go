package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// A table rebuild is SQLite's "generalized ALTER TABLE procedure"
// (https://www.sqlite.org/lang_altertable.html#otheralter), which Alembic
// calls batch mode: create the table as it should be under a new name,
// copy the rows, drop the old table, give the new one the old name and
// create its indexes again. Foreign keys must be off while it runs: with
// them on, DROP TABLE deletes or nulls the rows of child tables through ON
// DELETE CASCADE or SET NULL. PRAGMA foreign_keys does nothing inside a
// transaction, so PrepareTx switches them off on the pinned connection
// before the migration's transaction begins, and before commit it runs PRAGMA
// foreign_key_check so that a migration that leaves a dangling reference
// rolls back.
//
// The old table is dropped before the new one takes its name, not renamed
// out of the way first: renaming a table rewrites the REFERENCES clauses of
// its child tables, which would then point at the renamed old table.
// Triggers on the table are dropped with it, and a view that selects from
// it makes the final RENAME fail; migragen's models have neither.

// tempPrefix names the table a rebuild creates before it takes the old
// table's name.
const tempPrefix = "_migragen_new_"

// rebuildFor returns the statements that rebuild t, the table of change c
// in ctx.Before, into t with c applied.
func rebuildFor(ctx *dialect.Context, t *schema.Table, c schema.Change) ([]string, error) {
	b := ctx.SQL()
	next, err := applyToTable(t, c)
	if err != nil {
		return nil, fmt.Errorf("rebuilding table %s for %q: %w", t.Name, c.String(), err)
	}
	fill := map[string]string{}
	if c, ok := c.(schema.AlterColumn); ok && c.Backfills() {
		// An expression, unlike a DEFAULT clause, needs a string literal
		// in single quotes: Builder.Default writes one.
		d, err := b.Default(c.To)
		if err != nil {
			return nil, err
		}
		if d != "" {
			fill[c.To.Name] = "COALESCE(" + b.Quote(c.To.Name) + ", " + d + ")"
		}
	}
	return rebuild(b, t, next, fill)
}

// rebuild returns the statements that turn table from into to (same name):
// the columns of to that from has keep their values, selected through
// fill[column] when it has an expression for them; new columns get their
// default.
func rebuild(b dialect.Builder, from, to *schema.Table, fill map[string]string) ([]string, error) {
	tmp := to.Clone()
	tmp.Name = tempPrefix + to.Name
	tmp.Indexes = nil // index names are global: they are created once the old table is gone
	out, err := createTable(b, tmp)
	if err != nil {
		return nil, err
	}
	// An AUTOINCREMENT key never reuses a value, even of deleted rows:
	// carry the old table's counter over before the rows arrive.
	if slices.ContainsFunc(to.Columns, func(c *schema.Column) bool {
		return strings.Contains(strings.ToUpper(b.Type(c)), "AUTOINCREMENT")
	}) {
		out = append(out, fmt.Sprintf("INSERT INTO sqlite_sequence (name, seq) SELECT %s, seq FROM sqlite_sequence WHERE name = %s",
			b.String(tmp.Name), b.String(from.Name)))
	}
	var cols, values []string
	for _, c := range to.Columns {
		if from.Column(c.Name) == nil {
			continue
		}
		cols = append(cols, b.Quote(c.Name))
		if v, ok := fill[c.Name]; ok {
			values = append(values, v)
		} else {
			values = append(values, b.Quote(c.Name))
		}
	}
	if len(cols) > 0 {
		out = append(out, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s",
			b.Quote(tmp.Name), strings.Join(cols, ","), strings.Join(values, ","), b.Quote(from.Name)))
	}
	out = append(out,
		"DROP TABLE "+b.Quote(from.Name),
		"ALTER TABLE "+b.Quote(tmp.Name)+" RENAME TO "+b.Quote(to.Name))
	for _, ix := range to.Indexes {
		out = append(out, createIndex(b, to.Name, ix))
	}
	return out, nil
}

// applyToTable returns a copy of t with the change c applied, as
// schema.ApplyInPlace applies it to a snapshot holding only t: a migration
// may pass through states that are not consistent as a whole, and only the
// table's own definition matters here.
func applyToTable(t *schema.Table, c schema.Change) (*schema.Table, error) {
	one := &schema.Snapshot{Tables: []*schema.Table{t.Clone()}}
	if err := schema.ApplyInPlace(one, c); err != nil {
		return nil, err
	}
	return one.Tables[0], nil
}

// PrepareTx switches foreign-key enforcement off on the pinned connection
// conn, before the migration's transaction begins, when it is on; the
// scope's After switches it back on and its BeforeCommit checks that the
// migration left no dangling reference. Rebuilding a table drops it, and
// with foreign keys on that deletes the rows of child tables through ON
// DELETE CASCADE. An application that runs with foreign keys off gets
// neither: its existing rows may not satisfy them, and that is its choice.
func (Dialect) PrepareTx(ctx context.Context, conn *gorm.DB) (dialect.TxScope, error) {
	on, err := foreignKeys(ctx, conn)
	if err != nil || !on {
		return dialect.TxScope{}, err
	}
	if err := conn.WithContext(ctx).Exec("PRAGMA foreign_keys = OFF").Error; err != nil {
		return dialect.TxScope{}, fmt.Errorf("switching SQLite foreign keys off for the migration: %w", err)
	}
	if on, err := foreignKeys(ctx, conn); err != nil || on {
		if err == nil {
			err = fmt.Errorf("PRAGMA foreign_keys = OFF had no effect: the connection is inside a transaction")
		}
		return dialect.TxScope{}, fmt.Errorf("switching SQLite foreign keys off for the migration: %w", err)
	}
	return dialect.TxScope{BeforeCommit: foreignKeyCheck, After: func(ctx context.Context) error {
		// Switch them back on even when the migration was cancelled: the
		// connection goes back to the application's pool.
		if err := conn.WithContext(context.WithoutCancel(ctx)).Exec("PRAGMA foreign_keys = ON").Error; err != nil {
			return fmt.Errorf("switching SQLite foreign keys back on after the migration: %w", err)
		}
		return nil
	}}, nil
}

func foreignKeys(ctx context.Context, conn *gorm.DB) (bool, error) {
	var on bool
	if err := conn.WithContext(ctx).Raw("PRAGMA foreign_keys").Row().Scan(&on); err != nil {
		return false, fmt.Errorf("reading SQLite's PRAGMA foreign_keys: %w", err)
	}
	return on, nil
}

// maxViolations bounds how many foreign-key violations an error lists.
const maxViolations = 10

// foreignKeyCheck runs PRAGMA foreign_key_check in the migration's
// transaction and fails, so that the transaction rolls back, when a row
// references a parent row or table that does not exist: the migration ran
// with foreign keys off and must not leave such rows behind.
func foreignKeyCheck(ctx context.Context, tx *gorm.DB) error {
	rows, err := tx.WithContext(ctx).Raw("PRAGMA foreign_key_check").Rows()
	if err != nil {
		return fmt.Errorf("checking foreign keys before commit: %w", err)
	}
	type violation struct {
		table, parent string
		rowid         sql.NullInt64
		fk            int
	}
	var found []violation
	total := 0
	for rows.Next() {
		var v violation
		if err := rows.Scan(&v.table, &v.rowid, &v.parent, &v.fk); err != nil {
			rows.Close()
			return fmt.Errorf("checking foreign keys before commit: %w", err)
		}
		if total++; len(found) < maxViolations {
			found = append(found, v)
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("checking foreign keys before commit: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("checking foreign keys before commit: %w", err)
	}
	if total == 0 {
		return nil
	}
	lines := make([]string, len(found))
	for i, v := range found {
		row := "a row"
		if v.rowid.Valid {
			row = fmt.Sprintf("rowid %d", v.rowid.Int64)
		}
		lines[i] = fmt.Sprintf("%s %s%s has no parent in %s", v.table, row, fkColumns(ctx, tx, v.table, v.fk), v.parent)
	}
	if total > len(found) {
		lines = append(lines, fmt.Sprintf("and %d more", total-len(found)))
	}
	return fmt.Errorf("the migration leaves %d rows that violate foreign keys (PRAGMA foreign_key_check), so it is rolled back: %s", total, strings.Join(lines, "; "))
}

// fkColumns names the columns of foreign key number id of table as
// " (a, b)", or "" when SQLite cannot say.
func fkColumns(ctx context.Context, tx *gorm.DB, table string, id int) string {
	var cols []struct{ From string }
	err := tx.WithContext(ctx).Raw(`SELECT "from" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq`, table, id).Scan(&cols).Error
	if err != nil || len(cols) == 0 {
		return ""
	}
	from := make([]string, len(cols))
	for i, c := range cols {
		from[i] = c.From
	}
	return " (" + strings.Join(from, ", ") + ")"
}
