package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

var journalModes = []string{"delete", "wal"}

// conns opens two connections to one new database file in the given
// journal mode, with no busy timeout, so that a lock conflict shows at
// once as SQLITE_BUSY.
func conns(t *testing.T, mode string) (a, b *sql.Conn) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lock.db")
	ctx := context.Background()
	var out [2]*sql.Conn
	for i := range out {
		sqlDB, err := openFile(t, path, "&_pragma=journal_mode("+mode+")&_pragma=busy_timeout(0)").DB()
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = sqlDB.Conn(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { out[i].Close() })
	}
	if _, err := out[0].ExecContext(ctx, "CREATE TABLE data (x); CREATE TABLE existing (x)"); err != nil {
		t.Fatal(err)
	}
	return out[0], out[1]
}

func begin(t *testing.T, c *sql.Conn) *sql.Tx {
	t.Helper()
	tx, err := c.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}

// TestLockStatements shows on real files, in rollback-journal and WAL
// mode, why Lock takes the write lock with CREATE TABLE of a new table:
//
//   - a write that changes no rows (DELETE ... WHERE 0) takes the write
//     lock, as Lock's CREATE TABLE does, but CREATE TABLE IF NOT EXISTS of
//     an existing table does not: it only reads;
//   - a write that fails with SQLITE_BUSY as a transaction's first
//     statement leaves no lock behind: the holder commits, and the next
//     try in the same transaction succeeds;
//   - a transaction that read first keeps a read lock: then the holder
//     cannot commit (rollback journal) or the waiter can never write (WAL).
func TestLockStatements(t *testing.T) {
	for _, mode := range journalModes {
		t.Run(mode, func(t *testing.T) {
			for _, tc := range []struct {
				stmt  string
				locks bool
			}{
				{`CREATE TABLE IF NOT EXISTS existing (x)`, false},
				{`DELETE FROM existing WHERE 0`, true},
				{`CREATE TABLE "` + probeTable + `" (x)`, true},
			} {
				a, b := conns(t, mode)
				txa := begin(t, a)
				if _, err := txa.Exec(tc.stmt); err != nil {
					t.Fatal(err)
				}
				txb := begin(t, b)
				_, err := txb.Exec("INSERT INTO data VALUES (1)")
				if locked := isBusy(err); locked != tc.locks || err != nil && !locked {
					t.Errorf("%s: another writer got %v; want the write lock taken: %v", tc.stmt, err, tc.locks)
				}
			}

			t.Run("a failed try holds nothing", func(t *testing.T) {
				a, b := conns(t, mode)
				txa := begin(t, a)
				mustExec(t, txa, `CREATE TABLE "`+probeTable+`" (x)`, `DROP TABLE "`+probeTable+`"`, "INSERT INTO data VALUES (1)")
				txb := begin(t, b)
				if _, err := txb.Exec(`CREATE TABLE "` + probeTable + `" (x)`); !isBusy(err) {
					t.Fatalf("second writer: got %v, want SQLITE_BUSY", err)
				}
				if err := txa.Commit(); err != nil {
					t.Fatalf("the holder cannot commit while the waiter's transaction is open: %v", err)
				}
				mustExec(t, txb, `CREATE TABLE "`+probeTable+`" (x)`)
				var n int
				if err := txb.QueryRow("SELECT count(*) FROM data").Scan(&n); err != nil || n != 1 {
					t.Fatalf("the waiter sees %d rows (%v), want the holder's 1", n, err)
				}
			})

			t.Run("a read first holds a lock", func(t *testing.T) {
				a, b := conns(t, mode)
				txa := begin(t, a)
				mustExec(t, txa, `CREATE TABLE "`+probeTable+`" (x)`, "INSERT INTO data VALUES (1)")
				txb := begin(t, b)
				var n int
				if err := txb.QueryRow("SELECT count(*) FROM data").Scan(&n); err != nil {
					t.Fatal(err)
				}
				if _, err := txb.Exec(`CREATE TABLE "` + probeTable + `" (x)`); !isBusy(err) {
					t.Fatalf("second writer: got %v, want SQLITE_BUSY", err)
				}
				errCommit := txa.Commit()
				_, errRetry := txb.Exec(`CREATE TABLE "` + probeTable + `" (x)`)
				switch mode {
				case "delete":
					if !isBusy(errCommit) {
						t.Errorf("holder's commit: got %v, want SQLITE_BUSY", errCommit)
					}
				case "wal":
					if errCommit != nil || !isBusySnapshot(errRetry) {
						t.Errorf("holder's commit: %v, waiter's retry: %v; want nil, SQLITE_BUSY_SNAPSHOT", errCommit, errRetry)
					}
				}
			})
		})
	}
}

func mustExec(t *testing.T, tx *sql.Tx, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := tx.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// pair opens two connection pools to one new database file.
func pair(t *testing.T, pragmas string) (holder, waiter *gorm.DB, path string) {
	path = filepath.Join(t.TempDir(), "app.db")
	return openFile(t, path, pragmas), openFile(t, path, pragmas), path
}

// lockIn begins a transaction on db and takes the migration lock in it.
func lockIn(ctx context.Context, db *gorm.DB, timeout time.Duration, waited *atomic.Int32) (*gorm.DB, error) {
	tx := db.WithContext(ctx).Begin()
	if tx.Error != nil {
		return nil, tx.Error
	}
	_, err := Dialect{}.Lock(ctx, tx, dialect.LockOptions{Key: "test", Timeout: timeout, Waited: func() { waited.Add(1) }})
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// TestLockTimesOut: while one connection holds the lock, a second waits,
// says so once through Waited, and gives up after its timeout with an
// error naming the lock, although its connection's busy_timeout is much
// longer; the busy_timeout is restored.
func TestLockTimesOut(t *testing.T) {
	for _, mode := range journalModes {
		t.Run(mode, func(t *testing.T) {
			holder, waiter, path := pair(t, "&_pragma=journal_mode("+mode+")&_pragma=busy_timeout(10000)")
			ctx := context.Background()
			var waited atomic.Int32
			tx, err := lockIn(ctx, holder, time.Second, &waited)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if waited.Load() != 0 {
				t.Error("the first lock waited")
			}

			start := time.Now()
			_, err = lockIn(ctx, waiter, 300*time.Millisecond, &waited)
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("two connections hold the write lock")
			}
			for _, want := range []string{"still held by another process after 300ms", "SQLite's write lock on " + path} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if waited.Load() != 1 {
				t.Errorf("Waited called %d times, want 1", waited.Load())
			}
			if elapsed < 300*time.Millisecond || elapsed > 3*time.Second {
				t.Errorf("gave up after %s, want about 300ms", elapsed)
			}
			equal(t, "busy_timeout", rows(t, waiter, "PRAGMA busy_timeout"), []string{"10000"})
			equal(t, "busy_timeout", rows(t, tx, "PRAGMA busy_timeout"), []string{"10000"})
		})
	}
}

// TestLockWaitsForCommit: a second connection waits while the first holds
// the lock, and gets it once the first commits, seeing what it committed.
func TestLockWaitsForCommit(t *testing.T) {
	for _, mode := range journalModes {
		t.Run(mode, func(t *testing.T) {
			holder, waiter, _ := pair(t, "&_pragma=journal_mode("+mode+")")
			exec(t, holder, "CREATE TABLE applied (rev text)")
			ctx := context.Background()
			var waited atomic.Int32
			tx, err := lockIn(ctx, holder, time.Second, &waited)
			if err != nil {
				t.Fatal(err)
			}
			exec(t, tx, "INSERT INTO applied VALUES ('r1')")
			committed := make(chan error, 1)
			go func() {
				time.Sleep(300 * time.Millisecond)
				committed <- tx.Commit().Error
			}()
			tx2, err := lockIn(ctx, waiter, 5*time.Second, &waited)
			if err != nil {
				t.Fatal(err)
			}
			defer tx2.Rollback()
			if err := <-committed; err != nil {
				t.Fatalf("the holder could not commit while the other waited: %v", err)
			}
			if waited.Load() != 1 {
				t.Errorf("Waited called %d times, want 1", waited.Load())
			}
			equal(t, "applied", rows(t, tx2, "SELECT rev FROM applied"), []string{"r1"})
			if err := tx2.Commit().Error; err != nil {
				t.Fatal(err)
			}
			if waiter.Migrator().HasTable(probeTable) {
				t.Error("the lock's table is left behind")
			}
		})
	}
}

// TestLockAcrossProcesses: another OS process holds the lock (this test
// binary, run as TestHoldLock) until it commits; this one waits for it.
func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	db := openFile(t, path, "")
	exec(t, db, "CREATE TABLE applied (rev text)")

	cmd := osexec.Command(os.Args[0], "-test.run=^TestHoldLock$")
	cmd.Env = append(os.Environ(), "MIGRAGEN_SQLITE_HOLD="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := cmd.Wait(); err != nil {
			t.Errorf("the holding process: %v", err)
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("the holding process said %q, %v", line, err)
	}

	var waited atomic.Int32
	start := time.Now()
	tx, err := lockIn(context.Background(), db, 10*time.Second, &waited)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	t.Logf("waited %s for the other process", time.Since(start).Round(time.Millisecond))
	if waited.Load() != 1 {
		t.Errorf("Waited called %d times, want 1", waited.Load())
	}
	equal(t, "applied", rows(t, tx, "SELECT rev FROM applied"), []string{"by the other process"})
}

// TestHoldLock is the other process of TestLockAcrossProcesses.
func TestHoldLock(t *testing.T) {
	path := os.Getenv("MIGRAGEN_SQLITE_HOLD")
	if path == "" {
		t.Skip("runs as TestLockAcrossProcesses's other process")
	}
	db := openFile(t, path, "")
	var waited atomic.Int32
	tx, err := lockIn(context.Background(), db, 5*time.Second, &waited)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, tx, "INSERT INTO applied VALUES ('by the other process')")
	os.Stdout.WriteString("locked\n")
	time.Sleep(700 * time.Millisecond)
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
}

// TestLockNeedsTransaction: outside a transaction there is no write lock
// to hold, and Lock says so.
func TestLockNeedsTransaction(t *testing.T) {
	_, err := Dialect{}.Lock(context.Background(), open(t), dialect.LockOptions{Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "inside the migration's transaction") {
		t.Fatalf("got %v", err)
	}
}

// TestLockCancelled: a cancelled context ends the wait.
func TestLockCancelled(t *testing.T) {
	holder, waiter, _ := pair(t, "")
	var waited atomic.Int32
	tx, err := lockIn(context.Background(), holder, time.Second, &waited)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = lockIn(ctx, waiter, time.Minute, &waited)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's error", err)
	}
}
