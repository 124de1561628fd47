package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/introspect"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The squash tests build a history A..E by hand, and the set migragen
// squash makes of it: X replaces A, B and C and creates from nothing what
// they built; D and E follow X.
const (
	sqA = "20260401000000_makers"
	sqB = "20260402000000_parts"
	sqC = "20260403000000_parts_weight"
	sqX = "20260403000000_squashed" // as migragen squash names it: C's time
	sqD = "20260404000000_makers_country"
	sqE = "20260405000000_parts_note"
)

// squashChildEnv makes TestSquashChild the child process of
// TestSquashConcurrentUp: it names the dialect, and childDSNEnv the
// database.
const squashChildEnv = "MIGRAGEN_SQUASH_CHILD"

// squashChanges are the schema changes of A..E: makers, parts with a
// foreign key to makers, a column and an index on parts, a column on
// makers, a column on parts.
func squashChanges() [5][]schema.Change {
	makers, parts := onlineTables()
	col := func(name, dt string, size int) *schema.Column {
		return &schema.Column{Name: name, DataType: dt, GORMDataType: dt, Size: size}
	}
	return [5][]schema.Change{
		{schema.CreateTable{Table: makers}},
		{schema.CreateTable{Table: parts},
			schema.AddForeignKey{Table: "parts", ForeignKey: &schema.ForeignKey{Name: "fk_parts_maker", Derived: true, Columns: []string{"maker_id"}, RefTable: "makers", RefColumns: []string{"id"}}}},
		{schema.AddColumn{Table: "parts", Column: col("weight", schema.Int, 64)},
			schema.CreateIndex{Table: "parts", Index: &schema.Index{Name: "idx_parts_name", Derived: true, Columns: []*schema.IndexColumn{{Column: "name"}}}}},
		{schema.AddColumn{Table: "makers", Column: col("country", schema.String, 2)}},
		{schema.AddColumn{Table: "parts", Column: col("note", schema.String, 100)}},
	}
}

// squashSets returns the history A..E, and the squashed set X, D, E that
// replaces it. X's Up is what schema.Diff writes from an empty snapshot
// to the schema after C, as the generator does.
func squashSets(t *testing.T) (old, squashed []migrate.Migration) {
	t.Helper()
	changes := squashChanges()
	ids := []string{sqA, sqB, sqC, sqD, sqE}
	mig := func(id string, parent string, cs []schema.Change) migrate.Migration {
		var parents []string
		if parent != "" {
			parents = []string{parent}
		}
		m, err := oracle.Migration(id, parents, cs)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for i, id := range ids {
		parent := ""
		if i > 0 {
			parent = ids[i-1]
		}
		old = append(old, mig(id, parent, changes[i]))
	}
	afterC, err := schema.Apply(schema.New(schema.Settings{}), slices.Concat(changes[0], changes[1], changes[2]))
	if err != nil {
		t.Fatal(err)
	}
	creates, err := schema.Diff(schema.New(schema.Settings{}), afterC, schema.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	x := mig(sqX, "", creates)
	x.Replaces = []string{sqA, sqB, sqC}
	return old, []migrate.Migration{x, mig(sqD, sqX, changes[3]), mig(sqE, sqD, changes[4])}
}

// squashedOld opens a database of engine d and applies A..D of the old
// history to it, with rows in makers and parts.
func squashedOld(t *testing.T, d corpustest.Dialect) (*gorm.DB, *corpustest.Recorder) {
	t.Helper()
	db, rec := corpustest.Open(t, d)
	old, _ := squashSets(t)
	if err := mustNew(t, db, old).UpTo(context.Background(), sqD); err != nil {
		t.Fatal(err)
	}
	seedParts(t, db, 20)
	return db, rec
}

// versionIDs reads the version table's ids, sorted.
func versionIDs(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var ids []string
	if err := db.Raw("SELECT id FROM " + migrate.DefaultVersionTable + " ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

type partRow struct {
	ID      int64
	Name    string
	Code    string
	MakerID int64
}

func partRows(t *testing.T, db *gorm.DB) []partRow {
	t.Helper()
	var rows []partRow
	if err := db.Raw("SELECT id, name, code, maker_id FROM parts ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// newestAppliedAt reads the newest applied_at among ids' rows.
func newestAppliedAt(t *testing.T, db *gorm.DB, ids ...string) time.Time {
	t.Helper()
	var at []time.Time
	if err := db.Raw("SELECT applied_at FROM "+migrate.DefaultVersionTable+" WHERE id IN ?", ids).Scan(&at).Error; err != nil {
		t.Fatal(err)
	}
	if len(at) != len(ids) {
		t.Fatalf("%d rows for %q", len(at), ids)
	}
	return slices.MaxFunc(at, time.Time.Compare)
}

// TestSquashUpgradesOldDatabase: a database A..D migrated, with rows, is
// at X and D for the squashed set; Up with nothing pending writes nothing;
// Up applies only E and rewrites A, B and C into X's row; the rows
// survive, and the status is clean.
func TestSquashUpgradesOldDatabase(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, rec := squashedOld(t, d)
			_, sq := squashSets(t)
			rows := partRows(t, db)
			newestOld := newestAppliedAt(t, db, sqA, sqB, sqC)

			// The status and the command's output before the rewrite.
			m := mustNew(t, db, sq)
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := revIDs(st.Applied); !slices.Equal(got, []string{sqX, sqD}) || len(st.Unknown) > 0 || len(st.Squash) > 0 {
				t.Fatalf("status: applied %q, unknown %q, squash %v; want X and D applied, nothing unknown", got, st.Unknown, st.Squash)
			}
			if got := st.Applied[0].RecordedAs; !slices.Equal(got, []string{sqA, sqB, sqC}) {
				t.Errorf("X RecordedAs %q, want A, B, C", got)
			}
			var out strings.Builder
			cmd := migrate.Command(db, sq)
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(ctx, []string{"status"}); err != nil {
				t.Fatalf("status command: %v\n%s", err, out.String())
			}
			if want := "squashed  3 revisions recorded under their old ids (" + sqA + ", " + sqB + ", " + sqC + ") count as " + sqX; !strings.Contains(out.String(), want) {
				t.Errorf("status command output lacks %q:\n%s", want, out.String())
			}
			out.Reset()
			if err := cmd.Run(ctx, []string{"history"}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "recorded under the ids of the revisions it squashed") {
				t.Errorf("history does not say X is recorded under old ids:\n%s", out.String())
			}

			// Nothing pending (the set up to D): one query, no write.
			rec.Reset()
			if err := mustNew(t, db, sq[:2]).Up(ctx); err != nil {
				t.Fatal(err)
			}
			if stmts := rec.Statements(); len(stmts) != 1 {
				t.Errorf("Up with nothing pending issued %d statements, want 1:\n%s", len(stmts), strings.Join(stmts, "\n"))
			}
			if got := versionIDs(t, db); !slices.Equal(got, []string{sqA, sqB, sqC, sqD}) {
				t.Errorf("Up with nothing pending left the version table %q", got)
			}

			var done []string
			m = mustNew(t, db, sq, migrate.WithProgress(func(e migrate.Event) {
				if e.Kind == migrate.Done {
					done = append(done, e.Revision)
				}
			}))
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(done, []string{sqE}) {
				t.Errorf("Up applied %q, want only E", done)
			}
			if got := versionIDs(t, db); !slices.Equal(got, []string{sqX, sqD, sqE}) {
				t.Errorf("version table %q, want D, X, E and none of A, B, C", got)
			}
			var x struct {
				Checksum string
				Dirty    bool
			}
			if err := db.Raw("SELECT checksum, dirty FROM "+migrate.DefaultVersionTable+" WHERE id = ?", sqX).Scan(&x).Error; err != nil {
				t.Fatal(err)
			}
			if sum, _ := migrate.Checksum(sq[0]); x.Checksum != sum || x.Dirty {
				t.Errorf("X's row: checksum %s dirty %v, want %s, clean", x.Checksum, x.Dirty, sum)
			}
			if at := newestAppliedAt(t, db, sqX); !at.Equal(newestOld) {
				t.Errorf("X's applied_at %v, want the newest of A, B, C: %v", at, newestOld)
			}
			if got := partRows(t, db); !slices.Equal(got, rows) || len(got) != 20 {
				t.Errorf("parts rows changed: %d rows, want the 20 seeded", len(got))
			}
			st, err = m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Pending) > 0 || st.Dirty != nil || len(st.Unknown)+len(st.Modified)+len(st.Squash)+len(st.Leftover) > 0 || st.Applied[0].RecordedAs != nil {
				t.Errorf("status after Up: %+v", st)
			}
			if drift, err := m.Verify(ctx); err != nil || !drift.Clean() {
				t.Errorf("verify after Up: %v %v", err, drift)
			}
		})
	}
}

// TestSquashFreshMatchesOld: the squashed set builds on an empty database
// the schema the old history builds.
func TestSquashFreshMatchesOld(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			old, sq := squashSets(t)
			read := func(migs []migrate.Migration) introspect.Schema {
				db, _ := corpustest.Open(t, d)
				if err := mustNew(t, db, migs).Up(context.Background()); err != nil {
					t.Fatal(err)
				}
				s, err := introspect.Read(db, migrate.DefaultVersionTable)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			want, got := read(old), read(sq)
			if len(want) != 2 {
				t.Fatalf("the old history built %d tables, want makers and parts", len(want))
			}
			for _, diff := range introspect.Diff(want, got) {
				t.Errorf("the squashed set differs from the old history: %s", diff)
			}
		})
	}
}

// TestSquashPartialRefused: a database that applied only A, or A and B
// with B dirty, is refused by Up, Down, DownTo and Stamp with a
// SquashError naming X and what is missing, and nothing is written;
// Status reports it without failing, and the status command fails on it.
func TestSquashPartialRefused(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			old, sq := squashSets(t)
			if err := mustNew(t, db, old).UpTo(ctx, sqA); err != nil {
				t.Fatal(err)
			}
			execSQL(t, db, "INSERT INTO makers (id) VALUES (1), (2), (3)")
			m := mustNew(t, db, sq)
			ops := map[string]func() error{
				"up":      func() error { return m.Up(ctx) },
				"down":    func() error { return m.Down(ctx, 1) },
				"down-to": func() error { return m.DownTo(ctx, migrate.Base) },
				"stamp":   func() error { return m.Stamp(ctx, sqD, migrate.Force()) },
			}
			check := func(wantApplied int, want ...string) {
				t.Helper()
				for name, op := range ops {
					err := op()
					var se *migrate.SquashError
					if !errors.As(err, &se) || se.Revision != sqX || len(se.Applied) != wantApplied {
						t.Errorf("%s: %v, want a SquashError for X with %d applied", name, err, wantApplied)
						continue
					}
					for _, w := range want {
						if !strings.Contains(err.Error(), w) {
							t.Errorf("%s: %v\nwant it to say %q", name, err, w)
						}
					}
				}
				st, err := m.Status(ctx)
				if err != nil {
					t.Fatalf("status: %v", err)
				}
				if len(st.Squash) != 1 || st.Squash[0].Revision != sqX || !slices.Contains(revIDs(st.Pending), sqX) || len(st.Unknown) > 0 {
					t.Errorf("status: squash %v, pending %q, unknown %q; want X partly applied and pending", st.Squash, revIDs(st.Pending), st.Unknown)
				}
				var out strings.Builder
				cmd := migrate.Command(db, sq)
				cmd.Stdout, cmd.Stderr = &out, &out
				var se *migrate.StatusError
				if err := cmd.Run(ctx, []string{"status"}); !errors.As(err, &se) || !slices.Equal(se.Squash, []string{sqX}) {
					t.Errorf("status command: %v, want a StatusError naming X", err)
				}
				if !strings.Contains(out.String(), "squash    revision "+sqX) {
					t.Errorf("status command does not report X:\n%s", out.String())
				}
			}
			check(1, "revision "+sqX+" is a squash of 3 revisions", "applied 1 of them", "the newest: "+sqA, "the first missing: "+sqB,
				"upgrade this database past "+sqC+" with a build from before the squash (the commit before it), then run this build")
			if got := versionIDs(t, db); !slices.Equal(got, []string{sqA}) {
				t.Errorf("the refused operations left the version table %q, want only A", got)
			}
			if !db.Migrator().HasTable("makers") || db.Migrator().HasTable("parts") {
				t.Errorf("the refused operations changed the schema")
			}
			if n := count(t, db, "makers"); n != 3 {
				t.Errorf("the refused operations left %d rows in makers, want the 3 there were", n)
			}

			// B applied but dirty, as a failed apply leaves it on MariaDB.
			if err := mustNew(t, db, old).UpTo(ctx, sqB); err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("UPDATE "+migrate.DefaultVersionTable+" SET dirty = ?, error = ? WHERE id = ?", true, "boom", sqB).Error; err != nil {
				t.Fatal(err)
			}
			check(1, "the first missing: "+sqB, sqB+" is dirty", "resolve "+sqB+" with the build from before the squash")
			if got := versionIDs(t, db); !slices.Equal(got, []string{sqA, sqB}) {
				t.Errorf("the refused operations left the version table %q, want A and B", got)
			}
		})
	}
}

// TestSquashDownToBase rolls everything back on an old database, not
// rewritten yet and rewritten: D, then X's Down, which drops what A, B and
// C built, leaving only an empty version table.
func TestSquashDownToBase(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		for _, rewritten := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/rewritten=%v", d, rewritten), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				db, _ := squashedOld(t, d)
				_, sq := squashSets(t)
				want := []string{sqD, sqX}
				if rewritten {
					if err := mustNew(t, db, sq).Up(ctx); err != nil {
						t.Fatal(err)
					}
					want = []string{sqE, sqD, sqX}
				}
				with := func(opt migrate.Option) *migrate.Migrator { return mustNew(t, db, sq, opt) }
				if got := doneOrder(t, func(m *migrate.Migrator) error { return m.DownTo(ctx, migrate.Base) }, with); got != strings.Join(want, " ") {
					t.Errorf("DownTo(base) rolled back %q, want %q", got, want)
				}
				if got := versionIDs(t, db); len(got) > 0 {
					t.Errorf("version table after DownTo(base): %q, want empty", got)
				}
				got, err := db.Migrator().GetTables()
				if err != nil {
					t.Fatal(err)
				}
				if got = slices.DeleteFunc(got, func(s string) bool { return strings.HasPrefix(s, "sqlite_") }); !slices.Equal(got, []string{migrate.DefaultVersionTable}) {
					t.Errorf("tables after DownTo(base): %q, want only the version table", got)
				}
			})
		}
	}
}

// TestSquashDownFailsMidway: X's Down fails after its schema inverse ran,
// on a database not rewritten yet. Where DDL is transactional nothing
// changes (X still applied); on MariaDB X's own row is left dirty, rolling
// back, naming what ran, and A, B, C are gone.
func TestSquashDownFailsMidway(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := squashedOld(t, d)
			_, sq := squashSets(t)
			// Down walks Up backwards: the inverse drops the tables, then
			// this step's Down fails.
			sq[0].Up = append([]migrate.Step{migrate.Go{Name: "fails going down", Up: migrate.Nothing,
				Down: func(context.Context, *gorm.DB) error { return errors.New("boom") }}}, sq[0].Up...)
			m := mustNew(t, db, sq)
			if err := m.DownTo(ctx, migrate.Base); err == nil || !strings.Contains(err.Error(), "boom") {
				t.Fatalf("DownTo(base): %v, want the failing step's error", err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ids := versionIDs(t, db)
			if d == corpustest.MariaDB {
				if st.Dirty == nil || st.Dirty.Revision != sqX || !st.Dirty.RollingBack || len(st.Dirty.Executed) == 0 {
					t.Fatalf("status: dirty %+v, want X dirty rolling back, with what ran", st.Dirty)
				}
				if !slices.Equal(ids, []string{sqX}) {
					t.Errorf("version table %q, want only X's dirty row", ids)
				}
				return
			}
			if st.Dirty != nil || !slices.Equal(revIDs(st.Applied), []string{sqX}) {
				t.Errorf("status: dirty %v, applied %q; want X applied, clean", st.Dirty, revIDs(st.Applied))
			}
			if slices.Contains(ids, sqD) || !db.Migrator().HasTable("parts") || len(partRows(t, db)) != 20 {
				t.Errorf("version table %q; want D gone and X's tables kept with their rows", ids)
			}
		})
	}
}

// TestSquashConcurrentUp: two processes run Up with the squashed set on an
// old database at once; E sleeps, so that both read the version table
// before either has finished. The rows are rewritten once, E is applied
// once, and both succeed.
func TestSquashConcurrentUp(t *testing.T) {
	type engine struct {
		name   string
		d      corpustest.Dialect
		txLock bool
	}
	engines := []engine{{"postgres-txlock", corpustest.PostgreSQL, true}}
	for _, d := range corpustest.AllDialects {
		engines = append(engines, engine{string(d), d, false})
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			db, _ := squashedOld(t, e.d)
			rows := partRows(t, db)
			env := []string{squashChildEnv + "=" + string(e.d), childDSNEnv + "=" + dsnOf(t, db)}
			if e.txLock {
				env = append(env, raceTxLockEnv+"=1")
			}
			applied, waited := 0, 0
			for _, out := range raceChildren(t, 2, "TestSquashChild", env...) {
				applied += strings.Count(out, "applied "+sqE)
				waited += strings.Count(out, "waited")
			}
			if applied != 1 {
				t.Errorf("E was applied %d times, want once", applied)
			}
			if waited == 0 {
				t.Errorf("neither process waited for the lock: they did not race")
			}
			if got := versionIDs(t, db); !slices.Equal(got, []string{sqX, sqD, sqE}) {
				t.Errorf("version table %q, want D, X, E once each", got)
			}
			if got := partRows(t, db); !slices.Equal(got, rows) {
				t.Errorf("parts rows changed: %d rows, want the %d seeded", len(got), len(rows))
			}
		})
	}
}

// childDB opens the database of a child process of the test parent, the
// dialect the environment variable env names and childDSNEnv's DSN; it
// skips the test when it is not run as one.
func childDB(t *testing.T, env, parent string) *gorm.DB {
	t.Helper()
	d := corpustest.Dialect(os.Getenv(env))
	if d == "" {
		t.Skip("run by " + parent)
	}
	db, err := openDSN(d, os.Getenv(childDSNEnv))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSquashChild is the body of TestSquashConcurrentUp's processes; it
// does nothing unless run as one.
func TestSquashChild(t *testing.T) {
	db := childDB(t, squashChildEnv, "TestSquashConcurrentUp")
	_, sq := squashSets(t)
	sq[2].Up = append(sq[2].Up, goStep(func() { time.Sleep(500 * time.Millisecond) }))
	opts := []migrate.Option{migrate.WithLockTimeout(time.Minute), migrate.WithProgress(func(e migrate.Event) {
		switch e.Kind {
		case migrate.Done:
			fmt.Println("applied " + e.Revision)
		case migrate.Waiting:
			fmt.Println("waited")
		}
	})}
	if os.Getenv(raceTxLockEnv) == "1" {
		opts = append(opts, migrate.WithTransactionLock())
	}
	m := mustNew(t, db, sq, opts...)
	if err := awaitStart(); err != nil {
		t.Fatal(err)
	}
	if err := m.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSquashLeftoverAndStamp: Stamp rewrites the old rows like any locked
// write; a row of a replaced revision beside X's own is ignored, shown,
// and removed by the next write.
func TestSquashLeftoverAndStamp(t *testing.T) {
	ctx := context.Background()
	db, _ := squashedOld(t, corpustest.SQLite)
	_, sq := squashSets(t)
	m := mustNew(t, db, sq)
	if err := m.Stamp(ctx, sqD); err != nil {
		t.Fatal(err)
	}
	if got := versionIDs(t, db); !slices.Equal(got, []string{sqX, sqD}) {
		t.Errorf("version table after Stamp(D): %q, want D and X", got)
	}
	if err := db.Exec("INSERT INTO "+migrate.DefaultVersionTable+" (id, checksum, applied_at) VALUES (?, 'old', CURRENT_TIMESTAMP)", sqB).Error; err != nil {
		t.Fatal(err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Leftover, []string{sqB}) || len(st.Unknown) > 0 || !slices.Equal(revIDs(st.Applied), []string{sqX, sqD}) {
		t.Errorf("status: leftover %q, unknown %q, applied %q; want B left over, X and D applied", st.Leftover, st.Unknown, revIDs(st.Applied))
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if got := versionIDs(t, db); !slices.Equal(got, []string{sqX, sqD, sqE}) {
		t.Errorf("version table after Up: %q, want D, X, E without the leftover", got)
	}
}

// TestSquashGraphErrors: New refuses a set that still lists a replaced
// revision, replaces one twice, or gives a squashed revision parents; a
// replaced id, or a prefix of one only, is refused as an argument, naming
// the revision it was squashed into.
func TestSquashGraphErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := corpustest.Open(t, corpustest.SQLite)
	old, _ := squashSets(t)
	for _, tt := range []struct {
		name string
		edit func([]migrate.Migration) []migrate.Migration
		want []string
	}{
		{"still listed", func(sq []migrate.Migration) []migrate.Migration { return append(sq, old[1]) },
			[]string{"revision " + sqX + " replaces " + sqB + ", but " + sqB + " is still among the migrations", "remove its file from the package and its entry from the index"}},
		{"replaced twice", func(sq []migrate.Migration) []migrate.Migration {
			sq[2].Parents, sq[2].Replaces = nil, []string{sqC}
			return sq
		}, []string{"revision " + sqC + " is replaced by both " + sqX + " and " + sqE}},
		{"listed twice", func(sq []migrate.Migration) []migrate.Migration {
			sq[0].Replaces = append(sq[0].Replaces, sqA)
			return sq
		}, []string{"revision " + sqX + " lists " + sqA + " twice in Replaces"}},
		{"with parents", func(sq []migrate.Migration) []migrate.Migration {
			sq[2].Replaces = []string{"20260101000000_gone", "20260102000000_gone"}
			return sq
		}, []string{"revision " + sqE + " replaces 20260101000000_gone, 20260102000000_gone (a squash) and has parents (" + sqD + ")", "remove its Parents"}},
		{"parent squashed away", func(sq []migrate.Migration) []migrate.Migration {
			sq[1].Parents = []string{sqC}
			return sq
		}, []string{"revision " + sqD + " names parent " + sqC + ", which was squashed into " + sqX + "; make " + sqX + " its parent"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, sq := squashSets(t)
			_, err := migrate.New(db, tt.edit(sq))
			if err == nil {
				t.Fatal("New accepted the set")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New: %v\nwant it to say %q", err, w)
				}
			}
		})
	}

	_, sq := squashSets(t)
	m := mustNew(t, db, sq)
	squashed := func(id string) string {
		return "revision " + id + " was squashed into " + sqX + "; name " + sqX + " or a later revision"
	}
	for _, tt := range []struct {
		name string
		run  func() error
		want string
	}{
		{"UpTo", func() error { return m.UpTo(ctx, sqB) }, squashed(sqB)},
		{"DownTo", func() error { return m.DownTo(ctx, sqA) }, squashed(sqA)},
		{"Stamp", func() error { return m.Stamp(ctx, sqC) }, squashed(sqC)},
		{"Resolve", func() error { return m.Resolve(ctx, sqC, true) }, squashed(sqC)},
		{"prefix of one", func() error { return m.UpTo(ctx, "20260402") }, squashed(sqB)},
		{"relative", func() error { return m.DownTo(ctx, sqC+"~1") }, squashed(sqC)},
		// 2026040 matches A, B, C (squashed) and X, D, E.
		{"ambiguous prefix", func() error { return m.UpTo(ctx, "2026040") }, sqA + " (squashed into " + sqX + ")"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v, want an error saying %q", err, tt.want)
			}
		})
	}
	if db.Migrator().HasTable(migrate.DefaultVersionTable) {
		t.Errorf("the refused calls created the version table")
	}
}

// TestSquashOfSquash: squashing again, from X through D, gives Y whose
// Replaces list X's own replaced ids, X and D, as migragen squash writes
// them. A database that still records A, B, C and D, and one whose rows
// the first squashed build rewrote into X and D, both count Y applied;
// one that stopped at C is refused, since it lacks D.
func TestSquashOfSquash(t *testing.T) {
	const sqY = "20260404000000_squashed"
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			old, sq := squashSets(t)
			changes := squashChanges()
			afterD, err := schema.Apply(schema.New(schema.Settings{}), slices.Concat(changes[0], changes[1], changes[2], changes[3]))
			if err != nil {
				t.Fatal(err)
			}
			creates, err := schema.Diff(schema.New(schema.Settings{}), afterD, schema.Hints{})
			if err != nil {
				t.Fatal(err)
			}
			y, err := oracle.Migration(sqY, nil, creates)
			if err != nil {
				t.Fatal(err)
			}
			y.Replaces = []string{sqA, sqB, sqC, sqX, sqD}
			e, err := oracle.Migration(sqE, []string{sqY}, changes[4])
			if err != nil {
				t.Fatal(err)
			}
			again := []migrate.Migration{y, e}

			oldRows, _ := squashedOld(t, d) // A..D under their own ids
			rewritten, _ := squashedOld(t, d)
			if err := mustNew(t, rewritten, sq).Up(ctx); err != nil { // X, D, E
				t.Fatal(err)
			}
			if got := versionIDs(t, rewritten); !slices.Equal(got, []string{sqX, sqD, sqE}) {
				t.Fatalf("the first squashed build left %q", got)
			}
			stopped, _ := corpustest.Open(t, d)
			if err := mustNew(t, stopped, old).UpTo(ctx, sqC); err != nil {
				t.Fatal(err)
			}

			for name, db := range map[string]*gorm.DB{"old ids": oldRows, "rewritten": rewritten} {
				if err := mustNew(t, db, again).Up(ctx); err != nil {
					t.Fatalf("%s: Up: %v", name, err)
				}
				st, err := mustNew(t, db, again).Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := revIDs(st.Applied); !slices.Equal(got, []string{sqY, sqE}) || len(st.Pending)+len(st.Unknown)+len(st.Squash) > 0 {
					t.Errorf("%s: applied %q, pending %d, unknown %q, squash %v; want Y and E applied", name, got, len(st.Pending), st.Unknown, st.Squash)
				}
			}
			if got := versionIDs(t, oldRows); !slices.Equal(got, []string{sqY, sqE}) {
				t.Errorf("the database with the old ids holds %q after Up, want Y and E", got)
			}
			err = mustNew(t, stopped, again).Up(ctx)
			var se *migrate.SquashError
			if !errors.As(err, &se) || se.Revision != sqY {
				t.Fatalf("a database stopped at C: Up gave %v, want a SquashError for Y", err)
			}
			if got := versionIDs(t, stopped); !slices.Equal(got, []string{sqA, sqB, sqC}) {
				t.Errorf("the refused database's version table changed: %q", got)
			}
		})
	}
}
