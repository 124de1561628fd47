package migrate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The race tests run two operations in two OS processes at once against a
// populated database and check that the outcome is one that running them
// one after the other, a migration at a time, could give: the version
// table is closed under parents and clean, each revision's table exists
// exactly when the revision is recorded, and the rows of a table survive
// unless one of the processes rolled its revision back.

const (
	raceOpEnv     = "MIGRAGEN_RACE_OP"     // up, down:N, stamp:REV
	raceTxLockEnv = "MIGRAGEN_RACE_TXLOCK" // 1: WithTransactionLock
	raceDriftEnv  = "MIGRAGEN_RACE_DRIFT"  // 1: WithDriftCheck
	raceDelayEnv  = "MIGRAGEN_RACE_DELAY"  // wait this long after the start signal
)

// raceTables are the tables of raceMigrations, one per revision in order.
var raceTables = []string{"alpha", "beta", "gamma"}

// raceMigrations creates one table per revision, and after the first an
// index on the table before; each migration also runs a Go step that
// sleeps, going up and going down, so that the processes overlap.
func raceMigrations(sleep time.Duration) []migrate.Migration {
	nap := func(context.Context, *gorm.DB) error { time.Sleep(sleep); return nil }
	var out []migrate.Migration
	for i, name := range raceTables {
		t := &schema.Table{Name: name, Columns: []*schema.Column{
			{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
			{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 64},
		}}
		changes := []schema.Change{schema.CreateTable{Table: t}}
		if i > 0 {
			// An index on the previous revision's table, which holds rows:
			// on PostgreSQL its online phase runs after the transaction,
			// and must still be covered by the lock.
			changes = append(changes, schema.CreateIndex{Table: raceTables[i-1], Index: &schema.Index{
				Name: "idx_" + raceTables[i-1] + "_note", Derived: true, Columns: []*schema.IndexColumn{{Column: "note"}}}})
		}
		mig := migrate.Migration{ID: raceID(i),
			Up: []migrate.Step{
				migrate.Schema{Changes: changes},
				migrate.Go{Name: "nap", Up: nap, Down: nap},
			},
			Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}}
		if i > 0 {
			mig.Parents = []string{raceID(i - 1)}
		}
		out = append(out, mig)
	}
	return out
}

func raceID(i int) string { return fmt.Sprintf("2026010100000%d_%s", i+1, raceTables[i]) }

// raceChild runs the operation MIGRAGEN_RACE_OP names and prints a line
// per migration it applied ("up REV") or rolled back ("down REV").
func raceChild(db *gorm.DB) int {
	opts := []migrate.Option{migrate.WithLockTimeout(time.Minute), migrate.WithProgress(func(e migrate.Event) {
		if e.Kind == migrate.Done {
			fmt.Printf("%s %s\n", e.Direction, e.Revision)
		}
	})}
	if os.Getenv(raceDriftEnv) == "1" {
		opts = append(opts, migrate.WithDriftCheck())
	}
	if os.Getenv(raceTxLockEnv) == "1" {
		opts = append(opts, migrate.WithTransactionLock())
	}
	m, err := migrate.New(db, raceMigrations(300*time.Millisecond), opts...)
	if err != nil {
		fmt.Println("new:", err)
		return 1
	}
	if err := awaitStart(); err != nil {
		fmt.Println("start:", err)
		return 1
	}
	if d, err := time.ParseDuration(os.Getenv(raceDelayEnv)); err == nil {
		time.Sleep(d)
	}
	ctx := context.Background()
	op, arg, _ := strings.Cut(os.Getenv(raceOpEnv), ":")
	switch op {
	case "up":
		err = m.Up(ctx)
	case "down":
		n, _ := strconv.Atoi(arg)
		err = m.Down(ctx, n)
	case "stamp":
		err = m.Stamp(ctx, arg)
	default:
		err = fmt.Errorf("unknown race operation %q", op)
	}
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	return 0
}

// awaitStart announces readiness in the MIGRAGEN_CHILD_START directory and
// waits for the parent's "go".
func awaitStart() error {
	dir := os.Getenv(childStartEnv)
	if dir == "" {
		return nil
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(os.Getpid())), nil, 0o644); err != nil {
		return err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// raceEngine is one engine and lock mode the races run on.
type raceEngine struct {
	name   string
	d      corpustest.Dialect
	txLock bool
	wal    bool
	// drift runs every process, and the preparation, WithDriftCheck: a
	// process that reads the catalog while another applies or rolls back
	// must not take the other's work for drift.
	drift bool
}

// raceEngines lists each engine and lock mode, once plain and once with
// the drift check.
func raceEngines() []raceEngine {
	engines := []raceEngine{
		{name: "sqlite-rollback-journal", d: corpustest.SQLite},
		{name: "sqlite-wal", d: corpustest.SQLite, wal: true},
		{name: "postgres-session-lock", d: corpustest.PostgreSQL},
		{name: "postgres-txlock", d: corpustest.PostgreSQL, txLock: true},
		{name: "mariadb", d: corpustest.MariaDB},
	}
	for _, e := range engines[:len(engines):len(engines)] {
		e.name += "+drift-check"
		e.drift = true
		engines = append(engines, e)
	}
	return engines
}

// raceProc is one operation of a race, started after delay.
type raceProc struct {
	op    string
	delay time.Duration
}

// raceRows is how many rows each table holds before a race.
const raceRows = 100

// TestRaces runs, on every engine and lock mode: up racing down, down
// racing down, and stamp racing up, each with rows in the tables. Down's
// plan must come from the version table read under the lock: a down that
// planned before waiting rolled back the first revision while later ones
// stayed recorded, dropping a table with its rows.
func TestRaces(t *testing.T) {
	cases := []struct {
		name    string
		applied int // revisions applied (with rows) before the race
		procs   []raceProc
		// check looks at the outcome beyond consistency; did maps each
		// process to the revisions it ran.
		check func(t *testing.T, recorded []string, did [][]string)
	}{
		{
			// Down starts a moment later, so that it reads the version
			// table while up is applying, then waits for the lock.
			name: "up-racing-down", applied: 1,
			procs: []raceProc{{op: "up"}, {op: "down:1", delay: 100 * time.Millisecond}},
			check: func(t *testing.T, recorded []string, did [][]string) {
				if len(did[1]) != 1 {
					t.Errorf("down 1 rolled back %q, want exactly one revision", did[1])
				}
			},
		},
		{
			name: "down-racing-down", applied: 3,
			procs: []raceProc{{op: "down:1"}, {op: "down:1", delay: 50 * time.Millisecond}},
			check: func(t *testing.T, recorded []string, did [][]string) {
				// Each rolls back the newest revision it finds under the
				// lock: two different ones.
				if len(did[0]) != 1 || len(did[1]) != 1 || did[0][0] == did[1][0] {
					t.Errorf("the two down 1 rolled back %q and %q, want one revision each, not the same", did[0], did[1])
				}
				if want := []string{raceID(0)}; !slices.Equal(recorded, want) {
					t.Errorf("recorded %q, want %q", recorded, want)
				}
			},
		},
		{
			// The second table was built by hand (AutoMigrate, say), and
			// an operator stamps it while a replica runs up.
			name: "stamp-racing-up", applied: 1,
			procs: []raceProc{{op: "up"}, {op: "stamp:" + raceID(1), delay: 50 * time.Millisecond}},
		},
	}
	for _, e := range raceEngines() {
		for _, c := range cases {
			t.Run(e.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				db, _ := corpustest.Open(t, e.d)
				prepareRace(t, db, e, c.applied, c.name == "stamp-racing-up")
				outs, failed := runRace(t, db, e, c.procs)
				recorded := checkRaceState(t, db, c.name)
				did := make([][]string, len(outs))
				rolledBack := map[string]bool{}
				for i, out := range outs {
					for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
						if dir, rev, ok := strings.Cut(line, " "); ok && (dir == "up" || dir == "down") {
							did[i] = append(did[i], rev)
							if dir == "down" {
								rolledBack[rev] = true
							}
						}
					}
				}
				for i, table := range raceTables {
					if !slices.Contains(recorded, raceID(i)) {
						continue
					}
					want := int64(raceRows)
					if rolledBack[raceID(i)] || i >= c.applied && !(c.name == "stamp-racing-up" && i == 1) {
						want = 0 // created or re-created during the race
					}
					var n int64
					if err := db.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
						t.Fatal(err)
					}
					if n != want {
						t.Errorf("%s holds %d rows, want %d (processes did %q)", table, n, want, did)
					}
				}
				for i, f := range failed {
					// Only the stamp race may fail, and only by refusing
					// to create a table that exists, having changed nothing.
					if f && !(c.name == "stamp-racing-up" && i == 0) {
						t.Errorf("process %d (%s) failed:\n%s", i, c.procs[i].op, outs[i])
					}
				}
				if c.check != nil {
					c.check(t, recorded, did)
				}
				t.Logf("recorded %q; processes did %q", recorded, did)
			})
		}
	}
}

// prepareRace applies the first n revisions and fills their tables; with
// byHand, it also builds the next revision's table as AutoMigrate would
// have, unrecorded, with rows.
func prepareRace(t *testing.T, db *gorm.DB, e raceEngine, n int, byHand bool) {
	t.Helper()
	if e.wal {
		var mode string
		if err := db.Raw("PRAGMA journal_mode = WAL").Scan(&mode).Error; err != nil || mode != "wal" {
			t.Fatalf("switching to WAL: %q, %v", mode, err)
		}
	}
	ctx := context.Background()
	var opts []migrate.Option
	if e.drift {
		opts = append(opts, migrate.WithDriftCheck())
	}
	m, err := migrate.New(db, raceMigrations(0), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		if err := m.UpTo(ctx, raceID(n-1)); err != nil {
			t.Fatal(err)
		}
	}
	fill := n
	if byHand {
		// Exactly as the revision builds it: stamp verifies the table.
		mig := raceMigrations(0)[n]
		mig.Parents = nil
		changes := mig.Up[0].(migrate.Schema).Changes
		mig.Up[0] = migrate.Schema{Changes: changes[:1]} // the table; the index is on a table the replay of mig alone lacks
		mig.Down = []migrate.Step{migrate.Schema{Changes: schema.Invert(changes[:1])}}
		buildByHand(t, db, []migrate.Migration{mig})
		if n > 0 {
			ix := changes[1].(schema.CreateIndex)
			if err := db.Exec("CREATE INDEX " + ix.Index.Name + " ON " + ix.Table + " (note)").Error; err != nil {
				t.Fatal(err)
			}
		}
		fill++
	}
	for _, table := range raceTables[:fill] {
		for i := range raceRows {
			if err := db.Exec("INSERT INTO "+table+" (id, note) VALUES (?, ?)", i+1, fmt.Sprint("row ", i+1)).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
}

// runRace starts the processes together and returns their output and
// whether each failed.
func runRace(t *testing.T, db *gorm.DB, e raceEngine, procs []raceProc) (outs []string, failed []bool) {
	t.Helper()
	start := t.TempDir()
	cmds := make([]*exec.Cmd, len(procs))
	bufs := make([]*strings.Builder, len(procs))
	for i, p := range procs {
		cmds[i] = child("race", e.d, dsnOf(t, db))
		cmds[i].Env = append(cmds[i].Env, childStartEnv+"="+start, raceOpEnv+"="+p.op, raceDelayEnv+"="+p.delay.String())
		if e.drift {
			cmds[i].Env = append(cmds[i].Env, raceDriftEnv+"=1")
		}
		if e.txLock {
			cmds[i].Env = append(cmds[i].Env, raceTxLockEnv+"=1")
		}
		bufs[i] = &strings.Builder{}
		cmds[i].Stdout, cmds[i].Stderr = bufs[i], bufs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if ready, _ := os.ReadDir(start); len(ready) == len(procs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the processes did not get ready")
		}
	}
	if err := os.WriteFile(filepath.Join(start, "go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, c := range cmds {
		failed = append(failed, c.Wait() != nil)
		outs = append(outs, bufs[i].String())
	}
	return outs, failed
}

// checkRaceState checks the version table against itself and the schema,
// and returns the recorded revisions in order.
func checkRaceState(t *testing.T, db *gorm.DB, name string) []string {
	t.Helper()
	var rows []struct {
		ID    string
		Dirty bool
	}
	if err := db.Raw("SELECT id, dirty FROM " + migrate.DefaultVersionTable + " ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var recorded []string
	for _, r := range rows {
		if r.Dirty {
			t.Errorf("revision %s is left dirty", r.ID)
		}
		recorded = append(recorded, r.ID)
	}
	for i, table := range raceTables {
		rec := slices.Contains(recorded, raceID(i))
		if i > 0 && rec && !slices.Contains(recorded, raceID(i-1)) {
			t.Errorf("%s is recorded without its parent %s: %q", raceID(i), raceID(i-1), recorded)
		}
		if has := db.Migrator().HasTable(table); has != rec && !(name == "stamp-racing-up" && i == 1 && has) {
			t.Errorf("table %s exists: %v, but its revision is recorded: %v (%q)", table, has, rec, recorded)
		}
	}
	return recorded
}
