package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// A statement that waits for a lock another session holds on its table
// queues every later query on that table behind its own request, so a
// migration waits only a short while (WithDDLLockTimeout), gives up, and
// tries again later (WithLockRetries), while the site keeps serving.

// lockTimeouts returns the dialect's lock-timeout support, or nil.
func (m *Migrator) lockTimeouts() dialect.LockTimeouter {
	lt, _ := m.dialect.(dialect.LockTimeouter)
	return lt
}

// lockTimeout is what bounds the lock waits of a connection's next
// statements, and what restores its setting afterwards.
type lockTimeout struct{ set, reset []string }

// lockTimeoutSQL returns the statements of the lock timeout this run
// uses; none where the dialect has no lock timeout. inTx says they run in
// the migration's transaction.
func (m *Migrator) lockTimeoutSQL(inTx bool) lockTimeout {
	lt := m.lockTimeouts()
	if lt == nil {
		return lockTimeout{}
	}
	d := m.cfg.ddlLockTimeout
	if d <= 0 {
		d = lt.DefaultLockTimeout()
	}
	set, reset := lt.LockTimeout(d, inTx)
	return lockTimeout{set, reset}
}

// execAll runs stmts on db in order, stopping at the first error, which
// it wraps with what they do.
func execAll(ctx context.Context, db *gorm.DB, stmts []string, what string) error {
	for _, s := range stmts {
		if err := db.WithContext(ctx).Exec(s).Error; err != nil {
			return fmt.Errorf("%s (%s): %w", what, s, err)
		}
	}
	return nil
}

// lockTimedOut reports whether err says a statement gave up waiting for a
// table lock.
func (m *Migrator) lockTimedOut(err error) bool {
	lt := m.lockTimeouts()
	return err != nil && lt != nil && lt.IsLockTimeout(err)
}

// retryAfter reports whether the try attempt, which failed with err, is
// tried again: when it gave up waiting for a lock and tries remain. It
// reports the retry and waits for its turn; false when ctx ends first.
func (m *Migrator) retryAfter(ctx context.Context, attempt int, revision, statement string, err error) bool {
	if attempt >= m.cfg.lockTries || !m.lockTimedOut(err) || ctx.Err() != nil {
		return false
	}
	wait := m.cfg.retryBackoff << (attempt - 1)
	m.emit(Event{Kind: Retrying, Revision: revision, Attempt: attempt, Statement: statement, Duration: wait, Err: err})
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// exec runs the statement of a; a patient one outside a transaction runs
// with the session's own lock timeout, the migration's put back after.
func (m *Migrator) exec(ctx context.Context, db *gorm.DB, a action, outsideTx bool) error {
	if !a.patient || !outsideTx {
		return db.WithContext(ctx).Exec(a.sql).Error
	}
	timeouts := m.lockTimeoutSQL(false)
	if err := execAll(ctx, db, timeouts.reset, "lifting the lock timeout"); err != nil {
		return err
	}
	err := db.WithContext(ctx).Exec(a.sql).Error
	return errors.Join(err, execAll(context.WithoutCancel(ctx), db, timeouts.set, "setting the lock timeout again"))
}
