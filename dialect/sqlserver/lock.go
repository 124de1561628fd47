package sqlserver

import (
	"context"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// getAppLock runs sp_getapplock and returns its status: 0 granted at once,
// 1 granted after waiting, -1 timed out, -2 cancelled, -3 chosen as a
// deadlock victim, -999 a parameter or other error.
const getAppLock = "DECLARE @status int; EXEC @status = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', @LockOwner = ?, @LockTimeout = ?; SELECT @status"

// releaseAppLock runs sp_releaseapplock and returns its status: 0 released,
// -999 not held or another error.
const releaseAppLock = "DECLARE @status int; EXEC @status = sp_releaseapplock @Resource = ?, @LockOwner = ?; SELECT @status"

// Lock takes an exclusive application lock with sp_getapplock: owned by the
// session of the pinned connection, or with opts.TransactionScoped by
// conn's transaction, which releases it at COMMIT or ROLLBACK. It first
// asks without waiting, so that it can tell opts.Waited, and then waits up
// to opts.Timeout on the server.
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	resource := lockResource(opts.Key)
	owner := "Session"
	if opts.TransactionScoped {
		owner = "Transaction"
	}
	who := fmt.Sprintf("SQL Server application lock %q", resource)
	try := func(wait time.Duration) (int, error) {
		var status int
		err := conn.WithContext(ctx).Raw(getAppLock, resource, owner, lockTimeoutMillis(wait)).Row().Scan(&status)
		if err != nil {
			return 0, fmt.Errorf("taking the migration lock (%s): %w", who, err)
		}
		return status, nil
	}
	status, err := try(0)
	if err != nil {
		return nil, err
	}
	if status == -1 && opts.Timeout > 0 {
		if opts.Waited != nil {
			opts.Waited()
		}
		if status, err = try(opts.Timeout); err != nil {
			return nil, err
		}
	}
	if err := lockStatus(status, opts, who); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		if opts.TransactionScoped {
			return nil // released by COMMIT or ROLLBACK
		}
		var status int
		if err := conn.WithContext(ctx).Raw(releaseAppLock, resource, owner).Row().Scan(&status); err != nil {
			return fmt.Errorf("releasing the migration lock (%s): %w", who, err)
		}
		if status < 0 {
			return fmt.Errorf("releasing the migration lock (%s): sp_releaseapplock returned %d: the lock was not held by this session", who, status)
		}
		return nil
	}, nil
}

// lockStatus turns sp_getapplock's status into an error: a timeout into
// dialect.LockTimeout, any other failure into an error naming it.
func lockStatus(status int, opts dialect.LockOptions, who string) error {
	switch {
	case status >= 0:
		return nil
	case status == -1:
		return dialect.LockTimeout(opts, who)
	case status == -2:
		return fmt.Errorf("taking the migration lock (%s): the lock request was cancelled", who)
	case status == -3:
		return fmt.Errorf("taking the migration lock (%s): chosen as a deadlock victim; retry", who)
	default:
		return fmt.Errorf("taking the migration lock (%s): sp_getapplock returned %d (a parameter error, or a transaction-owned lock requested outside a transaction)", who, status)
	}
}

// lockResource is the lock's name: sp_getapplock takes up to 255
// characters, so a longer key is hashed.
func lockResource(key string) string {
	name := "migragen:" + key
	if utf8.RuneCountInString(name) > 255 {
		name = fmt.Sprintf("migragen:%x", uint64(dialect.LockID(key)))
	}
	return name
}

// lockTimeoutMillis is @LockTimeout for a wait of d: milliseconds, at most
// the largest int, and 0 (do not wait) for no time.
func lockTimeoutMillis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	ms := d.Milliseconds()
	if ms == 0 {
		ms = 1
	}
	return min(ms, math.MaxInt32)
}
