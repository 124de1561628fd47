package migrate

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// DefaultVersionTable is the version table's name unless WithVersionTable
// says otherwise.
const DefaultVersionTable = "migragen_versions"

// record is one row of the version table: an applied revision, or one whose
// apply failed or was interrupted where DDL is not transactional (dirty).
type record struct {
	ID              string
	Checksum        string
	AppliedAt       time.Time
	DurationMS      int64
	Dirty           bool
	FailedStatement string
	Error           string
	// Executed lists, for a dirty row, what ran before the failure: each
	// statement, or "Go step ..." for a data step.
	Executed []string
	// Fingerprint is the hash of the catalog of the migrations' tables
	// taken when the revision was applied (WithDriftCheck), or "".
	Fingerprint string
	// Forced says the revision was stamped although the database did not
	// match it.
	Forced bool
}

// versionTable describes the table through the same snapshot types the
// migrations use, so each dialect creates it with its own compiler.
func versionTable(name string) *schema.Table {
	str := func(n string, size int, notNull bool) *schema.Column {
		return &schema.Column{Name: n, DataType: schema.String, GORMDataType: schema.String, Size: size, NotNull: notNull}
	}
	return &schema.Table{Name: name, Columns: append([]*schema.Column{
		{Name: "id", DataType: schema.String, GORMDataType: schema.String, Size: 191, PrimaryKey: true, NotNull: true},
		str("checksum", 64, true),
		{Name: "applied_at", DataType: schema.Time, GORMDataType: schema.Time, NotNull: true},
		{Name: "duration_ms", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, NotNull: true, HasDefault: true, Default: "0", DefaultKind: schema.Int},
		{Name: "dirty", DataType: schema.Bool, GORMDataType: schema.Bool, NotNull: true, HasDefault: true, Default: "false", DefaultKind: schema.Bool},
		str("failed_statement", 0, false),
		str("error", 0, false),
	}, addedColumns()...)}
}

// addedColumns are the version table's columns that came after its first
// form, in the order they came: a table an older migragen made gains the
// ones it lacks when a run takes the lock (ensureTable). They are nullable
// or have a default, so rows written before them stay valid.
func addedColumns() []*schema.Column {
	return []*schema.Column{
		// A dirty row's executed statements, each a JSON string on a
		// line of its own (a JSON array before).
		{Name: "executed", DataType: schema.String, GORMDataType: schema.String},
		// The catalog fingerprint taken when the revision was applied.
		{Name: "fingerprint", DataType: schema.String, GORMDataType: schema.String, Size: 64},
		// Whether the revision was stamped over differences.
		{Name: "forced", DataType: schema.Bool, GORMDataType: schema.Bool, NotNull: true, HasDefault: true, Default: "false", DefaultKind: schema.Bool},
	}
}

// versions reads and writes the version table through conn.
type versions struct {
	table   string // possibly schema-qualified
	dialect dialect.Dialect
}

func (v versions) quoted(db *gorm.DB) string { return dialect.NewBuilder(db).Quote(v.table) }

// read returns the rows, and whether the table exists. It costs one query
// when the table exists.
func (v versions) read(ctx context.Context, db *gorm.DB) ([]record, bool, error) {
	var rows []struct {
		// Explicit column names: the application's naming strategy
		// (NoLowerCase, say) must not decide how these scan.
		ID              string   `gorm:"column:id"`
		Checksum        string   `gorm:"column:checksum"`
		AppliedAt       flexTime `gorm:"column:applied_at"`
		DurationMS      int64    `gorm:"column:duration_ms"`
		Dirty           bool     `gorm:"column:dirty"`
		FailedStatement *string  `gorm:"column:failed_statement"`
		Error           *string  `gorm:"column:error"`
		Executed        *string  `gorm:"column:executed"`
		Fingerprint     *string  `gorm:"column:fingerprint"`
		Forced          *bool    `gorm:"column:forced"`
	}
	// SELECT *, so that a version table made before a column was added
	// still reads in one query; the missing column reads as empty.
	query := "SELECT * FROM " + v.quoted(db) + " ORDER BY applied_at, id"
	err := db.WithContext(ctx).Raw(query).Scan(&rows).Error
	if err != nil {
		if !db.WithContext(ctx).Migrator().HasTable(v.table) {
			return nil, false, nil
		}
		// Another process may have created the table since the first
		// read failed; read once more before calling it an error.
		if err = db.WithContext(ctx).Raw(query).Scan(&rows).Error; err != nil {
			return nil, true, fmt.Errorf("reading the version table %s: %w", v.table, err)
		}
	}
	out := make([]record, len(rows))
	for i, r := range rows {
		out[i] = record{ID: r.ID, Checksum: r.Checksum, AppliedAt: time.Time(r.AppliedAt), DurationMS: r.DurationMS, Dirty: r.Dirty}
		if r.FailedStatement != nil {
			out[i].FailedStatement = *r.FailedStatement
		}
		if r.Error != nil {
			out[i].Error = *r.Error
		}
		if r.Fingerprint != nil {
			out[i].Fingerprint = *r.Fingerprint
		}
		out[i].Forced = r.Forced != nil && *r.Forced
		if r.Dirty && r.Executed != nil && *r.Executed != "" {
			if out[i].Executed, err = decodeExecuted(*r.Executed); err != nil {
				return nil, true, fmt.Errorf("reading the version table %s: revision %s: the executed column is neither a JSON list nor JSON strings one a line: %w", v.table, r.ID, err)
			}
		}
	}
	return out, true, nil
}

// create creates the version table.
func (v versions) create(ctx context.Context, db *gorm.DB) error {
	stmts, err := v.createSQL(db)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		if err := db.WithContext(ctx).Exec(s).Error; err != nil {
			return fmt.Errorf("creating the version table %s: %w", v.table, err)
		}
	}
	return nil
}

func (v versions) createSQL(db *gorm.DB) ([]string, error) {
	return v.dialect.Compile(&dialect.Context{DB: db, Before: schema.New(schema.Settings{})}, schema.CreateTable{Table: versionTable(v.table)})
}

func (v versions) insert(ctx context.Context, db *gorm.DB, r record) error {
	q := "INSERT INTO " + v.quoted(db) + " (id, checksum, applied_at, duration_ms, dirty, failed_statement, error, fingerprint, forced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	args := []any{r.ID, r.Checksum, r.AppliedAt.UTC(), r.DurationMS, r.Dirty, nullable(r.FailedStatement), nullable(r.Error), nullable(r.Fingerprint), r.Forced}
	if err := db.WithContext(ctx).Exec(q, args...).Error; err != nil {
		return fmt.Errorf("recording revision %s in %s: %w", r.ID, v.table, err)
	}
	return nil
}

// markClean turns a dirty row into an applied one.
func (v versions) markClean(ctx context.Context, db *gorm.DB, id string, at time.Time, duration time.Duration) error {
	err := db.WithContext(ctx).Exec("UPDATE "+v.quoted(db)+" SET dirty = ?, applied_at = ?, duration_ms = ?, failed_statement = NULL, error = NULL, executed = NULL WHERE id = ?",
		false, at.UTC(), duration.Milliseconds(), id).Error
	if err != nil {
		return fmt.Errorf("recording revision %s as applied in %s: %w", id, v.table, err)
	}
	return nil
}

// markFailed records the statement a non-transactional apply failed on,
// and what it had executed before.
func (v versions) markFailed(ctx context.Context, db *gorm.DB, id, statement string, cause error, executed []string) error {
	return db.WithContext(ctx).Exec("UPDATE "+v.quoted(db)+" SET dirty = ?, failed_statement = ?, error = ?, executed = ? WHERE id = ?",
		true, nullable(statement), cause.Error(), nullable(encodeExecuted(executed)), id).Error
}

// appendExecuted adds stmts to the executed list of revision id's row.
// The server appends them, so that recording each statement of a long
// migration sends that statement only, not everything before it again.
//
// MySQL's CONCAT yields NULL, with only a warning outside strict
// sql_mode, once its result would pass max_allowed_packet: the record of
// what ran would be lost, and the next append would start it again. There
// the append is made only while it fits, and refused with the setting's
// name otherwise; the record keeps what it held.
func (v versions) appendExecuted(ctx context.Context, db *gorm.DB, id string, stmts []string) error {
	if len(stmts) == 0 {
		return nil
	}
	added := encodeExecuted(stmts)
	set := v.concat("COALESCE(executed, '')", "?")
	q := "UPDATE " + v.quoted(db) + " SET executed = " + set + " WHERE id = ?"
	if v.dialect.Name() != "mysql" {
		return db.WithContext(ctx).Exec(q, added, id).Error
	}
	res := db.WithContext(ctx).Exec(q+fmt.Sprintf(" AND LENGTH(COALESCE(executed, '')) + %d <= @@max_allowed_packet", len(added)), added, id)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("recording what revision %s ran: its list of executed statements in %s would pass the server's max_allowed_packet (or its row is gone), so the list lacks the last %d bytes of statements; raise max_allowed_packet to record a revision this large", id, v.table, len(added))
	}
	return nil
}

// concat joins SQL string expressions: MySQL's || is a logical OR unless
// PIPES_AS_CONCAT is set, SQL Server has +, the others follow the
// standard.
func (v versions) concat(a, b string) string {
	switch v.dialect.Name() {
	case "mysql":
		return "CONCAT(" + a + ", " + b + ")"
	case "sqlserver":
		return a + " + " + b
	}
	return a + " || " + b
}

// encodeExecuted writes an executed list in the form the server can
// append to: each statement as a JSON string and a newline, which JSON
// escapes inside the string, so a statement's own newlines do not split
// it. "" for none.
func encodeExecuted(stmts []string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	// Statements hold < and >; kept as they are, the column stays legible.
	enc.SetEscapeHTML(false)
	for _, s := range stmts {
		_ = enc.Encode(s) // a string always encodes
	}
	return b.String()
}

// decodeExecuted reads an executed list: JSON strings one a line, or the
// JSON array that releases before the line form wrote in one piece.
func decodeExecuted(s string) ([]string, error) {
	var out []string
	if strings.HasPrefix(s, "[") {
		err := json.Unmarshal([]byte(s), &out)
		return out, err
	}
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		var stmt string
		if err := json.Unmarshal([]byte(line), &stmt); err != nil {
			return nil, err
		}
		out = append(out, stmt)
	}
	return out, nil
}

// unmark undoes the mark of a migration that failed before executing
// anything: the row of an apply goes, the row of a rollback is clean again.
func (v versions) unmark(ctx context.Context, db *gorm.DB, id string, applying bool) error {
	if applying {
		return v.delete(ctx, db, id)
	}
	return db.WithContext(ctx).Exec("UPDATE "+v.quoted(db)+" SET dirty = ?, failed_statement = NULL, error = NULL, executed = NULL WHERE id = ?", false, id).Error
}

// upgrade adds the columns a version table made by an older migragen
// lacks, one by one, each compiled against the table as it is.
func (v versions) upgrade(ctx context.Context, db *gorm.DB) error {
	full := versionTable(v.table)
	current := &schema.Table{Name: v.table}
	for _, c := range full.Columns {
		if slices.ContainsFunc(addedColumns(), func(a *schema.Column) bool { return a.Name == c.Name }) &&
			!db.WithContext(ctx).Migrator().HasColumn(v.table, c.Name) {
			before := schema.New(schema.Settings{})
			before.Tables = append(before.Tables, current)
			stmts, err := v.dialect.Compile(&dialect.Context{DB: db, Before: before}, schema.AddColumn{Table: v.table, Column: c})
			if err != nil {
				return err
			}
			for _, s := range stmts {
				if err := db.WithContext(ctx).Exec(s).Error; err != nil && !db.WithContext(ctx).Migrator().HasColumn(v.table, c.Name) {
					return fmt.Errorf("adding the %s column to the version table %s: %w", c.Name, v.table, err)
				}
			}
		}
		current.Columns = append(current.Columns, c)
	}
	return nil
}

// setFingerprint records fp as the catalog fingerprint of revision id.
func (v versions) setFingerprint(ctx context.Context, db *gorm.DB, id, fp string) error {
	return v.set(ctx, db, id, "fingerprint", fp, "the catalog fingerprint on revision %s")
}

// setForced marks revision id as stamped over differences.
func (v versions) setForced(ctx context.Context, db *gorm.DB, id string) error {
	return v.set(ctx, db, id, "forced", true, "revision %s as stamped by force")
}

// set writes value to column of revision id's row; what describes the
// write for the error, with a %s for the id.
func (v versions) set(ctx context.Context, db *gorm.DB, id, column string, value any, what string) error {
	if err := db.WithContext(ctx).Exec("UPDATE "+v.quoted(db)+" SET "+column+" = ? WHERE id = ?", value, id).Error; err != nil {
		return fmt.Errorf("recording "+what+" in %s: %w", id, v.table, err)
	}
	return nil
}

func (v versions) delete(ctx context.Context, db *gorm.DB, id string) error {
	if err := db.WithContext(ctx).Exec("DELETE FROM "+v.quoted(db)+" WHERE id = ?", id).Error; err != nil {
		return fmt.Errorf("removing revision %s from %s: %w", id, v.table, err)
	}
	return nil
}

// deleteBatch is how many rows one DELETE of deleteAll names: every
// engine caps the parameters of a statement, SQL Server at 2,100 and
// SQLite builds before 3.32 at 999.
const deleteBatch = 500

// deleteAll removes the rows of ids, deleteBatch at a time; db is the
// caller's transaction, which makes the batches one change.
func (v versions) deleteAll(ctx context.Context, db *gorm.DB, ids []string) error {
	for batch := range slices.Chunk(ids, deleteBatch) {
		if err := db.WithContext(ctx).Exec("DELETE FROM "+v.quoted(db)+" WHERE id IN ?", batch).Error; err != nil {
			return fmt.Errorf("removing revisions %s from %s: %w", span(ids), v.table, err)
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// flexTime scans a timestamp whichever way the driver returns it: MySQL
// without parseTime=true in the DSN gives text, SQLite may too.
type flexTime time.Time

func (t *flexTime) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		*t = flexTime(v)
		return nil
	case []byte:
		return t.parse(string(v))
	case string:
		return t.parse(v)
	case nil:
		*t = flexTime{}
		return nil
	}
	return fmt.Errorf("applied_at: cannot read %T as a time", v)
}

func (t *flexTime) parse(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = flexTime(v)
			return nil
		}
	}
	return fmt.Errorf("applied_at: cannot parse %q as a time", s)
}
