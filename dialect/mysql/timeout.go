package mysql

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.LockTimeouter = Dialect{}

// savedTimeout is the user variable that keeps the session's own
// lock_wait_timeout while the migration's is set.
const savedTimeout = "@migragen_lock_wait_timeout"

// LockTimeout bounds the metadata-lock waits of the statements after it
// with lock_wait_timeout, in whole seconds (at least 1, rounded up). DDL
// waits for an exclusive metadata lock while any transaction that used
// the table is open, and every later query on the table queues behind the
// waiting DDL: that wait is the one to bound. Row-lock waits
// (innodb_lock_wait_timeout, 50 s by default) are left alone: a waiting
// UPDATE blocks only the writers of the rows involved, and bounding it
// would cut a backfill or a data step short under ordinary contention.
//
// The session's own value is kept in a user variable and put back by
// reset: SET SESSION is not transactional, so it is reset whether or not
// the statements ran in a transaction. Setting twice keeps the first
// saved value. A d of 0 or less sets nothing.
func (Dialect) LockTimeout(d time.Duration, _ bool) (set, reset []string) {
	if d <= 0 {
		return nil, nil
	}
	seconds := max((d+time.Second-1)/time.Second, 1)
	return []string{
			fmt.Sprintf("SET %s = COALESCE(%s, @@SESSION.lock_wait_timeout)", savedTimeout, savedTimeout),
			fmt.Sprintf("SET SESSION lock_wait_timeout = %d", seconds),
		}, []string{
			// COALESCE leaves the saved value a string, which SET
			// refuses for an integer variable (1232) unless cast.
			fmt.Sprintf("SET SESSION lock_wait_timeout = CAST(%s AS UNSIGNED), %s = NULL", savedTimeout, savedTimeout),
		}
}

// lockWaitTimeout is ER_LOCK_WAIT_TIMEOUT, which both servers return when
// a metadata-lock wait runs out of lock_wait_timeout (and a row-lock wait
// out of innodb_lock_wait_timeout); the statement is rolled back, not the
// transaction (innodb_rollback_on_timeout is off by default), and DDL
// that waited changed nothing. MySQL's 3572 (ER_LOCK_NOWAIT) is left out:
// it answers a NOWAIT or SKIP LOCKED the statement asked for itself,
// which no timeout set here causes.
const lockWaitTimeout = 1205

// IsLockTimeout reports whether err is error 1205.
func (Dialect) IsLockTimeout(err error) bool {
	n, ok := mysqlErrorNumber(err)
	return ok && n == lockWaitTimeout
}

// mysqlErrorNumber finds the server error number in err's chain: the
// Number field of go-sql-driver's *mysql.MySQLError. The driver has no
// method for it, and importing it here would link it, and its init that
// registers "mysql" with database/sql, into every application of
// migragen, so the field is read by name.
func mysqlErrorNumber(err error) (uint64, bool) {
	for ; err != nil; err = errors.Unwrap(err) {
		v := reflect.ValueOf(err)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct || v.Elem().Type().Name() != "MySQLError" {
			continue
		}
		if f := v.Elem().FieldByName("Number"); f.IsValid() && f.CanUint() {
			return f.Uint(), true
		}
	}
	return 0, false
}

// DefaultLockTimeout is 5 seconds, as on PostgreSQL (see there why).
func (Dialect) DefaultLockTimeout() time.Duration { return 5 * time.Second }
