package migrate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

type direction int

const (
	up direction = iota
	down
)

func (d direction) String() string {
	if d == down {
		return "down"
	}
	return "up"
}

// action is one thing a migration does, in order: a compiled statement or
// a Go function.
type action struct {
	sql   string
	fn    func(ctx context.Context, tx *gorm.DB) error
	name  string // the Go step's name, for errors
	batch bool   // sql holds several statements
}

// batched joins a migration's statements into one action, for a dialect
// that can send them together; it returns nil when there is nothing to
// join. A migration with Go steps is not batched: a failed batch makes the
// runtime run the migration again statement by statement, and a Go step
// must not run twice.
func (m *Migrator) batched(acts []action) []action {
	b, ok := m.dialect.(dialect.Batcher)
	if !ok || len(acts) < 2 || slices.ContainsFunc(acts, func(a action) bool { return a.fn != nil }) {
		return nil
	}
	stmts := make([]string, len(acts))
	for i, a := range acts {
		stmts[i] = a.sql
	}
	return []action{{sql: b.Batch(stmts), batch: true}}
}

// runsHere reports whether a SQL step runs on the connected dialect.
func (m *Migrator) runsHere(s SQL) bool { return s.Dialect == "" || s.Dialect == m.dialect.Name() }

// plan compiles mig in direction dir against current, which it advances to
// the schema after mig. Nothing runs.
func (m *Migrator) plan(db *gorm.DB, mig *Migration, current *schema.Snapshot, dir direction) ([]action, error) {
	var acts []action
	inTx := m.inTransaction(mig)
	compile := func(changes []schema.Change) error {
		for _, c := range changes {
			stmts, err := m.dialect.Compile(&dialect.Context{DB: db, Before: current, InTransaction: inTx}, c)
			if err != nil {
				return fmt.Errorf("revision %s: compiling %q for %s: %w", mig.ID, c.String(), m.dialect.Name(), err)
			}
			for _, s := range stmts {
				acts = append(acts, action{sql: s})
			}
			if err := schema.ApplyInPlace(current, c); err != nil {
				return fmt.Errorf("revision %s: %s: %w", mig.ID, c.String(), err)
			}
		}
		return nil
	}
	if dir == up {
		for _, step := range mig.Up {
			switch s := step.(type) {
			case Schema:
				if err := compile(s.Changes); err != nil {
					return nil, err
				}
			case Go:
				acts = append(acts, action{fn: s.Up, name: s.Name})
			case SQL:
				if m.runsHere(s) {
					acts = append(acts, action{sql: s.Up})
				}
			}
		}
		return acts, nil
	}
	// Down: walk Up backwards; the k-th Schema step from the end of Up is
	// undone by the k-th Schema step of Down.
	inverse := 0
	for i := len(mig.Up) - 1; i >= 0; i-- {
		switch s := mig.Up[i].(type) {
		case Schema:
			if err := compile(mig.Down[inverse].(Schema).Changes); err != nil {
				return nil, err
			}
			inverse++
		case Go:
			acts = append(acts, action{fn: s.Down, name: s.Name})
		case SQL:
			if m.runsHere(s) {
				acts = append(acts, action{sql: s.Down})
			}
		}
	}
	return acts, nil
}

// apply runs mig in direction dir on conn and records it, advancing
// current. Where DDL is transactional it runs in one transaction with the
// version row, so it applies fully or not at all; elsewhere a dirty row
// marks it while it runs and names the failing statement if it fails.
func (m *Migrator) apply(ctx context.Context, conn *gorm.DB, mig *Migration, current *schema.Snapshot, dir direction) error {
	before := current.Clone()
	acts, err := m.plan(conn, mig, current, dir)
	if err != nil {
		return err
	}
	m.emit(Event{Kind: Started, Revision: mig.ID, Message: mig.Message, Direction: dir.String()})
	start := time.Now()
	if m.inTransaction(mig) {
		first := acts
		if fast := m.batched(acts); fast != nil {
			first = fast
		}
		var skipped bool
		skipped, err = m.applyInTx(ctx, conn, mig, first, dir, start)
		if se := (*statementError)(nil); errors.As(err, &se) && se.batch {
			// The batch rolled back: a statement in it failed, or the
			// driver refused several statements at once. Run them singly,
			// to apply the migration that way or to name the statement
			// that fails.
			skipped, err = m.applyInTx(ctx, conn, mig, acts, dir, start)
		}
		if skipped {
			m.emit(Event{Kind: Skipped, Revision: mig.ID, Direction: dir.String()})
			return nil
		}
	} else if m.cfg.txLock {
		err = fmt.Errorf("revision %s runs outside a transaction (NoTransaction), so it cannot take the transaction-scoped lock WithTransactionLock asks for; apply it over a direct connection (not through PgBouncer in transaction mode) without that option", mig.ID)
	} else {
		err = m.applyStepwise(ctx, conn, mig, acts, dir, start)
	}
	if err != nil {
		*current = *before
		m.emit(Event{Kind: Failed, Revision: mig.ID, Direction: dir.String(), Duration: time.Since(start), Err: err})
		return err
	}
	m.emit(Event{Kind: Done, Revision: mig.ID, Direction: dir.String(), Duration: time.Since(start)})
	return nil
}

// inTransaction reports whether mig runs in one transaction: where DDL is
// transactional, unless the migration opts out. A dialect whose lock is
// its transaction (SQLite) always uses one; it has no statement that
// needs to run outside.
func (m *Migrator) inTransaction(mig *Migration) bool {
	if !m.dialect.TransactionalDDL() {
		return false
	}
	if tl, ok := m.dialect.(dialect.TxLocker); ok && tl.LockInTransaction() {
		return true
	}
	return !mig.NoTransaction
}

func (m *Migrator) applyInTx(ctx context.Context, conn *gorm.DB, mig *Migration, acts []action, dir direction, start time.Time) (skipped bool, err error) {
	var scope dialect.TxScope
	if hooks, ok := m.dialect.(dialect.TxHooks); ok {
		if scope, err = hooks.PrepareTx(ctx, conn); err != nil {
			return false, fmt.Errorf("revision %s: preparing the connection: %w", mig.ID, err)
		}
		if scope.After != nil {
			defer func() {
				if aerr := scope.After(context.WithoutCancel(ctx)); aerr != nil && err == nil {
					err = fmt.Errorf("revision %s was %s, but restoring the connection failed: %w", mig.ID, doneWord(dir), aerr)
				}
			}()
		}
	}
	errSkip := errors.New("already done by another process")
	err = conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if m.lockPerTransaction() {
			if _, err := m.dialect.Lock(ctx, tx, m.lockOptions()); err != nil {
				return err
			}
			if err := m.ensureTable(ctx, tx); err != nil {
				return err
			}
			has, err := m.versions.has(ctx, tx, mig.ID)
			if err != nil {
				return fmt.Errorf("reading the version table: %w", err)
			}
			if has == (dir == up) {
				return errSkip
			}
		}
		if err := m.run(ctx, tx, mig, acts, dir); err != nil {
			return fmt.Errorf("%w; nothing of it was applied (the transaction was rolled back)", err)
		}
		if dir == up {
			if err := m.versions.insert(ctx, tx, record{ID: mig.ID, Checksum: m.sums[mig.ID], AppliedAt: time.Now(), DurationMS: time.Since(start).Milliseconds()}); err != nil {
				return err
			}
		} else if err := m.versions.delete(ctx, tx, mig.ID); err != nil {
			return err
		}
		if scope.BeforeCommit != nil {
			if err := scope.BeforeCommit(ctx, tx); err != nil {
				return fmt.Errorf("revision %s: %w; nothing of it was applied (the transaction was rolled back)", mig.ID, err)
			}
		}
		return nil
	})
	if errors.Is(err, errSkip) {
		return true, nil
	}
	return false, err
}

func (m *Migrator) applyStepwise(ctx context.Context, conn *gorm.DB, mig *Migration, acts []action, dir direction, start time.Time) error {
	if dir == up {
		if err := m.versions.insert(ctx, conn, record{ID: mig.ID, Checksum: m.sums[mig.ID], AppliedAt: time.Now(), Dirty: true}); err != nil {
			return err
		}
	} else if err := m.versions.markFailed(ctx, conn, mig.ID, "", errors.New(rollingBack)); err != nil {
		return fmt.Errorf("marking revision %s as being rolled back: %w", mig.ID, err)
	}
	if err := m.run(ctx, conn, mig, acts, dir); err != nil {
		var se *statementError
		stmt := ""
		if errors.As(err, &se) {
			stmt = se.statement
		}
		cause := err
		if dir == down {
			cause = fmt.Errorf("%s: %w", rollingBack, err)
		}
		// Record the failure even if ctx was cancelled.
		if rerr := m.versions.markFailed(context.WithoutCancel(ctx), conn, mig.ID, stmt, cause); rerr != nil {
			return fmt.Errorf("%w; recording the failure in the version table failed too (%v)", err, rerr)
		}
		return &DirtyError{Revision: mig.ID, Statement: stmt, Cause: cause.Error(), RollingBack: dir == down}
	}
	// Every statement ran: record that even if ctx is cancelled now.
	ctx = context.WithoutCancel(ctx)
	if dir == up {
		return m.versions.markClean(ctx, conn, mig.ID, time.Now(), time.Since(start))
	}
	return m.versions.delete(ctx, conn, mig.ID)
}

// statementError names the statement or step that failed.
type statementError struct {
	revision  string
	statement string
	batch     bool
	err       error
}

func (e *statementError) Error() string {
	return fmt.Sprintf("revision %s failed at %s: %v", e.revision, e.statement, e.err)
}

func (e *statementError) Unwrap() error { return e.err }

func (m *Migrator) run(ctx context.Context, tx *gorm.DB, mig *Migration, acts []action, dir direction) error {
	for _, a := range acts {
		if a.fn != nil {
			if err := a.fn(ctx, tx.WithContext(ctx)); err != nil {
				return &statementError{revision: mig.ID, statement: fmt.Sprintf("Go step %q (%s)", a.name, dir), err: err}
			}
			continue
		}
		if err := tx.WithContext(ctx).Exec(a.sql).Error; err != nil {
			return &statementError{revision: mig.ID, statement: a.sql, batch: a.batch, err: err}
		}
	}
	return nil
}

func doneWord(d direction) string {
	if d == down {
		return "rolled back"
	}
	return "applied"
}
