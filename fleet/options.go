package fleet

import (
	"fmt"
	"time"

	"github.com/migragen/migragen/migrate"
)

// DefaultParallel is how many targets run at once unless WithParallel
// says otherwise: enough to hide a round trip's latency, few enough that
// a fleet on one server does not crowd out its applications.
const DefaultParallel = 4

type config struct {
	parallel      int
	canary        int
	canaryTargets []string
	stopOnError   bool
	progress      func(Event)
	migrateOpts   []migrate.Option
	targetTimeout time.Duration
}

func defaults() config { return config{parallel: DefaultParallel} }

// Option configures a Fleet.
type Option func(*config)

// WithParallel runs up to n targets at once (default DefaultParallel; 1
// runs them one after another). Each target in flight holds its own
// connections: one, or two while it migrates.
func WithParallel(n int) Option { return func(c *config) { c.parallel = max(n, 1) } }

// WithCanary makes the first n targets a canary group: they run first
// and must all end up-to-date or migrated before the others start; if one
// fails (or is dirty), the others are skipped.
func WithCanary(n int) Option { return func(c *config) { c.canary = max(n, 0) } }

// WithCanaryTargets makes the named targets the canary group, as
// WithCanary does for the first n; with both, the group is the union.
func WithCanaryTargets(names ...string) Option {
	return func(c *config) { c.canaryTargets = append(c.canaryTargets, names...) }
}

// WithStopOnError starts no target after one has failed (targets in
// flight finish); those not started are skipped. By default the fleet
// goes on with the others, and the summary lists every failure.
func WithStopOnError() Option { return func(c *config) { c.stopOnError = true } }

// WithProgress receives an Event as each target starts and finishes, and
// every migrate.Event of its run, tagged with the target. Calls come from
// the targets' goroutines one at a time, never concurrently, so fn needs
// no lock of its own; it should return quickly, as it holds up the others.
func WithProgress(fn func(Event)) Option { return func(c *config) { c.progress = fn } }

// WithMigrateOptions passes options to migrate.New for every target, such
// as migrate.WithLockTimeout or migrate.WithVersionTable. A
// migrate.WithProgress among them receives every target's events, unnamed
// and from the targets' goroutines at once (fn must be safe for that);
// use the fleet's WithProgress to know the target. With pgschema targets,
// leave out migrate.WithSchema and a schema-qualified WithVersionTable:
// every tenant would share one version table.
func WithMigrateOptions(opts ...migrate.Option) Option {
	return func(c *config) { c.migrateOpts = append(c.migrateOpts, opts...) }
}

// WithTargetTimeout bounds each target's run, so that a target that hangs
// (an unreachable host, a lock that is never released) fails on its own
// instead of holding its slot forever. Zero (the default) sets no bound
// beyond the run's context and migrate's lock timeout.
func WithTargetTimeout(d time.Duration) Option { return func(c *config) { c.targetTimeout = d } }

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event.
const (
	// TargetStarted: the target's run begins.
	TargetStarted EventKind = iota
	// Migration: the target's Migrator reported Event.Migration.
	Migration
	// TargetDone: the target's run ended, or the target was skipped;
	// Event.Result says how.
	TargetDone
)

func (k EventKind) String() string {
	switch k {
	case TargetStarted:
		return "TargetStarted"
	case Migration:
		return "Migration"
	case TargetDone:
		return "TargetDone"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is a progress report of one target.
type Event struct {
	Kind   EventKind
	Target string
	// Migration is the migrate runtime's event, for Kind Migration.
	Migration migrate.Event
	// Result is the target's outcome, for Kind TargetDone.
	Result *Result
}
