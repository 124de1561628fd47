package fleet

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/migragen/migragen/migrate"
)

// Fleet applies one migrations package to many targets.
type Fleet struct {
	migrations []migrate.Migration
	targets    []Target
	canary     []bool // by target index
	cfg        config
	// emitMu serializes progress calls from the targets' goroutines.
	emitMu sync.Mutex
}

// New checks the targets (names given, unique, each with a DB or an
// Open) and the canary group. It opens nothing; each target's
// migrate.New, which validates the migrations, runs when its turn comes.
func New(migrations []migrate.Migration, targets []Target, opts ...Option) (*Fleet, error) {
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	if err := checkTargets(targets); err != nil {
		return nil, err
	}
	if cfg.canary > len(targets) {
		return nil, fmt.Errorf("fleet: a canary group of %d, but only %d targets; make the group smaller than the fleet", cfg.canary, len(targets))
	}
	canary := make([]bool, len(targets))
	for i := range cfg.canary {
		canary[i] = true
	}
	for _, name := range cfg.canaryTargets {
		i := slices.IndexFunc(targets, func(t Target) bool { return t.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("fleet: canary target %s is not among the targets", name)
		}
		canary[i] = true
	}
	return &Fleet{migrations: migrations, targets: slices.Clone(targets), canary: canary, cfg: cfg}, nil
}

// Targets returns the fleet's targets, in order.
func (f *Fleet) Targets() []Target { return slices.Clone(f.targets) }

// Up applies every pending migration on every target; see UpTo.
func (f *Fleet) Up(ctx context.Context) (*Summary, error) { return f.UpTo(ctx, "head") }

// UpTo applies the pending migrations up to rev on every target: the
// canary group first, then, if all of it ended up-to-date or migrated,
// the others, WithParallel at a time, each with migrate.New and UpTo on
// its own connections. It returns the summary, and its Err: nil when
// every target ended up-to-date or migrated.
func (f *Fleet) UpTo(ctx context.Context, rev string) (*Summary, error) {
	start := time.Now()
	s := &Summary{Revision: rev, Targets: make([]Result, len(f.targets))}
	var canary, rest []int
	for i := range f.targets {
		if f.canary[i] {
			canary = append(canary, i)
		} else {
			rest = append(rest, i)
		}
	}
	var failed atomic.Bool // some target ended badly, for WithStopOnError
	run := func(group []int) {
		f.each(ctx, group, func(ctx context.Context, i int) {
			r := &s.Targets[i]
			switch {
			case ctx.Err() != nil:
				*r = skipped(f.targets[i].Name, fmt.Sprintf("not started: %v", context.Cause(ctx)))
			case f.cfg.stopOnError && failed.Load():
				*r = skipped(f.targets[i].Name, "not started: an earlier target failed, and the fleet stops on error")
			default:
				*r = f.up(ctx, f.targets[i], rev)
			}
			r.Canary = f.canary[i]
			f.done(r)
			if !r.OK() && r.State != Skipped {
				failed.Store(true)
			}
		})
	}
	run(canary)
	bad := f.badCanaries(s, canary)
	switch {
	case len(bad) > 0:
		why := "not started: canary " + abbreviate(bad, 3) + " did not succeed"
		if ctx.Err() != nil {
			why = fmt.Sprintf("not started: %v", context.Cause(ctx))
		}
		for _, i := range rest {
			s.Targets[i] = skipped(f.targets[i].Name, why)
			f.done(&s.Targets[i])
		}
	default:
		if len(canary) > 0 && ranNothing(s, canary) {
			s.Notes = append(s.Notes, "canary: ran nothing (every canary target was up to date), so it tried none of the migrations on the others")
		}
		run(rest)
	}
	s.Duration = time.Since(start)
	s.count()
	return s, s.Err()
}

// badCanaries names the canary targets that did not end up-to-date or
// migrated.
func (f *Fleet) badCanaries(s *Summary, canary []int) []string {
	var bad []string
	for _, i := range canary {
		if !s.Targets[i].OK() {
			bad = append(bad, s.Targets[i].Target)
		}
	}
	return bad
}

func skipped(name, why string) Result { return Result{Target: name, State: Skipped, Error: why} }

// each runs fn for every index of group, WithParallel at a time, starting
// them in order, and returns when all have returned. fn gets the run's
// context, bounded by WithTargetTimeout.
func (f *Fleet) each(ctx context.Context, group []int, fn func(ctx context.Context, i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(f.cfg.parallel, len(group)) {
		wg.Go(func() {
			for i := range next {
				tctx, cancel := ctx, context.CancelFunc(func() {})
				if f.cfg.targetTimeout > 0 {
					tctx, cancel = context.WithTimeoutCause(ctx, f.cfg.targetTimeout,
						fmt.Errorf("target %s took longer than the fleet's target timeout (%s)", f.targets[i].Name, f.cfg.targetTimeout))
				}
				fn(tctx, i)
				cancel()
			}
		})
	}
	for _, i := range group {
		next <- i
	}
	close(next)
	wg.Wait()
}

// emit hands e to the progress function, one call at a time. A panic in
// it is recovered and returned as an error of one line, naming the
// function, the event and the panic value, for the target's result.
func (f *Fleet) emit(e Event) (err error) {
	if f.cfg.progress == nil {
		return nil
	}
	f.emitMu.Lock()
	defer f.emitMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the fleet's progress function panicked on %s: %v", e.Kind, p)
		}
	}()
	f.cfg.progress(e)
	return nil
}

// done reports r's end, and fails r if the progress function panicked on
// it: the run's exit status must not hide a broken progress function.
func (f *Fleet) done(r *Result) {
	if err := f.emit(Event{Kind: TargetDone, Target: r.Target, Result: r}); err != nil {
		r.progressFailed(err)
	}
}

// ranNothing says no canary target applied anything.
func ranNothing(s *Summary, canary []int) bool {
	for _, i := range canary {
		if len(s.Targets[i].Applied) > 0 {
			return false
		}
	}
	return true
}
