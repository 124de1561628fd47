package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// LockInTransaction is true: SQLite's migration lock is its write lock,
// which a transaction takes and COMMIT or ROLLBACK releases (see
// dialect.TxLocker).
func (Dialect) LockInTransaction() bool { return true }

// probeTable is the table Lock creates and drops to take the write lock.
const probeTable = "_migragen_lock"

// Lock takes SQLite's write lock (the RESERVED lock, or WAL's write lock)
// in conn, which must be the migration's transaction with nothing run in it
// yet. SQLite has no named lock, so opts.Key plays no part: the lock covers
// the whole database file. It waits up to opts.Timeout; COMMIT or ROLLBACK
// releases it, and the Unlock returned does nothing.
//
// A transaction begins deferred and takes the write lock with its first
// write, so Lock writes: CREATE TABLE of a table that does not exist, then
// DROP TABLE of it, which leaves no trace once the transaction ends. A
// statement that changes nothing does not always write: CREATE TABLE IF
// NOT EXISTS of an existing table only reads, and a read would hold a
// shared lock for the rest of the transaction, which keeps the lock holder
// from committing (rollback journal) or pins a snapshot that can never
// write (WAL). A CREATE TABLE begins with the write, so when another
// connection holds the lock it fails with SQLITE_BUSY holding nothing, and
// can be tried again; TestLockStatements shows both on real files. Each
// try runs with PRAGMA busy_timeout 0, so that polling, not SQLite's busy
// handler, bounds the wait, reports it through opts.Waited and honours ctx.
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	if _, ok := conn.Statement.ConnPool.(gorm.TxCommitter); !ok {
		return nil, errors.New("SQLite's migration lock is its write lock and must be taken inside the migration's transaction (see dialect.TxLocker)")
	}
	db := conn.WithContext(ctx)
	var busyTimeout int
	if err := db.Raw("PRAGMA busy_timeout").Row().Scan(&busyTimeout); err != nil {
		return nil, fmt.Errorf("taking the migration lock: reading PRAGMA busy_timeout: %w", err)
	}
	if err := db.Exec("PRAGMA busy_timeout = 0").Error; err != nil {
		return nil, fmt.Errorf("taking the migration lock: %w", err)
	}
	who := "SQLite's write lock on " + databaseFile(db)
	err := dialect.PollLock(ctx, opts, who, func() (bool, error) {
		err := db.Exec("CREATE TABLE " + quote(probeTable) + " (x)").Error
		switch {
		case isBusySnapshot(err):
			return false, fmt.Errorf("the transaction read the database before Lock, and another connection has written since; Lock must be the transaction's first statement: %w", err)
		case isBusy(err):
			return false, nil
		case err != nil:
			return false, err
		}
		return true, db.Exec("DROP TABLE " + quote(probeTable)).Error
	})
	restore := conn.WithContext(context.WithoutCancel(ctx)).Exec(fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout)).Error
	if err != nil {
		return nil, err
	}
	if restore != nil {
		return nil, fmt.Errorf("taking the migration lock: restoring PRAGMA busy_timeout: %w", restore)
	}
	return func(context.Context) error { return nil }, nil
}

// quote quotes a name of Lock's own.
func quote(name string) string { return `"` + name + `"` }

// databaseFile names the main database file of db, for messages. It
// runs the PRAGMA statement, which reads no table: SELECT ... FROM
// pragma_database_list would start a read transaction.
func databaseFile(db *gorm.DB) string {
	rows, err := db.Raw("PRAGMA database_list").Rows()
	if err != nil {
		return "the database"
	}
	defer rows.Close()
	for rows.Next() {
		var (
			seq        int
			name, file string
		)
		if rows.Scan(&seq, &name, &file) == nil && name == "main" && file != "" {
			return file
		}
	}
	return "the database"
}

// sqliteCode is implemented by the errors of modernc.org/sqlite and its
// fork github.com/glebarez/go-sqlite.
type sqliteCode interface{ Code() int }

const (
	sqliteBusy         = 5
	sqliteBusySnapshot = 517 // SQLITE_BUSY | 2<<8
)

// isBusy reports whether err is SQLITE_BUSY (or one of its extended
// codes): another connection holds the lock.
func isBusy(err error) bool {
	if err == nil {
		return false
	}
	var c sqliteCode
	if errors.As(err, &c) {
		return c.Code()&0xff == sqliteBusy
	}
	// github.com/mattn/go-sqlite3 (gorm.io/driver/sqlite) says it in words.
	return strings.Contains(err.Error(), "database is locked")
}

// isBusySnapshot reports whether err is SQLITE_BUSY_SNAPSHOT: in WAL mode,
// a transaction that read an older snapshot can never write.
func isBusySnapshot(err error) bool {
	var c sqliteCode
	return errors.As(err, &c) && c.Code() == sqliteBusySnapshot
}
