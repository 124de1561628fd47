package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The lock-stall scenario of issue 12: a big table, items, takes writes
// from a concurrent writer while one migration adds an index, a foreign key
// (to a small table, makers), a check and a NOT NULL to it, once in GORM's
// plain DDL and once in the online-safe form. What the writer feels is its
// longest statement while the migration runs. BenchmarkLockStalls
// (locks_bench_test.go) times it on a million rows; TestLockStallsSmoke
// runs it on a few rows to show the program works, without timing.

// lockEngines are the engines the scenario runs on: the ones with an
// online form. SQLite locks the whole database for any write anyway.
var lockEngines = []corpustest.Dialect{corpustest.PostgreSQL, corpustest.MariaDB}

// lockMakers is the number of rows of makers, the table the foreign key
// references.
const lockMakers = 1000

// lockTables are the scenario's tables as the first revision creates them.
func lockTables() (makers, items *schema.Table) {
	id := func() *schema.Column {
		return &schema.Column{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	}
	col := func(name, kind string, size int) *schema.Column {
		return &schema.Column{Name: name, DataType: kind, GORMDataType: kind, Size: size}
	}
	makers = &schema.Table{Name: "makers", Columns: []*schema.Column{id()}}
	items = &schema.Table{Name: "items", Columns: []*schema.Column{id(),
		col("maker_id", schema.Uint, 64), col("code", schema.String, 20), col("qty", schema.Int, 64), col("name", schema.String, 100)}}
	return makers, items
}

// lockMigrations creates makers and items, then changes items in the ways
// the issue names: an index, a foreign key, a check and NOT NULL. The
// second revision starts with the data checks generate would write for
// it (schema.Preconditions: no orphans, no NULLs), as a real one does.
// With plain, both revisions are stamped with PlainDDL for engine d.
func lockMigrations(d corpustest.Dialect, plain bool) []migrate.Migration {
	makers, items := lockTables()
	code := items.Column("code")
	codeNotNull := code.Clone()
	codeNotNull.NotNull = true
	changes := []schema.Change{
		schema.CreateIndex{Table: "items", Index: &schema.Index{Name: "idx_items_maker_id", Derived: true, Columns: []*schema.IndexColumn{{Column: "maker_id"}}}},
		schema.AddForeignKey{Table: "items", ForeignKey: &schema.ForeignKey{Name: "fk_items_maker", Derived: true, Columns: []string{"maker_id"}, RefTable: "makers", RefColumns: []string{"id"}}},
		schema.AddCheck{Table: "items", Check: &schema.Check{Name: "chk_items_qty", Expr: "qty >= 0"}},
		schema.AlterColumn{Table: "items", From: code, To: codeNotNull},
	}
	before := &schema.Snapshot{Tables: []*schema.Table{items, makers}}
	migs := []migrate.Migration{
		{ID: "20260101000000_tables",
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: makers}, schema.CreateTable{Table: items}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: items}, schema.DropTable{Table: makers}}}}},
		{ID: "20260102000000_constraints", Parents: []string{"20260101000000_tables"},
			Up:   []migrate.Step{migrate.Checks(schema.Preconditions(before, changes)), migrate.Schema{Changes: changes}},
			Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}},
	}
	if plain {
		migs = migrate.StampSettings(schema.Settings{PlainDDL: []string{string(d)}}, migs)
	}
	return migs
}

// lockScenario is one database ready for the measured migration: the
// tables created by the first revision and loaded.
type lockScenario struct {
	engine corpustest.Dialect
	plain  bool
	rows   int
	db     *gorm.DB
	m      *migrate.Migrator
	trace  *statementTimer // the migrator's statements
}

// newLockScenario opens a fresh database of engine d (dropped when tb
// ends), applies the first revision and loads rows rows into items.
func newLockScenario(tb testing.TB, d corpustest.Dialect, rows int, plain bool) *lockScenario {
	tb.Helper()
	db, _ := corpustest.Open(tb, d, quiet)
	s := &lockScenario{engine: d, plain: plain, rows: rows, db: db, trace: &statementTimer{}}
	migs := lockMigrations(d, plain)
	m, err := migrate.New(db.Session(&gorm.Session{Logger: s.trace}), migs)
	if err != nil {
		tb.Fatal(err)
	}
	s.m = m
	if err := m.UpTo(context.Background(), migs[0].ID); err != nil {
		tb.Fatalf("%s: creating the tables: %v", d, err)
	}
	if err := loadLockTables(db, d, rows); err != nil {
		tb.Fatalf("%s: loading %d rows: %v", d, rows, err)
	}
	return s
}

// loadLockTables fills makers and items in a few set-based statements
// (a million rows in seconds), then vacuums or analyzes them as a table
// in service would be, so that neither form pays for first-touch work.
// Every item has a maker, a code and a non-negative qty: the migration's
// checks pass.
func loadLockTables(db *gorm.DB, d corpustest.Dialect, rows int) error {
	var stmts []string
	switch d {
	case corpustest.PostgreSQL:
		stmts = []string{
			fmt.Sprintf("INSERT INTO makers (id) SELECT g FROM generate_series(1, %d) g", lockMakers),
			fmt.Sprintf("INSERT INTO items (id, maker_id, code, qty, name) SELECT g, 1 + g %% %d, 'c' || g, g %% 1000, 'item ' || g FROM generate_series(1, %d) g", lockMakers, rows),
			// Explicit ids leave the sequences behind; the writer's
			// inserts take theirs.
			"SELECT setval(pg_get_serial_sequence('makers', 'id'), (SELECT max(id) FROM makers))",
			"SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items))",
			"VACUUM (ANALYZE) makers, items",
		}
	case corpustest.MariaDB:
		// seq_1_to_N is a table of MariaDB's SEQUENCE engine; InnoDB's
		// auto-increment follows explicit ids by itself.
		stmts = []string{
			fmt.Sprintf("INSERT INTO makers (id) SELECT seq FROM seq_1_to_%d", lockMakers),
			fmt.Sprintf("INSERT INTO items (id, maker_id, code, qty, name) SELECT seq, 1 + seq %% %d, CONCAT('c', seq), seq %% 1000, CONCAT('item ', seq) FROM seq_1_to_%d", lockMakers, rows),
			"ANALYZE TABLE makers, items",
		}
	default:
		return fmt.Errorf("the lock scenario runs on postgres and mysql, not %s", d)
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// lockRun is what one migration under load measured.
type lockRun struct {
	writer    writerResult
	migration time.Duration // wall time of Up
	// slow are the migrator's statements that took slowThreshold or more,
	// to show where the time went and which of them the writer's stalls
	// line up with.
	slow []slowStatement
}

// slowStatement is a migrator statement that took slowThreshold or more.
type slowStatement struct {
	span
	sql string
}

// slowThreshold is the duration from which a statement, the migrator's or
// the writer's, is listed.
const slowThreshold = 100 * time.Millisecond

// measure starts the writer, waits until it runs, applies the second
// revision with Up, stops the writer when Up returns, and checks that
// the revision was applied in the form asked for.
func (s *lockScenario) measure(tb testing.TB, pause time.Duration) lockRun {
	tb.Helper()
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	if err != nil {
		tb.Fatal(err)
	}
	w, err := startWriter(ctx, sqlDB, s.engine, s.rows, pause)
	if err != nil {
		tb.Fatalf("%s: starting the writer: %v", s.engine, err)
	}
	s.trace.reset()
	w.begin()
	start := time.Now()
	upErr := s.m.Up(ctx)
	took := time.Since(start)
	res := w.stop()
	if upErr != nil {
		tb.Fatalf("%s (%s): Up: %v", s.engine, s.form(), upErr)
	}
	if res.err != nil {
		tb.Fatalf("%s (%s): the writer failed: %v", s.engine, s.form(), res.err)
	}
	if res.statements == 0 {
		tb.Fatalf("%s (%s): the writer ran no statement during the migration (%v); there is no stall to report", s.engine, s.form(), took)
	}
	if res.capped {
		tb.Fatalf("%s (%s): the writer reached its cap before the migration ended; its longest stall is not known", s.engine, s.form())
	}
	st, err := s.m.Status(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if st.Dirty != nil || len(st.Pending) > 0 {
		tb.Fatalf("%s (%s): after Up: dirty %v, pending %v", s.engine, s.form(), st.Dirty, st.Pending)
	}
	stmts := s.trace.statements()
	checkForm(tb, s.engine, s.plain, stmts)
	var slow []slowStatement
	for _, t := range stmts {
		if t.took >= slowThreshold {
			slow = append(slow, slowStatement{span{at: t.begin.Sub(start), took: t.took}, t.sql})
		}
	}
	return lockRun{writer: res, migration: took, slow: slow}
}

// drop removes the loaded tables at once, so that a benchmark of many
// rounds does not keep every round's million rows until it ends.
func (s *lockScenario) drop(tb testing.TB) {
	tb.Helper()
	if err := s.db.Exec("DROP TABLE items, makers").Error; err != nil {
		tb.Errorf("%s: dropping the tables: %v", s.engine, err)
	}
}

func (s *lockScenario) form() string {
	if s.plain {
		return "plain"
	}
	return "online"
}

// onlineMarkers are text that the online-safe form of the scenario's
// migration contains and GORM's plain DDL does not, per engine: the
// timings mean nothing if the run did not use the form it is named after.
var onlineMarkers = map[corpustest.Dialect][]string{
	corpustest.PostgreSQL: {"CREATE INDEX CONCURRENTLY", "NOT VALID", "VALIDATE CONSTRAINT"},
	corpustest.MariaDB:    {"ALGORITHM=INPLACE"},
}

// checkForm fails tb unless stmts, the migrator's statements, hold every
// online marker of engine d exactly when the run was online.
func checkForm(tb testing.TB, d corpustest.Dialect, plain bool, stmts []timedStatement) {
	tb.Helper()
	var all strings.Builder
	for _, s := range stmts {
		all.WriteString(s.sql + "\n")
	}
	for _, marker := range onlineMarkers[d] {
		if found := strings.Contains(all.String(), marker); found == plain {
			tb.Fatalf("%s: plain=%v, yet %q in the migration's statements is %v:\n%s", d, plain, marker, found, all.String())
		}
	}
}

// TestLockStallsSmoke runs the lock-stall scenario on 2,000 rows, both
// forms on each engine, to show that the benchmark's program works: the
// writer writes during the migration (measure), which applies in the form
// asked for (checkForm), and the live schema is then the one the
// revisions describe. It asserts no timing: at this size there is
// nothing to stall on.
func TestLockStallsSmoke(t *testing.T) {
	for _, d := range lockEngines {
		for _, plain := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/plain=%v", d, plain), func(t *testing.T) {
				t.Parallel()
				s := newLockScenario(t, d, 2000, plain)
				run := s.measure(t, time.Millisecond) // fails if the writer wrote nothing meanwhile
				drift, err := s.m.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if !drift.Clean() {
					t.Errorf("the live schema differs from the revisions':\n%s", strings.Join(drift.Differences, "\n"))
				}
				var n int
				if err := s.db.Raw("SELECT count(*) FROM items").Scan(&n).Error; err != nil || n != 2000+run.writer.inserts {
					t.Errorf("items holds %d rows (%v), want the 2000 loaded and the writer's %d", n, err, run.writer.inserts)
				}
				t.Logf("%s: writer %d statements, longest %v; migration %v", s.form(), run.writer.statements, run.writer.longest, run.migration)
			})
		}
	}
}
