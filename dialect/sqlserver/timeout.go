package sqlserver

import (
	"errors"
	"fmt"
	"time"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.LockTimeouter = Dialect{}

// LockTimeout bounds every lock wait of the statements after it with SET
// LOCK_TIMEOUT, in milliseconds. The setting belongs to the session, not
// the transaction, so it is reset to -1 (wait for ever, the default)
// inside a transaction too. A d of 0 or less sets nothing: LOCK_TIMEOUT 0
// would mean not to wait at all.
func (Dialect) LockTimeout(d time.Duration, _ bool) (set, reset []string) {
	if d <= 0 {
		return nil, nil
	}
	return []string{fmt.Sprintf("SET LOCK_TIMEOUT %d", lockTimeoutMillis(d))}, []string{"SET LOCK_TIMEOUT -1"}
}

// sqlErrorNumber is implemented by go-mssqldb's mssql.Error; matching the
// method rather than the type keeps the driver out of applications that
// do not use SQL Server.
type sqlErrorNumber interface{ SQLErrorNumber() int32 }

// lockRequestTimeout is error 1222, "Lock request time out period
// exceeded": the statement is cancelled, and (without XACT_ABORT) the
// transaction goes on.
const lockRequestTimeout = 1222

// IsLockTimeout reports whether err is SQL Server error 1222.
func (Dialect) IsLockTimeout(err error) bool {
	var e sqlErrorNumber
	return errors.As(err, &e) && e.SQLErrorNumber() == lockRequestTimeout
}

// DefaultLockTimeout is 5 seconds, as on PostgreSQL (see there why): a
// statement waiting for a schema modification lock blocks the queries that
// come after it.
func (Dialect) DefaultLockTimeout() time.Duration { return 5 * time.Second }
