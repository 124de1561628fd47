package fleet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/migragen/migragen/migrate"
)

// up runs one target: it opens the target, reads where it stands, applies
// what is pending up to rev and, when anything ran or failed, reads where
// it stands now. With nothing pending that is two reads of the version
// table (Status, then Up's own) and no lock.
func (f *Fleet) up(ctx context.Context, t Target, rev string) (res Result) {
	start := time.Now()
	res = Result{Target: t.Name}
	rec := &recorder{}
	rec.progressPanic(f.emit(Event{Kind: TargetStarted, Target: t.Name}))
	defer func() {
		// A panic in an Open or a migration must not take the other
		// targets down with it. One line: the summary is a table.
		if p := recover(); p != nil {
			res.fail(fmt.Errorf("target %s panicked: %v", t.Name, p))
		}
		if err := rec.progressErr(); err != nil {
			res.progressFailed(err)
		}
		// A deadline's cause (WithTargetTimeout) says more than the
		// "context deadline exceeded" the failing call returned.
		if cause := context.Cause(ctx); res.State == Failed && cause != nil && cause != ctx.Err() && !strings.Contains(res.Error, cause.Error()) {
			res.Error += " (" + cause.Error() + ")"
		}
		res.Duration = time.Since(start)
	}()
	m, release, err := f.migrator(ctx, t, rec)
	if err != nil {
		return res.fail(err)
	}
	defer release()
	before, err := m.Status(ctx)
	if err != nil {
		return res.fail(err)
	}
	res.From, res.To = position(before), position(before)
	err = m.UpTo(ctx, rev)
	res.Applied, res.ByAnother = rec.lists()
	var dirty *migrate.DirtyError
	switch {
	case err == nil && len(res.Applied) == 0:
		res.State, res.Pending = UpToDate, ids(before.Pending)
		if len(before.Pending) == 0 {
			return res // nothing to do, then and now
		}
		// Revisions were pending: another runner may have applied them
		// between Status and Up's own read, reporting nothing here.
	case err == nil:
		res.State = Migrated
	case errors.As(err, &dirty) && !rec.started():
		// Dirty before this run: it refused before running anything.
		res.State, res.Dirty = Dirty, dirty.Revision
		res.Err, res.Error = err, err.Error()
	default:
		res.fail(err)
	}
	// Where the target stands now: a failure says nothing of what it left.
	// The run's context may be what ended it, so read without its cancel,
	// but not without a bound: the server may be what hangs.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), afterReadTimeout)
	defer cancel()
	after, serr := m.Status(actx)
	if serr != nil {
		if res.OK() {
			return res.fail(fmt.Errorf("reading the status after the run: %w", serr))
		}
		res.Error += fmt.Sprintf(" (and reading the status after it failed: %v)", serr)
		return res
	}
	res.To, res.Pending = position(after), ids(after.Pending)
	res.ByAnother = byAnother(before, after, res.Applied, res.ByAnother)
	if after.Dirty != nil {
		res.Dirty = after.Dirty.Revision
	}
	return res
}

// migrator opens t and returns its Migrator, reporting to rec and to the
// fleet's progress, and what releases the target's connections.
func (f *Fleet) migrator(ctx context.Context, t Target, rec *recorder) (*migrate.Migrator, func(), error) {
	db, release, err := t.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	// Last, and chained: a migrate.WithProgress among the options still
	// gets its events, before the fleet's.
	opts := slices.Concat(f.cfg.migrateOpts, []migrate.Option{migrate.WithMoreProgress(func(e migrate.Event) {
		rec.event(e)
		rec.progressPanic(f.emit(Event{Kind: Migration, Target: t.Name, Migration: e}))
	})})
	// Each target gets its own copy of the list: nothing a Migrator keeps
	// is shared with another target's.
	m, err := migrate.New(db, slices.Clone(f.migrations), opts...)
	if err != nil {
		release()
		return nil, nil, err
	}
	return m, release, nil
}

// afterReadTimeout bounds the status read after a target's run, which
// runs without the run's context (that may be what ended the run).
const afterReadTimeout = 10 * time.Second

// byAnother adds to reported (what migrate reported as applied by another
// process) the revisions pending before the run and applied after it that
// this run did not apply: another runner may have finished before this
// run's own read, so that migrate saw nothing pending and reported nothing.
func byAnother(before, after *migrate.Status, applied, reported []string) []string {
	out := slices.Clone(reported)
	for _, r := range before.Pending {
		stillPending := slices.ContainsFunc(after.Pending, func(a migrate.Revision) bool { return a.ID == r.ID })
		if !stillPending && !slices.Contains(applied, r.ID) && !slices.Contains(out, r.ID) {
			out = append(out, r.ID)
		}
	}
	return out
}

// progressFailed fails r because the fleet's progress function panicked
// on one of its events, saying what state the target itself ended in.
func (r *Result) progressFailed(err error) {
	if r.State != "" && r.State != Failed {
		err = fmt.Errorf("%w (the target itself ended %s)", err, r.State)
	}
	if r.State == Failed {
		r.Error += "; " + err.Error()
		return
	}
	if r.Error != "" {
		err = fmt.Errorf("%w; %s", err, r.Error)
	}
	r.fail(err)
}

// fail marks the result failed with err.
func (r *Result) fail(err error) Result {
	r.State, r.Err, r.Error = Failed, err, err.Error()
	return *r
}

// recorder keeps what a target's Migrator reported.
type recorder struct {
	mu        sync.Mutex
	applied   []string
	byAnother []string
	starts    int
	panicked  error // the first panic of the fleet's progress function
}

// progressPanic keeps err, what emit returned, if it is the first.
func (r *recorder) progressPanic(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.panicked == nil {
		r.panicked = err
	}
}

func (r *recorder) progressErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.panicked
}

func (r *recorder) event(e migrate.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Direction != "" && e.Direction != "up" {
		return
	}
	switch e.Kind {
	case migrate.Started:
		r.starts++
	case migrate.Done:
		r.applied = append(r.applied, e.Revision)
	case migrate.Skipped:
		r.byAnother = append(r.byAnother, e.Revision)
	}
}

func (r *recorder) lists() (applied, byAnother []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.applied), slices.Clone(r.byAnother)
}

func (r *recorder) started() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.starts > 0
}

// position is where st says the database stands, as Result.From and To
// give it.
func position(st *migrate.Status) string { return strings.Join(st.Current(), ",") }

func ids(revs []migrate.Revision) []string {
	var out []string
	for _, r := range revs {
		out = append(out, r.ID)
	}
	return out
}
