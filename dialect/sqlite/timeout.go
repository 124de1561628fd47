package sqlite

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.LockTimeouter = Dialect{}

// driverBusyTimeout is the busy timeout both SQLite drivers set when they
// open a connection (github.com/glebarez/go-sqlite runs PRAGMA
// BUSY_TIMEOUT(5000) before the DSN's _pragma settings, as
// github.com/mattn/go-sqlite3 does by default).
const driverBusyTimeout = 5 * time.Second

// LockTimeout bounds SQLite's lock waits with PRAGMA busy_timeout, in
// milliseconds. The migration's transaction takes the write lock first
// (Lock), so its statements do not wait for other writers; what remains
// is COMMIT in rollback-journal mode, which waits for the readers still
// open, while new readers are held off. The pragma belongs to the
// connection, not the transaction, so reset puts back the drivers'
// default, 5 s: a busy_timeout the DSN set is not known here and is not
// restored. A d of 0 or less sets nothing: busy_timeout 0 would mean not
// to wait at all.
func (Dialect) LockTimeout(d time.Duration, _ bool) (set, reset []string) {
	if d <= 0 {
		return nil, nil
	}
	pragma := func(d time.Duration) string {
		return fmt.Sprintf("PRAGMA busy_timeout = %d", max(d.Milliseconds(), 1))
	}
	return []string{pragma(d)}, []string{pragma(driverBusyTimeout)}
}

// sqliteLocked is SQLITE_LOCKED: a conflict within the same connection or
// shared cache, such as a table another statement of it is reading.
const sqliteLocked = 6

// IsLockTimeout reports whether err is SQLITE_BUSY or SQLITE_LOCKED (or
// one of their extended codes), by the driver's code, except for
// SQLITE_BUSY_SNAPSHOT: a WAL transaction that read an older snapshot
// can never write, and trying again in it waits for nothing.
func (Dialect) IsLockTimeout(err error) bool {
	var c sqliteCode
	if errors.As(err, &c) {
		primary := c.Code() & 0xff
		return c.Code() != sqliteBusySnapshot && (primary == sqliteBusy || primary == sqliteLocked)
	}
	// github.com/mattn/go-sqlite3 (gorm.io/driver/sqlite) says it in words.
	return err != nil && (isBusy(err) || strings.Contains(err.Error(), "database table is locked"))
}

// DefaultLockTimeout is 5 seconds, the drivers' own busy timeout, and the
// same bound as on the other engines (see PostgreSQL's for why).
func (Dialect) DefaultLockTimeout() time.Duration { return driverBusyTimeout }
