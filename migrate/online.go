package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// A migration that runs in a transaction may have an online phase: the
// statements its dialect compiled into dialect.Context.Outside (on
// PostgreSQL, CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT), which
// must run after the commit. The transaction then records the revision
// as dirty with onlinePending in its error column instead of applied;
// the online phase runs statement by statement on the pinned connection,
// under the session lock, and marks the revision applied (or, rolling
// back, removes it) when it ends. Every statement of the phase is
// idempotent, so a phase that failed or was cut short is resumed by the
// next run in the same direction, which runs the whole phase again.

// onlinePending marks, in the error column, a revision whose transaction
// committed and whose online phase has not finished.
const onlinePending = "online phase pending"

// onlineDDL reports whether compiling asks for the online-safe forms: the
// recorded settings ask for them (the default), and the migration lock
// does not end with the transaction, since the online phase runs after
// the commit and must still hold it. Under WithTransactionLock the plain
// forms are compiled.
func (m *Migrator) onlineDDL() bool {
	if m.lockPerTransaction() {
		return false
	}
	return m.settings == nil || m.settings.OnlineDDL(m.dialect.Name())
}

// referencedTables returns the tables that the foreign keys the schema
// steps create reference (dialect.Context.Referenced).
func referencedTables(steps []Step) map[string]bool {
	var changes []schema.Change
	for _, step := range steps {
		if s, ok := step.(Schema); ok {
			changes = append(changes, s.Changes...)
		}
	}
	return dialect.ReferencedTables(changes)
}

// splitOutside separates the online phase from the statements that run
// in the transaction.
func splitOutside(acts []action) (inside, outside []action) {
	for _, a := range acts {
		if a.outside {
			outside = append(outside, a)
		} else {
			inside = append(inside, a)
		}
	}
	return inside, outside
}

// resumable reports whether rec is a revision whose online phase a run in
// direction dir resumes.
func resumable(rec *record, dir direction) bool {
	return rec.Dirty && isOnline(rec) && strings.HasPrefix(rec.Error, rollingBack) == (dir == down)
}

func isOnline(rec *record) bool {
	return strings.HasPrefix(rec.Error, onlinePending) || strings.HasPrefix(rec.Error, rollingBack+"; "+onlinePending)
}

// canResume refuses to finish rec's online phase where that would be
// wrong: under a lock per transaction, which the phase, run after the
// commit, could not hold; and when the migration changed since its
// transaction committed, since the phase compiled from the file now
// would not finish what that transaction began.
func (m *Migrator) canResume(rec *record) error {
	if m.lockPerTransaction() {
		return fmt.Errorf("revision %s is not finished: its online phase must run after its transaction, holding the session lock, which WithTransactionLock does not take; run up (or down) once without that option, over a direct connection rather than PgBouncer in transaction mode, to finish it", rec.ID)
	}
	if !m.sumMatches(rec.ID, rec.Checksum) {
		return fmt.Errorf("revision %s is not finished, and it was changed after its transaction committed (its checksum differs from the one recorded), so its online phase cannot be finished from the file as it is now; restore the file from version control and run up (or down) again", rec.ID)
	}
	return nil
}

// onlineCause is the error column of a revision in its online phase, with
// why the phase stopped when it failed.
func onlineCause(dir direction, err error) error {
	msg := onlinePending
	if dir == down {
		msg = rollingBack + "; " + msg
	}
	if se := (*statementError)(nil); errors.As(err, &se) {
		err = se.err // the statement has a column of its own
	}
	if err != nil {
		return fmt.Errorf("%s: %w", msg, err)
	}
	return errors.New(msg + " (in progress, or interrupted)")
}

// resume plans finishing the online phase of the dirty revision rec.
func (r *run) resume(rec *record, st *state) (*planned, error) {
	mig := r.m.graph.byID[rec.ID]
	applied := st.appliedSet()
	if r.dir == down {
		applied[rec.ID] = true // the rollback starts from the schema with it
	}
	p := &planned{mig: mig, applied: applied, resume: true}
	var err error
	if p.schema, err = r.schemaOf(applied); err != nil {
		return nil, err
	}
	return p, nil
}

// finishResumed compiles a resumed revision again and runs its online
// phase. Its checks do not run again: its transaction changed the rows
// they judged, and what the phase still does (build an index, validate a
// constraint) fails by itself on rows that do not fit.
func (r *run) finishResumed(ctx context.Context, p *planned) error {
	r.begin(p.mig)
	acts, err := r.m.compile(r.m.compileFor(r.conn, p.mig, r.session), p.mig, p.schema, r.dir)
	if err != nil {
		r.finish(p, err)
		return err
	}
	_, outside := splitOutside(acts)
	return r.onlinePhase(ctx, p, outside)
}

// onlinePhase runs p's online phase after its transaction committed,
// records each statement as it completes, and marks the revision applied
// or rolled back when the phase is done. When a statement gives up
// waiting for a lock, the whole phase is tried again (WithLockRetries):
// its statements can all run again, and the one that gave up may have
// left something half-built (an INVALID index) that only the statements
// before it clean up.
func (r *run) onlinePhase(ctx context.Context, p *planned, acts []action) (err error) {
	m, mig, conn := r.m, p.mig, r.conn
	defer func() { r.finish(p, err) }()
	timeouts := m.lockTimeoutSQL(false)
	if err := execAll(ctx, conn, timeouts.set, "setting the lock timeout"); err != nil {
		return err
	}
	var executed []string
	for attempt := 1; ; attempt++ {
		executed, err = m.run(ctx, conn, mig, acts, r.dir, func(executed []string) error {
			return m.versions.markFailed(ctx, conn, mig.ID, "", onlineCause(r.dir, nil), executed)
		})
		if err == nil || !m.retryAfter(ctx, attempt, mig.ID, failedStatement(err), err) {
			break
		}
	}
	rctx := context.WithoutCancel(ctx)
	err = errors.Join(err, execAll(rctx, conn, timeouts.reset, "restoring the lock timeout"))
	if err == nil {
		if r.dir == up {
			return r.markApplied(rctx, conn, p)
		}
		return r.markRolledBack(rctx, conn, p)
	}
	stmt := failedStatement(err)
	cause := onlineCause(r.dir, err)
	if rerr := m.versions.markFailed(rctx, conn, mig.ID, stmt, cause, executed); rerr != nil {
		return fmt.Errorf("%w; recording the failure in the version table failed too (%v)", err, rerr)
	}
	return &DirtyError{Revision: mig.ID, Statement: stmt, Cause: cause.Error(), RollingBack: r.dir == down, Online: true, Executed: executed}
}

// guardPasses runs an online statement's guard: whether its query
// returns a row.
func guardPasses(ctx context.Context, db *gorm.DB, query string) (bool, error) {
	rows, err := db.WithContext(ctx).Raw(query).Rows()
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := rows.Next()
	return found, errors.Join(rows.Err(), rows.Close())
}

// compileFor is the dialect.Context for compiling mig on db: the recorded
// settings, the session facts a run read (nil for offline scripts), and
// whether the online forms apply.
func (m *Migrator) compileFor(db *gorm.DB, mig *Migration, session any) *dialect.Context {
	return &dialect.Context{DB: m.withSettings(db), InTransaction: m.inTransaction(mig), Session: session, Online: m.onlineDDL()}
}
