package migrate

import "time"

type config struct {
	table       string
	schema      string
	lockTimeout time.Duration
	txLock      bool
	progress    func(Event)
	driftCheck  bool // WithDriftCheck
	newer       bool // WithNewerRevisions
}

func defaults() config {
	return config{table: DefaultVersionTable, lockTimeout: 5 * time.Minute}
}

// Option configures a Migrator.
type Option func(*config)

// WithVersionTable names the version table (default "migragen_versions").
func WithVersionTable(name string) Option { return func(c *config) { c.table = name } }

// WithSchema puts the version table in a PostgreSQL schema other than the
// search path's first (usually public). The migrations' own tables go
// where the application's models go.
func WithSchema(name string) Option { return func(c *config) { c.schema = name } }

// WithLockTimeout bounds how long Up, Down and Stamp wait for another
// process's migration run (default 5 minutes).
func WithLockTimeout(d time.Duration) Option { return func(c *config) { c.lockTimeout = d } }

// WithTransactionLock takes PostgreSQL's lock per migration transaction
// (pg_advisory_xact_lock) instead of per session, for PgBouncer in
// transaction mode, which does not keep a server session for a client.
// Each migration then re-checks the version table under the lock.
func WithTransactionLock() Option { return func(c *config) { c.txLock = true } }

// WithProgress receives an Event as each migration starts and ends, and
// when the lock is busy.
func WithProgress(fn func(Event)) Option { return func(c *config) { c.progress = fn } }

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event.
const (
	// Waiting: another process holds the migration lock; this one waits.
	Waiting EventKind = iota
	// Started: a migration begins.
	Started
	// Done: a migration was applied or rolled back.
	Done
	// Skipped: another process applied or rolled back the migration while
	// this one waited.
	Skipped
	// Failed: a migration failed; Err says why.
	Failed
)

// Event is a progress report.
type Event struct {
	Kind      EventKind
	Revision  string
	Message   string
	Direction string // "up" or "down"
	Duration  time.Duration
	Err       error
}

func (m *Migrator) emit(e Event) {
	if m.cfg.progress != nil {
		m.cfg.progress(e)
	}
}
