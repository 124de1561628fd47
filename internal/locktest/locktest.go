// Package locktest checks a dialect's lock timeout on a real engine: a
// statement that needs a lock another session holds gives up within the
// timeout, with an error the dialect recognises.
package locktest

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// Slack is how much longer than the timeout a statement may take to give
// up: the engines poll their lock waits, and the test machines are shared.
// It is below every engine's default wait (SQLite's drivers wait 5 s), so
// a statement that gives up in time gave up by the timeout set.
const Slack = 2500 * time.Millisecond

// GivesUp runs set and then stmt through exec, on a connection where
// another session holds a lock that stmt needs, and checks that stmt fails
// after about d (not before 90% of it, not after d+Slack) with an error
// for which isLockTimeout is true. It returns that error.
func GivesUp(t testing.TB, exec func(string) error, set []string, stmt string, d time.Duration, isLockTimeout func(error) bool) error {
	t.Helper()
	for _, s := range set {
		if err := exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	start := time.Now()
	err := exec(stmt)
	took := time.Since(start)
	switch {
	case err == nil:
		t.Fatalf("%s ran while another session held the lock; want it to give up after %s", stmt, d)
	case !isLockTimeout(err):
		t.Fatalf("%s: IsLockTimeout is false for %v (%T)", stmt, err, err)
	case took < d*9/10 || took > d+Slack:
		t.Errorf("%s gave up after %s, want about %s", stmt, took, d)
	}
	return err
}

// Pinned returns one connection of db, closed when the test ends: a
// session of its own, as the lock holder and the waiter each need.
func Pinned(t testing.TB, db *sql.DB) *sql.Conn {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// ExecOn returns an exec function that runs a statement on c.
func ExecOn(c *sql.Conn) func(string) error {
	return func(s string) error { _, err := c.ExecContext(context.Background(), s); return err }
}

// MustExec runs stmts through exec, failing the test at the first error.
func MustExec(t testing.TB, exec func(string) error, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if err := exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
