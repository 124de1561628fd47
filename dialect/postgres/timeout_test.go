package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migragen/migragen/dialect/postgres"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/locktest"
)

// TestLockTimeout: on a real PostgreSQL, a transaction that holds ACCESS
// SHARE on a table (as any open transaction that read it does) keeps an
// ALTER waiting for ACCESS EXCLUSIVE; after LockTimeout's statements the
// ALTER gives up after the timeout with 55P03, which IsLockTimeout
// recognises, inside the migration's transaction (SET LOCAL, ended by the
// transaction) and outside one (SET, then RESET). statement_timeout 8 s
// stands in for the server's default of waiting for ever, so a timeout
// that was not set fails the test rather than hanging it.
func TestLockTimeout(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.PostgreSQL)
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	holder := locktest.Pinned(t, sqlDB)
	locktest.MustExec(t, locktest.ExecOn(holder), "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)", "BEGIN", "LOCK TABLE t IN ACCESS SHARE MODE")
	d := postgres.Dialect{}
	const wait = 500 * time.Millisecond
	for _, inTx := range []bool{true, false} {
		t.Run(fmt.Sprintf("in a transaction %v", inTx), func(t *testing.T) {
			conn := locktest.Pinned(t, sqlDB)
			locktest.MustExec(t, locktest.ExecOn(conn), "SET statement_timeout = '8s'")
			if inTx {
				locktest.MustExec(t, locktest.ExecOn(conn), "BEGIN")
			}
			set, reset := d.LockTimeout(wait, inTx)
			err := locktest.GivesUp(t, locktest.ExecOn(conn), set, "ALTER TABLE t ADD c int", wait, d.IsLockTimeout)
			if !d.IsLockTimeout(fmt.Errorf("revision 0001: %w", err)) {
				t.Errorf("IsLockTimeout is false for the wrapped error")
			}
			if inTx {
				locktest.MustExec(t, locktest.ExecOn(conn), "ROLLBACK")
			}
			locktest.MustExec(t, locktest.ExecOn(conn), reset...)
			var after string
			if err := conn.QueryRowContext(context.Background(), "SHOW lock_timeout").Scan(&after); err != nil || after != "0" {
				t.Errorf("lock_timeout after the migration is %q (%v), want the default 0", after, err)
			}
		})
	}
	locktest.MustExec(t, locktest.ExecOn(holder), "COMMIT")
	conn := locktest.Pinned(t, sqlDB)
	locktest.MustExec(t, locktest.ExecOn(conn), "ALTER TABLE t ADD c int")
	for _, other := range []error{locktest.ExecOn(conn)("ALTER TABLE t ADD"), locktest.ExecOn(conn)("ALTER TABLE t ADD c int"), nil, errors.New("55P03")} {
		if d.IsLockTimeout(other) {
			t.Errorf("IsLockTimeout is true for %v", other)
		}
	}
	if !d.IsLockTimeout(&pgconn.PgError{Code: "55P03"}) {
		t.Errorf("IsLockTimeout is false for a constructed PgError 55P03")
	}
}

// TestLockTimeoutMilliseconds: lock_timeout 0 would mean no timeout, so
// a wait under a millisecond is one; no wait sets nothing.
func TestLockTimeoutMilliseconds(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		inTx bool
		set  string
	}{
		{5 * time.Second, true, "SET LOCAL lock_timeout = '5000ms'"},
		{time.Microsecond, false, "SET lock_timeout = '1ms'"},
	} {
		set, reset := postgres.Dialect{}.LockTimeout(tc.d, tc.inTx)
		if len(set) != 1 || set[0] != tc.set || (len(reset) == 0) == !tc.inTx {
			t.Errorf("LockTimeout(%s, %v) = %q, %q; want %q and a reset outside a transaction only", tc.d, tc.inTx, set, reset, tc.set)
		}
	}
	if set, reset := (postgres.Dialect{}).LockTimeout(-time.Second, false); set != nil || reset != nil {
		t.Errorf("LockTimeout(-1s) = %q, %q, want nothing", set, reset)
	}
}
