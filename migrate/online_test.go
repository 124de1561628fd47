package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// onlineTables are the tables the online tests change: parts, each owned
// by a maker, made by the first revision.
func onlineTables() (makers, parts *schema.Table) {
	id := func() *schema.Column {
		return &schema.Column{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	}
	str := func(name string, size int) *schema.Column {
		return &schema.Column{Name: name, DataType: schema.String, GORMDataType: schema.String, Size: size}
	}
	makers = &schema.Table{Name: "makers", Columns: []*schema.Column{id()}}
	parts = &schema.Table{Name: "parts", Columns: []*schema.Column{id(), str("name", 100), str("code", 20),
		{Name: "maker_id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64}}}
	return makers, parts
}

// onlineMigrations creates makers and parts, then changes parts (which
// then holds rows) in every way that has an online form on PostgreSQL: an
// index, a unique constraint, a unique index, a foreign key, a check, and
// NOT NULL. uniqueNameCheck is the NoDuplicates check of the unique index
// on parts.name; a test waives it to make the online phase fail.
func onlineMigrations(uniqueNameCheck schema.Precondition) []migrate.Migration {
	makers, parts := onlineTables()
	code := parts.Column("code")
	codeNotNull := *code
	codeNotNull.NotNull = true
	// In the order schema.Diff writes them: column changes first, so a
	// failing index build comes after the NOT NULL's helper check was
	// dropped, and a resume must cope with that.
	changes := []schema.Change{
		schema.AlterColumn{Table: "parts", From: code, To: &codeNotNull},
		schema.CreateIndex{Table: "parts", Index: &schema.Index{Name: "idx_parts_maker_id", Derived: true, Columns: []*schema.IndexColumn{{Column: "maker_id"}}}},
		schema.CreateIndex{Table: "parts", Index: &schema.Index{Name: "idx_parts_name", Derived: true, Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "name"}}}},
		schema.AddUnique{Table: "parts", Unique: &schema.Unique{Name: "uni_parts_code", Derived: true, Column: "code"}},
		schema.AddForeignKey{Table: "parts", ForeignKey: &schema.ForeignKey{Name: "fk_parts_maker", Derived: true, Columns: []string{"maker_id"}, RefTable: "makers", RefColumns: []string{"id"}}},
		schema.AddCheck{Table: "parts", Check: &schema.Check{Name: "chk_parts_name", Expr: "name <> ''"}},
	}
	return []migrate.Migration{
		{ID: "20260101000000_tables",
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: makers}, schema.CreateTable{Table: parts}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: parts}, schema.DropTable{Table: makers}}}}},
		{ID: "20260102000000_constraints", Parents: []string{"20260101000000_tables"},
			Up: []migrate.Step{
				migrate.Checks{uniqueNameCheck, schema.NoNulls{Table: "parts", Column: "code"}},
				migrate.Schema{Changes: changes},
			},
			Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}},
	}
}

// seedParts fills makers and parts with n rows each.
func seedParts(t *testing.T, db *gorm.DB, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		if err := db.Exec("INSERT INTO makers (id) VALUES (?)", i).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Exec("INSERT INTO parts (id, name, code, maker_id) VALUES (?, ?, ?, ?)", i, fmt.Sprint("part ", i), fmt.Sprint("c", i), i).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// populatedParts opens a PostgreSQL database, applies the first online
// revision and fills its tables with rows rows; migs are the revisions
// onlineMigrations(uniqueNameCheck) gives, and m their migrator.
func populatedParts(t *testing.T, uniqueNameCheck schema.Precondition, rows int, opts ...migrate.Option) (db *gorm.DB, migs []migrate.Migration, m *migrate.Migrator) {
	t.Helper()
	db, _ = corpustest.Open(t, corpustest.PostgreSQL)
	migs = onlineMigrations(uniqueNameCheck)
	m = mustNew(t, db, migs, opts...)
	if err := m.UpTo(context.Background(), migs[0].ID); err != nil {
		t.Fatal(err)
	}
	seedParts(t, db, rows)
	return db, migs, m
}

// pgLeftovers lists what an online phase must not leave behind on
// PostgreSQL: INVALID indexes, constraints not validated, and the helper
// check SET NOT NULL goes through.
func pgLeftovers(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var out []string
	if err := db.Raw(`SELECT 'invalid index ' || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid
		UNION ALL SELECT 'not validated ' || conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND NOT convalidated
		UNION ALL SELECT 'helper ' || conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname LIKE '%nn_migragen'`).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOnlineDDLLeavesThePlainSchema applies the same revision to a
// populated PostgreSQL table once with the online forms (the default) and
// once with PlainDDL. The online run must use them — no index built and
// no constraint validated inside the migration's transaction — and both
// must leave exactly the schema the revisions describe (Verify compares
// the live catalog with it), with nothing half-built left over, every row
// kept, and a clean version row. Rolling back and applying again must
// hold too.
func TestOnlineDDLLeavesThePlainSchema(t *testing.T) {
	for _, plain := range []bool{false, true} {
		t.Run(fmt.Sprintf("plain=%v", plain), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, rec := corpustest.Open(t, corpustest.PostgreSQL)
			migs := onlineMigrations(schema.NoDuplicates{Table: "parts", Columns: []string{"name"}})
			if plain {
				migs = migrate.StampSettings(schema.Settings{PlainDDL: []string{"postgres"}}, migs)
			}
			m := mustNew(t, db, migs)
			if err := m.UpTo(ctx, migs[0].ID); err != nil {
				t.Fatal(err)
			}
			seedParts(t, db, 50)
			rec.Reset()
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			stmts := strings.Join(rec.Statements(), "\n")
			for _, want := range []string{"CREATE INDEX CONCURRENTLY", "CREATE UNIQUE INDEX CONCURRENTLY", "UNIQUE USING INDEX", "NOT VALID", "VALIDATE CONSTRAINT"} {
				if got := strings.Contains(stmts, want); got == plain {
					t.Errorf("plain=%v: %q in the statements is %v:\n%s", plain, want, got, stmts)
				}
			}
			checkOnlineEnd(t, ctx, m, db, 50)
			downAndUpAgain(t, ctx, m, db, migs[0].ID, 50)
		})
	}
}

// downAndUpAgain rolls back to first and applies everything again, then
// checks the end state as checkOnlineEnd does: the online forms of the
// inverse and of the second apply must hold on the populated table too.
func downAndUpAgain(t *testing.T, ctx context.Context, m *migrate.Migrator, db *gorm.DB, first string, rows int) {
	t.Helper()
	if err := m.DownTo(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkOnlineEnd(t, ctx, m, db, rows)
}

// checkOnlineEnd checks that everything is applied and clean, the live
// schema is the described one, nothing half-built is left, and rows rows
// remain.
func checkOnlineEnd(t *testing.T, ctx context.Context, m *migrate.Migrator, db *gorm.DB, rows int) {
	t.Helper()
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dirty != nil || len(st.Pending) > 0 {
		t.Fatalf("status after Up: dirty %v, pending %v", st.Dirty, st.Pending)
	}
	drift, err := m.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !drift.Clean() {
		t.Errorf("the live schema differs from the revisions':\n%s", strings.Join(drift.Differences, "\n"))
	}
	if left := pgLeftovers(t, db); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	var n int
	if err := db.Raw("SELECT count(*) FROM parts").Scan(&n).Error; err != nil || n != rows {
		t.Errorf("parts holds %d rows (%v), want %d", n, err, rows)
	}
}

// TestOnlinePhaseResumes makes the online phase fail: duplicates in
// parts.name, with the NoDuplicates check waived, make CREATE UNIQUE
// INDEX CONCURRENTLY fail and leave an INVALID index. The revision must
// then be reported as not finished (not applied, not silently dirty),
// nothing else may run, another Up must fail the same way, and once the
// duplicates are gone Up must resume: drop the INVALID index, build it,
// and record the revision applied, leaving the described schema.
func TestOnlinePhaseResumes(t *testing.T) {
	ctx := context.Background()
	db, migs, m := populatedParts(t, schema.NoDuplicates{Table: "parts", Columns: []string{"name"}, Waived: "the test wants the index build to fail"}, 20)
	if err := db.Exec("UPDATE parts SET name = 'twin' WHERE id IN (3, 4)").Error; err != nil {
		t.Fatal(err)
	}
	for try := 1; try <= 2; try++ {
		err := m.Up(ctx)
		var de *migrate.DirtyError
		if !errors.As(err, &de) || !de.Online || de.Revision != migs[1].ID {
			t.Fatalf("try %d: Up = %v, want an online DirtyError for %s", try, err, migs[1].ID)
		}
		if !strings.Contains(err.Error(), "run `up` again") || !strings.Contains(de.Statement, "idx_parts_name") {
			t.Errorf("try %d: the error does not name the index statement or say how to go on: %v", try, err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Dirty == nil || !st.Dirty.Online {
			t.Fatalf("try %d: status does not report the unfinished online phase: %+v", try, st.Dirty)
		}
		if left := pgLeftovers(t, db); !strings.Contains(strings.Join(left, ","), "invalid index idx_parts_name") {
			t.Errorf("try %d: want the INVALID index the failed build leaves, got %v", try, left)
		}
		drift, err := m.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(drift.Differences, "\n"), "idx_parts_name is INVALID") {
			t.Errorf("try %d: Verify does not report the INVALID index: %q", try, drift.Differences)
		}
	}
	// Finishing the phase needs the session lock, and the file as its
	// transaction ran it.
	if err := mustNew(t, db, migs, migrate.WithTransactionLock()).Up(ctx); err == nil || !strings.Contains(err.Error(), "WithTransactionLock") {
		t.Errorf("Up WithTransactionLock = %v, want a refusal naming the option", err)
	}
	edited := onlineMigrations(schema.NoDuplicates{Table: "parts", Columns: []string{"name"}, Waived: "the test wants the index build to fail"})
	edited[1].Up[1].(migrate.Schema).Changes[2].(schema.CreateIndex).Index.Class = ""
	if err := mustNew(t, db, edited).Up(ctx); err == nil || !strings.Contains(err.Error(), "changed after its transaction committed") {
		t.Errorf("Up of an edited revision = %v, want a refusal", err)
	}
	if err := db.Exec("UPDATE parts SET name = 'part 4' WHERE id = 4").Error; err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkOnlineEnd(t, ctx, m, db, 20)
}

// TestOnlineIndexOutwaitsOldTransactions keeps a transaction open in
// another session while the online phase builds an index: CREATE INDEX
// CONCURRENTLY waits for every older transaction, which blocks no one, so
// it must wait past the (short) lock timeout instead of giving up. Given
// up, it would leave an INVALID index that IF NOT EXISTS then keeps, and
// the revision would be recorded applied over it.
func TestOnlineIndexOutwaitsOldTransactions(t *testing.T) {
	ctx := context.Background()
	db, _, m := populatedParts(t, schema.NoDuplicates{Table: "parts", Columns: []string{"name"}}, 20, migrate.WithDDLLockTimeout(100*time.Millisecond), migrate.WithLockRetries(2, 10*time.Millisecond))
	other, err := openDSN(corpustest.PostgreSQL, dsnOf(t, db))
	if err != nil {
		t.Fatal(err)
	}
	old := other.Begin(&sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err := old.Exec("SELECT count(*) FROM makers").Error; err != nil { // holds a snapshot, and no lock on parts
		t.Fatal(err)
	}
	time.AfterFunc(time.Second, func() { old.Rollback() })
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkOnlineEnd(t, ctx, m, db, 20)
}

// TestOnlineDownResumesOnce makes a rollback's online phase fail (its
// inverse builds a unique index again, over duplicates written since),
// then calls Down(1) again once the duplicates are gone: the resumed
// rollback is the one revision that call rolls back, and the revision
// before it stays applied.
func TestOnlineDownResumesOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	migs := onlineMigrations(schema.NoDuplicates{Table: "parts", Columns: []string{"name"}})
	unique := migs[1].Up[1].(migrate.Schema).Changes[2].(schema.CreateIndex)
	drop := []schema.Change{schema.DropIndex{Table: "parts", Index: unique.Index}}
	migs = append(migs, migrate.Migration{ID: "20260103000000_drop_unique", Parents: []string{migs[1].ID},
		Up:   []migrate.Step{migrate.Schema{Changes: drop}},
		Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(drop)}}})
	m := mustNew(t, db, migs)
	if err := m.UpTo(ctx, migs[0].ID); err != nil {
		t.Fatal(err)
	}
	seedParts(t, db, 20)
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("UPDATE parts SET name = 'twin' WHERE id IN (3, 4)").Error; err != nil {
		t.Fatal(err)
	}
	var de *migrate.DirtyError
	if err := m.Down(ctx, 1); !errors.As(err, &de) || !de.Online || !de.RollingBack {
		t.Fatalf("Down(1) over duplicates = %v, want an unfinished online rollback", err)
	}
	if err := db.Exec("UPDATE parts SET name = 'part 4' WHERE id = 4").Error; err != nil {
		t.Fatal(err)
	}
	if err := m.Down(ctx, 1); err != nil {
		t.Fatal(err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dirty != nil || len(st.Pending) != 1 || st.Pending[0].ID != migs[2].ID {
		t.Fatalf("after the resumed Down(1): dirty %v, pending %v; want only %s pending", st.Dirty, st.Pending, migs[2].ID)
	}
	checkOnlineEnd(t, ctx, mustNew(t, db, migs[:2]), db, 20)
}

// TestOnlineUniqueForNewForeignKey adds, in one revision, a unique index
// on an existing table and a new table whose foreign key references it:
// the key needs the index when it is created, inside the transaction, so
// that index must not move to the online phase.
func TestOnlineUniqueForNewForeignKey(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	migs := onlineMigrations(schema.NoDuplicates{Table: "parts", Columns: []string{"name"}})[:1]
	labels := &schema.Table{Name: "labels", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		{Name: "part_code", DataType: schema.String, GORMDataType: schema.String, Size: 20}},
		ForeignKeys: []*schema.ForeignKey{{Name: "fk_labels_part", Derived: true, Columns: []string{"part_code"}, RefTable: "parts", RefColumns: []string{"code"}}}}
	changes := []schema.Change{
		schema.CreateIndex{Table: "parts", Index: &schema.Index{Name: "idx_parts_code", Derived: true, Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "code"}}}},
		schema.CreateTable{Table: labels},
	}
	migs = append(migs, migrate.Migration{ID: "20260102000000_labels", Parents: []string{migs[0].ID},
		Up:   []migrate.Step{migrate.Schema{Changes: changes}},
		Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}})
	m := mustNew(t, db, migs)
	if err := m.UpTo(ctx, migs[0].ID); err != nil {
		t.Fatal(err)
	}
	seedParts(t, db, 20)
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	downAndUpAgain(t, ctx, m, db, migs[0].ID, 20)
}

// TestOnlineSQLScript writes the offline script of the online revision
// and runs it as a DBA would, statement by statement on one connection:
// the revision must end applied and clean, with the described schema, as
// when the runtime applies it.
func TestOnlineSQLScript(t *testing.T) {
	ctx := context.Background()
	db, migs, m := populatedParts(t, schema.NoDuplicates{Table: "parts", Columns: []string{"name"}}, 20)
	script, err := m.SQL(ctx, migs[0].ID, "head")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(script, "-- the online phase") || !strings.Contains(script, "CREATE INDEX CONCURRENTLY") {
		t.Fatalf("the script has no online phase:\n%s", script)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, chunk := range strings.Split(script, ";\n") {
		var lines []string
		for _, line := range strings.Split(chunk, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "--") {
				lines = append(lines, line)
			}
		}
		if stmt := strings.TrimSpace(strings.Join(lines, "\n")); stmt != "" {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v\nscript:\n%s", stmt, err, script)
			}
		}
	}
	checkOnlineEnd(t, ctx, m, db, 20)
}

// TestOnlineSQLStep runs a SQL step marked Online in a revision that also
// adds a column: it must run after the revision's transaction commits.
// VACUUM proves it, since PostgreSQL refuses it inside a transaction
// block. Its Down runs in the rollback's online phase the same way.
func TestOnlineSQLStep(t *testing.T) {
	ctx := context.Background()
	db, migs, _ := populatedParts(t, schema.NoDuplicates{Table: "parts", Columns: []string{"name"}}, 5)
	note := &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 20}
	add := []schema.Change{schema.AddColumn{Table: "parts", Column: note}}
	migs = append(migs[:1], migrate.Migration{ID: "20260102000000_note", Parents: []string{migs[0].ID},
		Up: []migrate.Step{migrate.Schema{Changes: add},
			migrate.SQL{Up: "VACUUM parts", Down: "VACUUM parts", Online: true}},
		Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(add)}}})
	m := mustNew(t, db, migs)
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if err := m.Down(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkOnlineEnd(t, ctx, m, db, 5)
}
