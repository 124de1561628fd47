package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/locktest"
)

// TestLockTimeout shows busy_timeout bounding SQLite's two lock waits on
// real files in rollback-journal mode, with the migrator's own busy
// timeout at 8 s from its DSN (longer than the test allows, so a timeout
// that was not set shows):
//
//   - a write waits for another connection's write lock (BEGIN
//     IMMEDIATE): the ALTER gives up with SQLITE_BUSY;
//   - COMMIT waits for the readers still open: it gives up with
//     SQLITE_BUSY, and the transaction stays open, holding its changes,
//     so that the runtime must COMMIT again once the reader has gone, or
//     ROLLBACK; the test commits again.
//
// Reset puts back the drivers' default, 5 s, not the DSN's 8 s.
func TestLockTimeout(t *testing.T) {
	const wait = 500 * time.Millisecond
	d := Dialect{}
	set, reset := d.LockTimeout(wait, true)
	for _, tc := range []struct {
		name string
		// hold is what the other connection runs and keeps open.
		hold []string
		// before runs in the migration's transaction before stmt.
		before []string
		stmt   string
	}{
		{"a write waits for the write lock", []string{"BEGIN IMMEDIATE"}, nil, "ALTER TABLE t ADD c int"},
		{"COMMIT waits for a reader", []string{"BEGIN", "SELECT count(*) FROM t"}, []string{"ALTER TABLE t ADD c int"}, "COMMIT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "timeout.db")
			conn := sqliteConn(t, path, "&_pragma=journal_mode(delete)&_pragma=busy_timeout(8000)")
			holder := sqliteConn(t, path, "")
			locktest.MustExec(t, locktest.ExecOn(conn), "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)")
			locktest.MustExec(t, locktest.ExecOn(holder), tc.hold...)
			locktest.MustExec(t, locktest.ExecOn(conn), append([]string{"BEGIN"}, tc.before...)...)
			err := locktest.GivesUp(t, locktest.ExecOn(conn), set, tc.stmt, wait, d.IsLockTimeout)
			if !d.IsLockTimeout(fmt.Errorf("revision 0001: %w", err)) {
				t.Errorf("IsLockTimeout is false for the wrapped error")
			}
			locktest.MustExec(t, locktest.ExecOn(holder), "ROLLBACK")
			locktest.MustExec(t, locktest.ExecOn(conn), tc.stmt) // the transaction is still open
			if tc.stmt != "COMMIT" {
				locktest.MustExec(t, locktest.ExecOn(conn), "COMMIT")
			}
			locktest.MustExec(t, locktest.ExecOn(conn), reset...)
			var busy int
			if err := conn.QueryRowContext(context.Background(), "PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 5000 {
				t.Errorf("busy_timeout after reset is %d (%v), want the drivers' 5000", busy, err)
			}
			var cols int
			if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM pragma_table_info('t') WHERE name = 'c'").Scan(&cols); err != nil || cols != 1 {
				t.Errorf("the column added once the lock was free: %d (%v), want 1", cols, err)
			}
			if other := locktest.ExecOn(conn)("ALTER TABLE t ADD"); other == nil || d.IsLockTimeout(other) {
				t.Errorf("IsLockTimeout is true for %v", other)
			}
		})
	}
	for code, want := range map[int]bool{5: true, 6: true, 261: true, 517: false, 1: false} {
		if got := d.IsLockTimeout(codeError(code)); got != want {
			t.Errorf("IsLockTimeout(code %d) = %v, want %v", code, got, want)
		}
	}
	if d.IsLockTimeout(nil) {
		t.Errorf("IsLockTimeout(nil) is true")
	}
}

// codeError is an error with an SQLite result code, as the drivers'
// errors have (SQLITE_BUSY_RECOVERY is 261, SQLITE_BUSY_SNAPSHOT 517).
type codeError int

func (e codeError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e codeError) Code() int     { return int(e) }

// sqliteConn opens the file at path with pragmas and returns its one
// connection.
func sqliteConn(t *testing.T, path, pragmas string) *sql.Conn {
	t.Helper()
	sqlDB, err := openFile(t, path, pragmas).DB()
	if err != nil {
		t.Fatal(err)
	}
	c, err := sqlDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
