package sqlite

import (
	"context"
	"database/sql"
	"errors"
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
//
// The database may hold objects the models do not define: triggers,
// indexes and views made by hand. DROP TABLE removes the table's own
// triggers and indexes, so the rebuild keeps their SQL, as sqlite_master
// holds it, in a temporary table before the DROP, and the transaction
// scope's AfterChange creates them again right after the change (see keep
// and restoreKept): Compile runs no query, and SQLite
// has no statement that runs SQL text read from a table. Views and the
// triggers of other tables survive a DROP TABLE, but with
// legacy_alter_table off the final RENAME checks them, finds them naming a
// table that does not exist at that moment and fails; the RENAME runs with
// legacy_alter_table on, which leaves them as they are, and AfterChange
// checks afterwards that every view and trigger still fits the schema.
// Whatever no longer fits (it uses a column the rebuild dropped) makes the
// migration roll back with an error that names it: rewriting SQL the user
// wrote is a guess, while a refusal changes nothing.

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
	out = append(out, keep(b, from)...)
	out = append(out,
		"DROP TABLE "+b.Quote(from.Name),
		"PRAGMA legacy_alter_table = ON",
		"ALTER TABLE "+b.Quote(tmp.Name)+" RENAME TO "+b.Quote(to.Name),
		"PRAGMA legacy_alter_table = OFF")
	for _, ix := range to.Indexes {
		out = append(out, createIndex(b, to.Name, ix))
	}
	return out, nil
}

// keptTable is the temporary table in which rebuilds keep, until
// BeforeCommit, what DROP TABLE removes and the models do not define. A
// row of type 'table' records only that its table was rebuilt. It is
// created in the migration's transaction, so a rollback removes it too.
const keptTable = "_migragen_rebuild_kept"

// keep returns the statements that record, before table from is dropped,
// that it is rebuilt and the SQL of its triggers and indexes that the
// models do not define: the indexes of from are created again by the
// rebuild itself (or are meant to go), and indexes SQLite made for a
// UNIQUE or PRIMARY KEY have no SQL. The comment tells the reader of an
// offline script what happens to the rows.
func keep(b dialect.Builder, from *schema.Table) []string {
	outside := "type IN ('index', 'trigger') AND sql IS NOT NULL"
	if len(from.Indexes) > 0 {
		model := make([]string, len(from.Indexes))
		for i, ix := range from.Indexes {
			model[i] = b.String(b.ShortName(ix.Name, ix.Derived))
		}
		outside += " AND name COLLATE NOCASE NOT IN (" + strings.Join(model, ", ") + ")"
	}
	kept := "temp." + b.Quote(keptTable)
	return []string{
		"CREATE TEMP TABLE IF NOT EXISTS " + kept + " (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, sql TEXT)",
		fmt.Sprintf("INSERT INTO %s (tbl, type, name, sql) SELECT tbl_name, type, name, sql FROM main.sqlite_master WHERE tbl_name = %s COLLATE NOCASE AND (type = 'table' OR %s) ORDER BY rowid"+
			" /* migragen's runtime creates these triggers and indexes again before COMMIT: by hand, run the sql of each row that is not a table, in seq order, then drop this table */",
			kept, b.String(from.Name), outside),
	}
}

// keptObject is a row of keptTable.
type keptObject struct {
	Tbl, Type, Name string
	SQL             sql.NullString
}

// restoreKept creates again, in tx before commit, the triggers and indexes
// that the migration's rebuilds kept, then drops keptTable and checks that
// every view and trigger still fits the schema. An object the migration
// made again under the same name (a SQL step after the rebuild) is left as
// it is. An object that no longer fits fails the migration with advice.
func restoreKept(ctx context.Context, tx *gorm.DB) error {
	db := tx.WithContext(ctx)
	b := dialect.NewBuilder(tx)
	var n int
	if err := db.Raw("SELECT count(*) FROM sqlite_temp_master WHERE type = 'table' AND name = ?", keptTable).Scan(&n).Error; err != nil {
		return fmt.Errorf("looking for the objects table rebuilds kept: %w", err)
	}
	if n == 0 {
		return nil // no rebuild
	}
	var kept []keptObject
	if err := db.Raw("SELECT tbl, type, name, sql FROM temp." + b.Quote(keptTable) + " ORDER BY seq").Scan(&kept).Error; err != nil {
		return fmt.Errorf("reading the objects table rebuilds kept: %w", err)
	}
	var rebuilt []string
	for _, k := range kept {
		if k.Type == "table" {
			if !slices.Contains(rebuilt, k.Tbl) {
				rebuilt = append(rebuilt, k.Tbl)
			}
			continue
		}
		var exists int
		if err := db.Raw("SELECT count(*) FROM main.sqlite_master WHERE type = ? AND name = ? COLLATE NOCASE", k.Type, k.Name).Scan(&exists).Error; err != nil {
			return fmt.Errorf("looking for %s %s: %w", k.Type, k.Name, err)
		}
		if exists > 0 {
			continue
		}
		// Verbatim: GORM's Exec would take a ? or @name in the user's
		// SQL for a parameter.
		if _, err := db.Statement.ConnPool.ExecContext(ctx, k.SQL.String); err != nil {
			return fmt.Errorf("rebuilding table %s (SQLite cannot alter it in place) dropped its %s %s, made outside the models, and it cannot be created again: %w; "+
				"drop it before this change (a SQL step) and create it again, to fit the new table, after it; its SQL was: %s",
				k.Tbl, k.Type, k.Name, err, k.SQL.String)
		}
	}
	if err := db.Exec("DROP TABLE temp." + b.Quote(keptTable)).Error; err != nil {
		return fmt.Errorf("dropping the table of kept objects: %w", err)
	}
	return checkSchema(ctx, tx, rebuilt)
}

// checkSchema makes SQLite check every view and trigger of the schema, as
// it does before and after it renames a column: CREATE VIEW and CREATE
// TRIGGER do not check the columns they name, and neither did the
// rebuild's RENAME with legacy_alter_table on. A column of a rebuilt
// table is renamed to its own name inside a savepoint that is then rolled
// back, so nothing changes.
func checkSchema(ctx context.Context, tx *gorm.DB, rebuilt []string) error {
	table, column, err := firstColumn(ctx, tx, rebuilt)
	if err != nil || table == "" {
		return err
	}
	db := tx.WithContext(ctx)
	if err := db.Exec("SAVEPOINT migragen_check").Error; err != nil {
		return fmt.Errorf("checking the views and triggers after a rebuild: %w", err)
	}
	b := dialect.NewBuilder(tx)
	check := db.Exec(b.Alter(table, "RENAME COLUMN "+b.Quote(column)+" TO "+b.Quote(column))).Error
	if err := db.Exec("ROLLBACK TO migragen_check").Error; err != nil {
		return errors.Join(check, err)
	}
	if err := db.Exec("RELEASE migragen_check").Error; err != nil {
		return errors.Join(check, err)
	}
	if check != nil {
		return fmt.Errorf("after rebuilding %s (SQLite cannot alter it in place), a view or trigger made outside the models no longer fits the schema: %w; "+
			"drop it before this change (a SQL step) and create it again, to fit the new table, after it", strings.Join(rebuilt, ", "), check)
	}
	return nil
}

// firstColumn returns the first of tables that still exists (a later
// change of the migration may have dropped it) and its first column, or
// "" when none does.
func firstColumn(ctx context.Context, tx *gorm.DB, tables []string) (table, column string, err error) {
	for _, t := range tables {
		err := tx.WithContext(ctx).Raw("SELECT name FROM pragma_table_info(?) ORDER BY cid LIMIT 1", t).Row().Scan(&column)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("reading the columns of %s: %w", t, err)
		}
		return t, column, nil
	}
	return "", "", nil
}

// Rebuilds reports whether Compile does c by rebuilding its table, for
// lint to say so: it asks Compile itself, whose rebuild statements are the
// only ones naming a tempPrefix table, so the two cannot disagree.
func Rebuilds(ctx *dialect.Context, c schema.Change) (bool, error) {
	stmts, err := Dialect{}.Compile(ctx, c)
	return slices.ContainsFunc(stmts, func(s string) bool { return strings.Contains(s, tempPrefix) }), err
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

// PrepareTx readies the pinned connection conn before the migration's
// transaction begins. It switches foreign-key enforcement off when it is
// on; the scope's After switches it back on and its BeforeCommit checks
// that the migration left no dangling reference. Rebuilding a table drops
// it, and with foreign keys on that deletes the rows of child tables
// through ON DELETE CASCADE. An application that runs with foreign keys
// off gets neither: its existing rows may not satisfy them, and that is
// its choice. AfterChange creates again what a rebuild kept
// (restoreKept), right after the change, and BeforeCommit for a caller
// without AfterChange; After puts legacy_alter_table back as it was, which a
// rebuild that failed half-way may have left on: pragmas are not undone
// by a rollback.
func (Dialect) PrepareTx(ctx context.Context, conn *gorm.DB) (dialect.TxScope, error) {
	legacy, err := pragmaOn(ctx, conn, "legacy_alter_table")
	if err != nil {
		return dialect.TxScope{}, err
	}
	fk, err := pragmaOn(ctx, conn, "foreign_keys")
	if err != nil {
		return dialect.TxScope{}, err
	}
	if fk {
		if err := conn.WithContext(ctx).Exec("PRAGMA foreign_keys = OFF").Error; err != nil {
			return dialect.TxScope{}, fmt.Errorf("switching SQLite foreign keys off for the migration: %w", err)
		}
		if on, err := pragmaOn(ctx, conn, "foreign_keys"); err != nil || on {
			if err == nil {
				err = fmt.Errorf("PRAGMA foreign_keys = OFF had no effect: the connection is inside a transaction")
			}
			return dialect.TxScope{}, fmt.Errorf("switching SQLite foreign keys off for the migration: %w", err)
		}
	}
	return dialect.TxScope{
		// Right after the change that rebuilt a table, so that data steps
		// and later changes of the migration see its triggers and
		// indexes; BeforeCommit finds nothing left then.
		AfterChange: restoreKept,
		BeforeCommit: func(ctx context.Context, tx *gorm.DB) error {
			if err := restoreKept(ctx, tx); err != nil || !fk {
				return err
			}
			return foreignKeyCheck(ctx, tx)
		},
		After: func(ctx context.Context) error {
			// Even when the migration was cancelled: the connection goes
			// back to the application's pool.
			db := conn.WithContext(context.WithoutCancel(ctx))
			if err := db.Exec(fmt.Sprintf("PRAGMA legacy_alter_table = %t", legacy)).Error; err != nil {
				return fmt.Errorf("putting SQLite's legacy_alter_table back after the migration: %w", err)
			}
			if !fk {
				return nil
			}
			if err := db.Exec("PRAGMA foreign_keys = ON").Error; err != nil {
				return fmt.Errorf("switching SQLite foreign keys back on after the migration: %w", err)
			}
			return nil
		},
	}, nil
}

// pragmaOn reads the boolean pragma name on conn.
func pragmaOn(ctx context.Context, conn *gorm.DB, name string) (bool, error) {
	var on bool
	if err := conn.WithContext(ctx).Raw("PRAGMA " + name).Row().Scan(&on); err != nil {
		return false, fmt.Errorf("reading SQLite's PRAGMA %s: %w", name, err)
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
