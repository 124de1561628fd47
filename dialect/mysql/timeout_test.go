package mysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/migragen/migragen/dialect/mysql"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/locktest"
)

// TestLockTimeout: on a real MariaDB, with the session's own
// lock_wait_timeout at 8 s (longer than the test allows, so a timeout that
// was not set shows), a transaction that read a table
// holds a metadata lock on it, and an ALTER after LockTimeout's statements
// gives up after the timeout with an error IsLockTimeout recognises,
// having changed nothing; reset puts back the session's own value, even
// after the statements ran twice; and once the reader ends, the ALTER
// runs.
func TestLockTimeout(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	holder, conn := locktest.Pinned(t, sqlDB), locktest.Pinned(t, sqlDB)
	exec := func(c *sql.Conn) func(string) error {
		return func(s string) error { _, err := c.ExecContext(context.Background(), s); return err }
	}
	locktest.MustExec(t, exec(conn), "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)", "SET SESSION lock_wait_timeout = 8")
	locktest.MustExec(t, exec(holder), "BEGIN", "SELECT * FROM t")

	d := mysql.Dialect{}
	set, reset := d.LockTimeout(time.Second, false)
	locktest.MustExec(t, exec(conn), set...)
	err = locktest.GivesUp(t, exec(conn), set, "ALTER TABLE t ADD c int", time.Second, d.IsLockTimeout)
	if !d.IsLockTimeout(fmt.Errorf("revision 0001: %w", err)) {
		t.Errorf("IsLockTimeout is false for the wrapped error")
	}
	locktest.MustExec(t, exec(conn), reset...)
	if got := scanInt(t, conn, "SELECT @@SESSION.lock_wait_timeout"); got != 8 {
		t.Errorf("after reset lock_wait_timeout is %d, want the session's 8", got)
	}
	if got := scanInt(t, conn, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'c'"); got != 0 {
		t.Errorf("the ALTER that gave up added the column")
	}
	locktest.MustExec(t, exec(holder), "COMMIT")
	locktest.MustExec(t, exec(conn), "ALTER TABLE t ADD c int")

	for _, other := range []error{exec(conn)("ALTER TABLE t ADD"), exec(conn)("ALTER TABLE t ADD c int"), nil, errors.New("Error 1205: not from the server")} {
		if d.IsLockTimeout(other) {
			t.Errorf("IsLockTimeout is true for %v", other)
		}
	}
	if !d.IsLockTimeout(&gomysql.MySQLError{Number: 1205}) {
		t.Errorf("IsLockTimeout is false for a constructed MySQLError 1205")
	}
}

// TestLockTimeoutSeconds: lock_wait_timeout counts whole seconds, so the
// wait is rounded up, and is at least one second; no wait sets nothing.
func TestLockTimeoutSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second:             "= 1",
		1500 * time.Millisecond: "= 2",
		10 * time.Millisecond:   "= 1",
		5 * time.Second:         "= 5",
	} {
		set, reset := mysql.Dialect{}.LockTimeout(d, true)
		if last := set[len(set)-1]; !strings.HasSuffix(last, "lock_wait_timeout "+want) || len(reset) == 0 {
			t.Errorf("LockTimeout(%s) = %q, %q; want lock_wait_timeout %s and a reset", d, set, reset, want)
		}
	}
	if set, reset := (mysql.Dialect{}).LockTimeout(0, false); set != nil || reset != nil {
		t.Errorf("LockTimeout(0) = %q, %q, want nothing", set, reset)
	}
}

func scanInt(t *testing.T, c *sql.Conn, query string) int {
	t.Helper()
	var n int
	if err := c.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
