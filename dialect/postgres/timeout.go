package postgres

import (
	"errors"
	"fmt"
	"time"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.LockTimeouter = Dialect{}

// LockTimeout bounds every lock wait of the statements after it with
// lock_timeout: an ALTER that waits for its ACCESS EXCLUSIVE lock behind a
// long transaction makes every later query on the table wait behind it
// too, so it is better to give up and try again. In the migration's
// transaction SET LOCAL scopes it to that transaction, and COMMIT or
// ROLLBACK ends it; outside one (the online phase, a NoTransaction
// migration) RESET puts back the session's default. lock_timeout also
// bounds the waits of CREATE INDEX CONCURRENTLY for older transactions; a
// build that gives up there leaves an INVALID index, which the next try
// drops first. A d of 0 or less sets nothing: the server's setting holds.
func (Dialect) LockTimeout(d time.Duration, inTx bool) (set, reset []string) {
	if d <= 0 {
		return nil, nil
	}
	value := fmt.Sprintf("'%dms'", max(d.Milliseconds(), 1)) // 0 would mean no timeout
	if inTx {
		return []string{"SET LOCAL lock_timeout = " + value}, nil
	}
	return []string{"SET lock_timeout = " + value}, []string{"RESET lock_timeout"}
}

// sqlState is implemented by the errors of pgx (*pgconn.PgError) and
// lib/pq; matching the method rather than the type keeps the driver out of
// applications that do not use PostgreSQL.
type sqlState interface{ SQLState() string }

// lockNotAvailable is SQLSTATE 55P03, what a statement that ran out of
// lock_timeout (or a NOWAIT lock) fails with; it changed nothing.
const lockNotAvailable = "55P03"

// IsLockTimeout reports whether err is SQLSTATE 55P03.
func (Dialect) IsLockTimeout(err error) bool {
	var e sqlState
	return errors.As(err, &e) && e.SQLState() == lockNotAvailable
}

// DefaultLockTimeout is 5 seconds: while the migration waits for its lock,
// queries on the table queue behind it, and 5 s keeps that stall well
// under the usual 30 s request and proxy timeouts, while it is long
// enough for the ordinary short transactions of a busy table to end and
// let the ALTER in. Longer ones are waited out by the runtime's retries
// with backoff, between which the queue drains.
func (Dialect) DefaultLockTimeout() time.Duration { return 5 * time.Second }
