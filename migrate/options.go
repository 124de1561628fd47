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
	// ddlLockTimeout bounds each statement's wait for a table lock
	// (WithDDLLockTimeout); 0 means the dialect's default.
	ddlLockTimeout time.Duration
	// lockTries and retryBackoff say how often a migration that gave up
	// waiting for a table lock is tried in all, and how long to wait
	// before the second try (doubling after that): WithLockRetries.
	lockTries    int
	retryBackoff time.Duration
	contractions bool // WithContractions
}

func defaults() config {
	return config{table: DefaultVersionTable, lockTimeout: 5 * time.Minute, lockTries: 5, retryBackoff: time.Second}
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

// WithMoreProgress adds fn after the progress function the options before
// it set, where WithProgress replaces it: for a wrapper (a fleet, a
// command) that reports events too without dropping its caller's.
func WithMoreProgress(fn func(Event)) Option {
	return func(c *config) {
		prev := c.progress
		c.progress = func(e Event) {
			if prev != nil {
				prev(e)
			}
			fn(e)
		}
	}
}

// WithDDLLockTimeout bounds how long each statement of a migration waits
// for a lock another session holds on its table (PostgreSQL lock_timeout,
// MySQL lock_wait_timeout, SQLite busy_timeout, SQL Server LOCK_TIMEOUT).
// A DDL statement waiting for a lock queues every later query on the
// table behind it; giving up and trying again later keeps the site up.
// Zero keeps the dialect's default; see the README for each.
func WithDDLLockTimeout(d time.Duration) Option { return func(c *config) { c.ddlLockTimeout = d } }

// WithLockRetries says how often a migration (or, outside a transaction,
// a statement) that gave up waiting for a table lock is tried in all
// (default 5), waiting backoff before the second try and twice as long
// before each later one (default 1s). Each retry is reported as a
// Retrying event. tries 1 turns retrying off.
func WithLockRetries(tries int, backoff time.Duration) Option {
	return func(c *config) { c.lockTries, c.retryBackoff = max(tries, 1), backoff }
}

// WithContractions lets Up and UpTo apply contraction revisions
// (Migration.Contract), which they otherwise hold back. Use it once no
// binary older than the contraction's expansion runs.
func WithContractions() Option { return func(c *config) { c.contractions = true } }

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
	// Retrying: a migration, or a statement of its online phase, gave up
	// waiting for a table lock (Err) and is tried again after Duration;
	// Attempt is the try that failed.
	Retrying
	// Held: Up held back a contraction revision (Migration.Contract).
	Held
)

// Event is a progress report.
type Event struct {
	Kind      EventKind
	Revision  string
	Message   string
	Direction string // "up" or "down"
	Duration  time.Duration
	Err       error
	// Attempt counts the tries of a Retrying event, from 1.
	Attempt int
	// Statement is the statement a Retrying event's try gave up at, when
	// known.
	Statement string
}

func (m *Migrator) emit(e Event) {
	if m.cfg.progress != nil {
		m.cfg.progress(e)
	}
}
