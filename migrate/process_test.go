package migrate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The tests that need several OS processes re-run this test binary as a
// child: MIGRAGEN_CHILD names what the child does, MIGRAGEN_CHILD_DIALECT
// and MIGRAGEN_CHILD_DSN the database.
const (
	childEnv        = "MIGRAGEN_CHILD"
	childDialectEnv = "MIGRAGEN_CHILD_DIALECT"
	childDSNEnv     = "MIGRAGEN_CHILD_DSN"
	// childStartEnv names a directory: a child writes a file there when it
	// is ready and starts once the parent has written "go", so that
	// processes started one after another on a busy machine still call Up
	// at the same moment.
	childStartEnv = "MIGRAGEN_CHILD_START"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// runChild is the body of a child process. It prints "waited" when it had
// to wait for the migration lock and "started" when the slow step begins.
func runChild(role string) int {
	db, err := openDSN(corpustest.Dialect(os.Getenv(childDialectEnv)), os.Getenv(childDSNEnv))
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	if role == "race" {
		return raceChild(db)
	}
	var migs []migrate.Migration
	opts := []migrate.Option{migrate.WithLockTimeout(time.Minute)}
	switch role {
	case "concurrent":
		migs = slowMigrations(time.Second)
	case "concurrent-txlock":
		migs = slowMigrations(time.Second)
		opts = append(opts, migrate.WithTransactionLock())
	case "killed":
		migs = slowMigrations(time.Minute)
	default:
		fmt.Println("unknown child role", role)
		return 1
	}
	m, err := migrate.New(db, migs, append(opts, migrate.WithProgress(func(e migrate.Event) {
		if e.Kind == migrate.Waiting {
			fmt.Println("waited")
		}
	}))...)
	if err != nil {
		fmt.Println("new:", err)
		return 1
	}
	if dir := os.Getenv(childStartEnv); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(os.Getpid())), nil, 0o644); err != nil {
			fmt.Println("ready:", err)
			return 1
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if err := m.Up(context.Background()); err != nil {
		fmt.Println("up:", err)
		return 1
	}
	fmt.Println("ok")
	return 0
}

// slowMigrations creates a table, then a Go step announces itself, sleeps
// for d and records its run in that table, so a test can count how often
// it ran; a second revision adds a column.
func slowMigrations(d time.Duration) []migrate.Migration {
	runs := &schema.Table{Name: "runs", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		{Name: "pid", DataType: schema.Int, GORMDataType: schema.Int, Size: 64},
	}}
	note := &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 100}
	return []migrate.Migration{
		{ID: "20260101000000_runs",
			Up: []migrate.Step{
				migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: runs}}},
				migrate.Go{Name: "slow", Up: func(ctx context.Context, tx *gorm.DB) error {
					fmt.Println("started")
					time.Sleep(d)
					return tx.Exec("INSERT INTO runs (pid) VALUES (?)", os.Getpid()).Error
				}, Down: func(context.Context, *gorm.DB) error { return nil }},
			},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: runs}}}}},
		{ID: "20260102000000_note", Parents: []string{"20260101000000_runs"},
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AddColumn{Table: "runs", Column: note}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropColumn{Table: "runs", Column: note}}}}},
	}
}

func openDSN(d corpustest.Dialect, dsn string) (*gorm.DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard}
	switch d {
	case corpustest.PostgreSQL:
		return gorm.Open(postgres.Open(dsn), cfg)
	case corpustest.MariaDB:
		return gorm.Open(mysql.Open(dsn), cfg)
	case corpustest.SQLite:
		return gorm.Open(sqlite.Open(dsn), cfg)
	}
	return nil, fmt.Errorf("unknown dialect %q", d)
}

// dsnOf returns the DSN a test database was opened with, for a child.
func dsnOf(t *testing.T, db *gorm.DB) string {
	switch d := db.Dialector.(type) {
	case *postgres.Dialector:
		return d.Config.DSN
	case *mysql.Dialector:
		return d.Config.DSN
	case *sqlite.Dialector:
		return d.DSN
	}
	t.Fatalf("no DSN for %T", db.Dialector)
	return ""
}

func child(role string, d corpustest.Dialect, dsn string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, childDialectEnv+"="+string(d), childDSNEnv+"="+dsn)
	return cmd
}

// TestConcurrentUp starts 8 processes that call Up at once against a
// migration that sleeps a second: every one must succeed, the slow step
// must have run exactly once, each revision must be recorded once, and at
// least one process must report that it waited for the lock. PostgreSQL
// runs twice: with the session lock and with the transaction-scoped one.
func TestConcurrentUp(t *testing.T) {
	type run struct {
		name string
		d    corpustest.Dialect
		role string
	}
	runs := []run{{"postgres-txlock", corpustest.PostgreSQL, "concurrent-txlock"}}
	for _, d := range corpustest.AllDialects {
		runs = append(runs, run{string(d), d, "concurrent"})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			db, _ := corpustest.Open(t, r.d)
			dsn := dsnOf(t, db)
			const n = 8
			start := t.TempDir()
			cmds := make([]*exec.Cmd, n)
			outs := make([]*strings.Builder, n)
			for i := range cmds {
				cmds[i] = child(r.role, r.d, dsn)
				cmds[i].Env = append(cmds[i].Env, childStartEnv+"="+start)
				outs[i] = &strings.Builder{}
				cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
			}
			for _, c := range cmds {
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
			}
			for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
				ready, _ := os.ReadDir(start)
				if len(ready) == n {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("only %d of %d processes got ready", len(ready), n)
				}
			}
			if err := os.WriteFile(filepath.Join(start, "go"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			waited := 0
			for i, c := range cmds {
				if err := c.Wait(); err != nil {
					t.Errorf("process %d failed: %v\n%s", i, err, outs[i])
				}
				if strings.Contains(outs[i].String(), "waited") {
					waited++
				}
			}
			var runs int64
			if err := db.Raw("SELECT count(*) FROM runs").Scan(&runs).Error; err != nil {
				t.Fatal(err)
			}
			if runs != 1 {
				t.Errorf("the slow step ran %d times, want once", runs)
			}
			var ids []string
			if err := db.Raw("SELECT id FROM " + migrate.DefaultVersionTable + " ORDER BY id").Scan(&ids).Error; err != nil {
				t.Fatal(err)
			}
			if want := []string{"20260101000000_runs", "20260102000000_note"}; strings.Join(ids, " ") != strings.Join(want, " ") {
				t.Errorf("version table holds %q, want %q", ids, want)
			}
			if waited == 0 {
				t.Errorf("no process reported waiting for the lock")
			}
			t.Logf("%s: %d of %d processes waited for the lock", r.name, waited, n)
		})
	}
}

// TestKilledMidMigration kills a process with SIGKILL while its migration
// runs. Where DDL is transactional nothing of the migration may remain and
// the next Up completes it; on MariaDB the next Up must report the dirty
// revision, and resolving it must let Up finish.
func TestKilledMidMigration(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db, _ := corpustest.Open(t, d)
			cmd := child("killed", d, dsnOf(t, db))
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			var seen strings.Builder
			for !strings.Contains(seen.String(), "started") {
				n, err := out.Read(buf)
				if err != nil {
					t.Fatalf("the child ended before its slow step: %v: %s", err, seen.String())
				}
				seen.Write(buf[:n])
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			ctx := context.Background()
			m, err := migrate.New(db, slowMigrations(0))
			if err != nil {
				t.Fatal(err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d == corpustest.MariaDB {
				if st.Dirty == nil || st.Dirty.Revision != "20260101000000_runs" {
					t.Fatalf("status after the kill: dirty = %v, want revision 20260101000000_runs", st.Dirty)
				}
				err := m.Up(ctx)
				if err == nil || !strings.Contains(err.Error(), "resolve 20260101000000_runs") {
					t.Fatalf("Up on a dirty database: %v, want the dirty revision and how to resolve it", err)
				}
				// The table was created before the kill; undo it, then
				// mark the revision pending.
				if err := db.Exec("DROP TABLE runs").Error; err != nil {
					t.Fatal(err)
				}
				if err := m.Resolve(ctx, "20260101000000_runs", false); err != nil {
					t.Fatal(err)
				}
			} else {
				if st.Dirty != nil || len(st.Applied) != 0 || len(st.Pending) != 2 {
					t.Fatalf("status after the kill: %+v, want two pending revisions and nothing dirty", st)
				}
				if db.Migrator().HasTable("runs") {
					t.Fatal("the killed migration's table survived its rollback")
				}
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up after the kill: %v", err)
			}
			if st, _ := m.Status(ctx); len(st.Pending) != 0 || st.Dirty != nil {
				t.Fatalf("after Up: %+v", st)
			}
		})
	}
}

// raceChildren runs n processes of this test binary running the test
// named run, each with env added, releases them together once all are
// ready (awaitStart), and returns what each printed; a process that
// failed is reported.
func raceChildren(t *testing.T, n int, run string, env ...string) []string {
	t.Helper()
	start := t.TempDir()
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.v")
		cmds[i].Env = append(append(os.Environ(), env...), childStartEnv+"="+start)
		outs[i] = &strings.Builder{}
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if ready, _ := os.ReadDir(start); len(ready) == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the processes did not get ready")
		}
	}
	if err := os.WriteFile(filepath.Join(start, "go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := make([]string, n)
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d failed: %v\n%s", i, err, outs[i])
		}
		out[i] = outs[i].String()
	}
	return out
}
