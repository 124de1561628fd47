package migrate

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
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
	// change is the schema change a statement belongs to, and last marks
	// its final statement, after which a dialect's AfterChange runs.
	change schema.Change
	last   bool
	// hook marks a dialect's AfterChange, not a Go step.
	hook bool
	// outside marks a statement of the online phase, which runs after the
	// migration's transaction commits (dialect.Context.Outside); guard,
	// when set, is the query that must return a row for it to run.
	outside bool
	guard   string
	// patient runs without the lock timeout (dialect.Statement.Patient).
	patient bool
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

// compile compiles mig in direction dir against current, which it
// advances to the schema after mig. Nothing runs. cc carries the database
// and session; its Before is set per change.
func (m *Migrator) compile(cc *dialect.Context, mig *Migration, current *schema.Snapshot, dir direction) ([]action, error) {
	if err := checkSum(mig); err != nil {
		return nil, err
	}
	var acts []action
	created := map[string]bool{}
	steps := mig.Up
	if dir == down {
		steps = mig.Down
	}
	referenced := referencedTables(steps)
	compile := func(changes []schema.Change) error {
		for _, c := range changes {
			ctx := *cc
			ctx.Before, ctx.CreatedHere, ctx.Referenced, ctx.Outside = current, created, referenced, nil
			err := statedTypes(c, m.dialect.Name())
			var stmts []string
			if err == nil {
				stmts, err = m.dialect.Compile(&ctx, c)
			}
			if err != nil {
				return fmt.Errorf("revision %s: compiling %q for %s: %w", mig.ID, c.String(), m.dialect.Name(), err)
			}
			for i, s := range stmts {
				acts = append(acts, action{sql: s, change: c, last: i == len(stmts)-1})
			}
			for _, s := range ctx.Outside {
				acts = append(acts, action{sql: s.SQL, guard: s.If, patient: s.Patient, change: c, outside: true})
			}
			dialect.TrackCreated(created, c)
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
					acts = append(acts, action{sql: s.Up, outside: s.Online && m.onlineDDL()})
				}
			}
		}
		return acts, nil
	}
	// Down: walk Up backwards; the k-th Schema step from the end of Up is
	// undone by the k-th Schema step of Down.
	var inverses []Schema
	for _, s := range mig.Down {
		if s, ok := s.(Schema); ok {
			inverses = append(inverses, s)
		}
	}
	inverse := 0
	for i := len(mig.Up) - 1; i >= 0; i-- {
		switch s := mig.Up[i].(type) {
		case Schema:
			if err := compile(inverses[inverse].Changes); err != nil {
				return nil, err
			}
			inverse++
		case Go:
			acts = append(acts, action{fn: s.Down, name: s.Name})
		case SQL:
			if m.runsHere(s) && s.Down != NothingToUndo {
				acts = append(acts, action{sql: s.Down, outside: s.Online && m.onlineDDL()})
			}
		}
	}
	return acts, nil
}

// run is one Up or Down call on the pinned connection conn. Before each
// migration it reads the version table under the lock and plans from that
// read (see Migrator.migrate).
type run struct {
	intent  // its direction, and how it plans
	m       *Migrator
	conn    *gorm.DB
	plan    planFunc        // fixed at the first read under the lock
	last    *state          // the latest read under the lock
	ran     map[string]bool // what this run applied or rolled back
	session any             // the dialect's session facts, read once
	// The schema replayed for one set of applied revisions, kept so that
	// consecutive migrations do not replay the whole history each.
	cacheKey string
	cached   *schema.Snapshot
	// started is when each migration started, for events.
	started map[string]time.Time
}

// planned is the migration a read under the lock chose.
type planned struct {
	mig *Migration
	// applied are the clean applied revisions it was planned from, and
	// schema is what they built: a copy that compiling mig advances.
	applied map[string]bool
	schema  *schema.Snapshot
	// outside is the online phase its transaction left to run after the
	// commit; resume says the transaction committed in an earlier run and
	// only the online phase is left.
	outside []action
	resume  bool
}

func (m *Migrator) newRun(ctx context.Context, conn *gorm.DB, in intent) (*run, error) {
	r := &run{intent: in, m: m, conn: conn, ran: map[string]bool{}, started: map[string]time.Time{}}
	if sr, ok := m.dialect.(dialect.SessionReader); ok {
		var err error
		if r.session, err = sr.ReadSession(ctx, conn); err != nil {
			return nil, fmt.Errorf("migrate: reading the %s session's settings: %w", m.dialect.Name(), err)
		}
	}
	if !m.lockPerTransaction() {
		if err := m.ensureTable(ctx, conn); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// step runs the next migration of the plan and returns it, or nil when
// nothing is left. With a lock per transaction, the lock, the read and the
// choice all happen inside the migration's own transaction.
func (r *run) step(ctx context.Context) (*Migration, error) {
	m := r.m
	if m.lockPerTransaction() {
		p, err := r.inTx(ctx, func(tx *gorm.DB) (*planned, error) {
			if _, err := m.dialect.Lock(ctx, tx, m.lockOptions()); err != nil {
				return nil, err
			}
			if err := m.ensureTable(ctx, tx); err != nil {
				return nil, err
			}
			p, err := r.next(ctx, tx)
			if err == nil && p != nil && !m.inTransaction(p.mig) {
				return nil, fmt.Errorf("revision %s runs outside a transaction (NoTransaction), so it cannot take the transaction-scoped lock WithTransactionLock asks for; apply it over a direct connection (not through PgBouncer in transaction mode) without that option", p.mig.ID)
			}
			return p, err
		})
		if p == nil {
			return nil, err
		}
		return p.mig, err
	}
	p, err := r.next(ctx, r.conn)
	if err != nil || p == nil {
		return nil, err
	}
	switch {
	case p.resume:
		err = r.finishResumed(ctx, p)
	case m.inTransaction(p.mig):
		// Planned already, under the session lock; each try compiles a
		// fresh copy of the schema.
		again := func(*gorm.DB) (*planned, error) {
			q := *p
			q.schema = p.schema.Clone()
			return &q, nil
		}
		var done *planned
		if done, err = r.inTx(ctx, again); err == nil && done != nil && len(done.outside) > 0 {
			err = r.onlinePhase(ctx, done, done.outside)
		}
	default:
		err = r.stepwise(ctx, p)
	}
	return p.mig, err
}

// next reads the version table through db, under the lock, and plans the
// migration to run next; nil when the plan is done. A run that has
// something to do first rewrites rows recorded under squashed-away ids
// (settle); with a lock per transaction, db is the migration's
// transaction, and the rewrite commits with it.
func (r *run) next(ctx context.Context, db *gorm.DB) (*planned, error) {
	st, err := r.m.read(ctx, db)
	if err != nil {
		return nil, err
	}
	p, err := r.choose(st)
	if err != nil || p == nil || !st.needsRewrite() {
		return p, err
	}
	if st, err = r.m.settle(ctx, db, st, r.m.lockPerTransaction()); err != nil {
		return nil, err
	}
	return r.choose(st)
}

// choose plans, from st read under the lock, the migration to run next;
// nil when the plan is done.
func (r *run) choose(st *state) (*planned, error) {
	if err := st.blocking(r.dir); err != nil {
		return nil, err
	}
	r.last = st
	if d := st.dirty; d != nil { // resumable, or blocking would have refused
		if err := r.m.canResume(d); err != nil {
			return nil, err
		}
		if r.plan == nil {
			// The revision resumed is one of this call's: Down(1) that
			// resumes a rollback rolls back nothing else.
			r.plan = r.start(st.asApplied(d.ID))
		}
		return r.resume(d, st)
	}
	if r.plan == nil {
		r.plan = r.start(st)
	}
	todo, err := r.plan(st)
	if err != nil || len(todo) == 0 {
		return nil, err
	}
	p := &planned{mig: todo[0], applied: st.appliedSet()}
	if err := r.m.graph.ready(p.applied, p.mig, r.dir == up); err != nil {
		return nil, err
	}
	if p.schema, err = r.schemaOf(p.applied); err != nil {
		return nil, err
	}
	return p, nil
}

// schemaOf returns a copy of the schema the applied revisions built.
func (r *run) schemaOf(applied map[string]bool) (*schema.Snapshot, error) {
	if key := appliedKey(applied); r.cached == nil || key != r.cacheKey {
		s, err := r.m.replay(applied)
		if err != nil {
			return nil, err
		}
		r.cacheKey, r.cached = key, s
	}
	return r.cached.Clone(), nil
}

// done records that p's migration ran: what it leaves applied, and the
// schema compiling it advanced to, which the next migration starts from.
func (r *run) done(p *planned) {
	applied := maps.Clone(p.applied)
	if r.dir == up {
		applied[p.mig.ID] = true
	} else {
		delete(applied, p.mig.ID)
	}
	r.cacheKey, r.cached = appliedKey(applied), p.schema
}

func appliedKey(applied map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(applied)), " ")
}

// begin announces mig once, however often its transaction is retried.
func (r *run) begin(mig *Migration) {
	if _, ok := r.started[mig.ID]; !ok {
		r.started[mig.ID] = time.Now()
		r.m.emit(Event{Kind: Started, Revision: mig.ID, Message: mig.Message, Direction: r.dir.String()})
	}
}

// finish reports how p's migration ended and, when it succeeded, keeps
// what it left applied for the next one.
func (r *run) finish(p *planned, err error) {
	r.end(p.mig, err)
	if err == nil {
		r.done(p)
	}
}

// end reports how mig ended.
func (r *run) end(mig *Migration, err error) {
	took := time.Since(r.started[mig.ID])
	if err != nil {
		r.m.emit(Event{Kind: Failed, Revision: mig.ID, Direction: r.dir.String(), Duration: took, Err: err})
		return
	}
	r.ran[mig.ID] = true
	r.m.emit(Event{Kind: Done, Revision: mig.ID, Direction: r.dir.String(), Duration: took})
}

// inTx applies one migration in one transaction, with its version row, so
// that it applies fully or not at all; pick chooses it inside the
// transaction. Its statements go as one batch where the dialect can send
// them so; if the batch fails, the transaction rolls back and runs again
// statement by statement, to apply the migration that way or to name the
// statement that fails.
//
// A try that gave up waiting for a table lock rolled back whole, and is
// tried again after a pause (WithLockRetries).
func (r *run) inTx(ctx context.Context, pick func(tx *gorm.DB) (*planned, error)) (*planned, error) {
	var (
		p             *planned
		err, afterErr error
	)
	for attempt := 1; ; attempt++ {
		p, err, afterErr = r.inTxOnce(ctx, pick, true)
		if afterErr != nil || p == nil || !r.m.retryAfter(ctx, attempt, p.mig.ID, failedStatement(err), err) {
			break
		}
	}
	if se := (*statementError)(nil); errors.As(err, &se) && se.batch && ctx.Err() == nil && afterErr == nil && !r.m.lockTimedOut(err) {
		first := p
		p, err, afterErr = r.inTxOnce(ctx, pick, false)
		switch {
		case p == nil:
			p = first // the retry failed before choosing: report on the first
		case p.mig != first.mig:
			// Under a lock per transaction, another process applied the
			// first choice between the two tries.
			r.m.emit(Event{Kind: Skipped, Revision: first.mig.ID, Direction: r.dir.String()})
		}
	}
	if p != nil && (err != nil || len(p.outside) == 0) { // else the online phase ends it
		r.finish(p, err)
	}
	if afterErr != nil {
		what := "the migration run"
		if p != nil {
			what = fmt.Sprintf("revision %s", p.mig.ID)
			if err == nil {
				what += " was " + doneWord(r.dir)
			} else {
				what += " failed"
			}
		}
		return p, errors.Join(err, fmt.Errorf("%s, and restoring the connection afterwards failed: %w", what, afterErr))
	}
	return p, err
}

// inTxOnce is one try of inTx. afterErr is the failure of the dialect's
// clean-up once the transaction ended, committed or not.
func (r *run) inTxOnce(ctx context.Context, pick func(tx *gorm.DB) (*planned, error), batch bool) (p *planned, err, afterErr error) {
	m := r.m
	var scope dialect.TxScope
	if hooks, ok := m.dialect.(dialect.TxHooks); ok {
		if scope, err = hooks.PrepareTx(ctx, r.conn); err != nil {
			return nil, fmt.Errorf("preparing the connection for a migration: %w", err), nil
		}
		if scope.After != nil {
			defer func() { afterErr = errors.Join(afterErr, scope.After(context.WithoutCancel(ctx))) }()
		}
	}
	// A setting that outlives the transaction is restored on the
	// connection, once the transaction has ended.
	timeouts, timeoutSet := m.lockTimeoutSQL(true), false
	defer func() {
		if timeoutSet {
			afterErr = errors.Join(afterErr, execAll(context.WithoutCancel(ctx), r.conn, timeouts.reset, "restoring the lock timeout"))
		}
	}()
	err = transaction(ctx, r.conn, func(tx *gorm.DB) error {
		var err error
		if p, err = pick(tx); err != nil || p == nil {
			return err
		}
		r.begin(p.mig)
		if err := execAll(ctx, tx, timeouts.set, "setting the lock timeout"); err != nil {
			return err
		}
		timeoutSet = true
		acts, err := r.prepare(ctx, tx, p)
		if err != nil {
			return err
		}
		acts, p.outside = splitOutside(acts)
		if scope.AfterChange != nil {
			acts = afterEachChange(acts, scope.AfterChange)
		}
		if fast := m.batched(acts); batch && fast != nil {
			acts = fast
		}
		if _, err := m.run(ctx, tx, p.mig, acts, r.dir, nil); err != nil {
			return fmt.Errorf("%w; nothing of it was applied (the transaction was rolled back)", err)
		}
		online := len(p.outside) > 0
		switch {
		case r.dir == up:
			rec := record{ID: p.mig.ID, Checksum: m.sums[p.mig.ID], AppliedAt: time.Now(), DurationMS: time.Since(r.started[p.mig.ID]).Milliseconds()}
			if online {
				// The online phase records the fingerprint when it ends.
				rec.Dirty, rec.Error = true, onlineCause(up, nil).Error()
			} else if rec.Fingerprint, err = r.appliedFingerprint(ctx, tx, p); err != nil {
				return err
			}
			err = m.versions.insert(ctx, tx, rec)
		case online:
			err = m.versions.markFailed(ctx, tx, p.mig.ID, "", onlineCause(down, nil), nil)
		default:
			err = r.markRolledBack(ctx, tx, p)
		}
		if err != nil {
			return err
		}
		if scope.BeforeCommit != nil {
			if err := scope.BeforeCommit(ctx, tx); err != nil {
				return fmt.Errorf("revision %s: %w; nothing of it was applied (the transaction was rolled back)", p.mig.ID, err)
			}
		}
		return nil
	})
	return p, err, nil
}

// prepare compiles p's migration against p.schema, advancing it, then
// verifies the migration's checks on db; nothing has run yet.
func (r *run) prepare(ctx context.Context, db *gorm.DB, p *planned) ([]action, error) {
	before := p.schema.Clone()
	cc := r.m.compileFor(db, p.mig, r.session)
	acts, err := r.m.compile(cc, p.mig, p.schema, r.dir)
	if err != nil {
		return nil, err
	}
	if err := r.m.verify(ctx, db, cc, p.mig, r.dir, before); err != nil {
		return nil, err
	}
	return acts, nil
}

// stepwise applies a migration statement by statement where DDL is not
// transactional (MySQL, MariaDB, NoTransaction). Its checks run before
// anything; then a dirty row marks it while it runs, recording what was
// executed, so that a failure or a kill leaves a state that says what
// already ran.
func (r *run) stepwise(ctx context.Context, p *planned) (err error) {
	m, mig, conn := r.m, p.mig, r.conn
	r.begin(mig)
	defer func() { r.finish(p, err) }()
	timeouts := m.lockTimeoutSQL(false)
	if err := execAll(ctx, conn, timeouts.set, "setting the lock timeout"); err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, execAll(context.WithoutCancel(ctx), conn, timeouts.reset, "restoring the lock timeout"))
	}()
	acts, err := r.prepare(ctx, conn, p)
	if err != nil {
		return err
	}
	if r.dir == up {
		err = m.versions.insert(ctx, conn, record{ID: mig.ID, Checksum: m.sums[mig.ID], AppliedAt: time.Now(), Dirty: true, Error: inProgress(up)})
	} else {
		err = m.versions.markFailed(ctx, conn, mig.ID, "", errors.New(inProgress(r.dir)), nil)
	}
	if err != nil {
		return fmt.Errorf("marking revision %s as in progress: %w", mig.ID, err)
	}
	// Each step records what has run, so that even a process killed
	// half-way leaves a row that says what to undo. The row already says
	// in progress, and holds what earlier calls recorded: each call
	// appends only what ran since, so the writes stay linear in the
	// migration's size.
	recorded := 0
	executed, err := m.run(ctx, conn, mig, acts, r.dir, func(executed []string) error {
		if err := m.versions.appendExecuted(ctx, conn, mig.ID, executed[recorded:]); err != nil {
			return err
		}
		recorded = len(executed)
		return nil
	})
	// Record the outcome even if ctx was cancelled meanwhile.
	rctx := context.WithoutCancel(ctx)
	if err == nil {
		if r.dir == up {
			return r.markApplied(rctx, conn, p)
		}
		return r.markRolledBack(rctx, conn, p)
	}
	if len(executed) == 0 && changedNothing(ctx, mig, acts, err) {
		// The first statement failed and changed nothing, so the database
		// is as it was. Say so, and leave the revision as it was rather
		// than dirty.
		if uerr := m.versions.unmark(rctx, conn, mig.ID, r.dir == up); uerr != nil {
			return fmt.Errorf("%w; nothing of it was executed, but restoring its version row failed too (%v)", err, uerr)
		}
		return fmt.Errorf("%w; it failed at its first statement, so nothing of it was executed and it is %s as before", err, pendingWord(r.dir))
	}
	stmt := failedStatement(err)
	cause := err
	if r.dir == down {
		cause = fmt.Errorf("%s: %w", rollingBack, err)
	}
	if rerr := m.versions.markFailed(rctx, conn, mig.ID, stmt, cause, executed); rerr != nil {
		return fmt.Errorf("%w; recording the failure in the version table failed too (%v)", err, rerr)
	}
	return &DirtyError{Revision: mig.ID, Statement: stmt, Cause: cause.Error(), RollingBack: r.dir == down, Executed: executed}
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

// afterEachChange runs hook after the last statement of each schema
// change.
func afterEachChange(acts []action, hook func(context.Context, *gorm.DB) error) []action {
	var out []action
	for _, a := range acts {
		out = append(out, a)
		if a.last {
			out = append(out, action{fn: hook, name: "after " + a.change.String(), hook: true})
		}
	}
	return out
}

// changedNothing reports whether a migration whose first action failed
// with err is known to have changed nothing: the action is one compiled
// DDL statement, which the server applies whole or not at all, the server
// answered with an error (not a lost connection or a cancelled wait, after
// which it may still finish the statement), and the migration is not
// NoTransaction, whose statements (PostgreSQL's CREATE INDEX CONCURRENTLY)
// can leave an invalid object behind when they fail. A Go step or a SQL
// step may have done part of its work.
func changedNothing(ctx context.Context, mig *Migration, acts []action, err error) bool {
	if len(acts) == 0 || acts[0].change == nil || mig.NoTransaction || ctx.Err() != nil {
		return false
	}
	return !errors.Is(err, driver.ErrBadConn) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// inProgress is the error column of a row whose migration is running, or
// was when its process died. A rollback's starts with rollingBack.
func inProgress(d direction) string {
	if d == down {
		return rollingBack + " (in progress, or interrupted)"
	}
	return "in progress, or interrupted"
}

func pendingWord(d direction) string {
	if d == down {
		return "applied"
	}
	return "pending"
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

// run runs acts on tx in order and returns what it executed, each as its
// statement or "Go step ...", up to the one that failed.
// progress is set exactly when acts run outside a transaction: it is
// called after each action with what has run so far; a compiled
// statement that gave up waiting for a table lock, which changed
// nothing, is tried again there (WithLockRetries), except in an online
// phase, which is tried again whole; and a patient statement runs without
// the lock timeout. A statement with a guard runs only when the guard's
// query returns a row.
func (m *Migrator) run(ctx context.Context, tx *gorm.DB, mig *Migration, acts []action, dir direction, progress func(executed []string) error) (executed []string, err error) {
	for _, a := range acts {
		if len(executed) > 0 && progress != nil {
			if err := progress(executed); err != nil {
				return executed, fmt.Errorf("revision %s: recording progress in the version table: %w", mig.ID, err)
			}
		}
		if a.fn != nil {
			what := fmt.Sprintf("Go step %q (%s)", a.name, dir)
			if a.hook {
				what = a.name
			}
			if err := callStep(ctx, tx.WithContext(ctx), a.fn); err != nil {
				return executed, &statementError{revision: mig.ID, statement: what, err: err}
			}
			executed = append(executed, what)
			continue
		}
		if a.guard != "" {
			ok, err := guardPasses(ctx, tx, a.guard)
			if err != nil {
				return executed, &statementError{revision: mig.ID, statement: a.guard, err: err}
			}
			if !ok {
				continue
			}
		}
		err := m.exec(ctx, tx, a, progress != nil)
		for attempt := 1; err != nil && progress != nil && a.change != nil && !a.outside && m.retryAfter(ctx, attempt, mig.ID, a.sql, err); attempt++ {
			err = m.exec(ctx, tx, a, true)
		}
		if err != nil {
			return executed, &statementError{revision: mig.ID, statement: a.sql, batch: a.batch, err: err}
		}
		executed = append(executed, a.sql)
	}
	return executed, nil
}

// callStep runs a Go step, turning a panic into an error that says where
// it happened, so that the migration is rolled back or recorded as failed
// like any other failure instead of taking the process down with a dirty
// row that names nothing.
func callStep(ctx context.Context, tx *gorm.DB, fn func(context.Context, *gorm.DB) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v%s", p, panicSite())
		}
	}()
	return fn(ctx, tx)
}

// panicSite names the function and line that panicked: the first frame
// below the runtime's panic machinery, called from the deferred recover.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf(" (at %s, %s:%d)", f.Function, f.File, f.Line)
		}
		if !more {
			return ""
		}
	}
}

// transaction runs fn in a transaction on the pinned connection conn,
// committing when it returns nil. A COMMIT that fails can leave the
// transaction open on the connection (SQLite keeps it after
// SQLITE_BUSY, for the caller to try COMMIT again), and the next BEGIN
// on it would fail, or worse, a later statement would commit it; so a
// failed COMMIT is followed by a ROLLBACK on the connection itself, whose
// own error (no transaction is open) is of no interest.
func transaction(ctx context.Context, conn *gorm.DB, fn func(tx *gorm.DB) error) error {
	tx := conn.WithContext(ctx).Begin()
	if tx.Error != nil {
		return tx.Error
	}
	ended := false
	defer func() {
		if !ended { // fn panicked
			tx.Rollback()
		}
	}()
	err := fn(tx)
	ended = true
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit().Error; err != nil {
		conn.WithContext(context.WithoutCancel(ctx)).Exec("ROLLBACK")
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// failedStatement is the statement err names, or "".
func failedStatement(err error) string {
	var se *statementError
	if errors.As(err, &se) {
		return se.statement
	}
	return ""
}

func doneWord(d direction) string {
	if d == down {
		return "rolled back"
	}
	return "applied"
}

// checkSum refuses a revision whose Sum, which New took on trust, is not
// the checksum of what it does: its file was edited after generate without
// migragen hash. It runs before the revision is applied or rolled back,
// where the checksum is recorded or the revision's steps run.
func checkSum(mig *Migration) error {
	if mig.Sum == "" {
		return nil
	}
	sum, err := Checksum(*mig)
	if err != nil {
		return err
	}
	if sum != mig.Sum {
		return fmt.Errorf("revision %s: its Sum (%s) is not the checksum of what it does (%s): its file was edited after migragen generate wrote it; "+
			"run migragen hash, which re-sums the directory and removes Sum from edited files, then build again", mig.ID, mig.Sum, sum)
	}
	return nil
}
