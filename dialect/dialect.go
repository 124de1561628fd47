package dialect

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/schema"
)

// Dialect turns schema changes into SQL for one database engine and takes
// the engine's migration lock. Implementations hold no per-run state; what
// a compilation needs arrives in a Context.
type Dialect interface {
	// Name is the GORM Dialector name it serves ("postgres", "mysql", ...).
	Name() string
	// TransactionalDDL reports whether DDL can be rolled back, so that a
	// migration applies fully or not at all inside one transaction.
	TransactionalDDL() bool
	// Compile returns the statements that apply c to a database whose
	// schema is ctx.Before. It must not run them.
	Compile(ctx *Context, c schema.Change) ([]string, error)
	// Lock takes the migration lock on conn (a single pinned connection, or
	// a transaction for a transaction-scoped lock) and returns how to give
	// it back. It waits at most opts.Timeout.
	Lock(ctx context.Context, conn *gorm.DB, opts LockOptions) (Unlock, error)
}

// Unlock releases a migration lock.
type Unlock func(context.Context) error

// LockOptions say which lock to take and for how long to wait.
type LockOptions struct {
	// Key names the lock; the runtime derives it from the version table so
	// that two migration sets in one database do not block each other.
	Key string
	// Timeout bounds the wait; when it passes, Lock fails with an error
	// that says who may hold the lock.
	Timeout time.Duration
	// TransactionScoped asks for a lock that ends with the transaction conn
	// is in (PostgreSQL pg_advisory_xact_lock), for PgBouncer in
	// transaction mode, where session state does not survive.
	TransactionScoped bool
	// Waited, when set, is called once if the lock was not free at first,
	// so that progress output can say that this process waited.
	Waited func()
}

// TxHooks is implemented by dialects that must prepare the pinned
// connection around a migration's transaction, as SQLite must switch
// foreign keys off outside a transaction before it rebuilds a table.
type TxHooks interface {
	// PrepareTx runs on the pinned connection before the transaction
	// begins and says what to run before commit and after the end.
	PrepareTx(ctx context.Context, conn *gorm.DB) (TxScope, error)
}

// TxScope is what PrepareTx asks of one migration's transaction. Either
// function may be nil.
type TxScope struct {
	// BeforeCommit runs inside the transaction after the last statement;
	// an error rolls the transaction back.
	BeforeCommit func(ctx context.Context, tx *gorm.DB) error
	// AfterChange runs inside the transaction right after the statements
	// of each schema change, so that what the next statement or data step
	// sees is complete: SQLite creates again there the triggers and
	// indexes a table rebuild dropped. An error rolls the transaction back.
	AfterChange func(ctx context.Context, tx *gorm.DB) error
	// After runs on the pinned connection once the transaction has ended,
	// committed or not.
	After func(ctx context.Context) error
}

// SessionReader is implemented by dialects whose SQL depends on the
// connection's settings, as MySQL's string literals depend on whether
// sql_mode has NO_BACKSLASH_ESCAPES. The runtime calls it once per run on
// the connection that runs the migrations and passes the result in every
// Context of that run.
type SessionReader interface {
	ReadSession(ctx context.Context, conn *gorm.DB) (any, error)
}

// BackslashEscaper is implemented by a session (what ReadSession returned)
// that knows whether a backslash in a string literal starts an escape on
// its connection. Context.SQL's Builder follows it; without it the Builder
// keeps its dialect's default.
type BackslashEscaper interface {
	BackslashEscapes() bool
}

// Batcher is implemented by dialects that can send several statements in
// one round trip inside a migration's transaction (PostgreSQL's simple
// query protocol). The runtime then sends a migration's consecutive
// statements as one batch, and if the batch fails it rolls back and runs
// them one at a time, so an error still names its statement.
type Batcher interface {
	Batch(stmts []string) string
}

// Context is what compiling one change needs.
type Context struct {
	// DB is the application's database: its Dialector compiles column
	// types and quotes identifiers, and its settings (table options,
	// naming strategy) apply as they do to AutoMigrate. Nothing is run on
	// it while compiling.
	DB *gorm.DB
	// Before is the schema the change applies to: the replay of every
	// change before it. Read it, never change it.
	Before *schema.Snapshot
	// InTransaction says the statements will run inside a transaction, so
	// statements that cannot (PostgreSQL's CREATE INDEX CONCURRENTLY) must
	// not be emitted, or must fail with advice.
	InTransaction bool
	// Session is what the dialect's SessionReader read from the
	// connection for this run; nil when the dialect has none, or when the
	// SQL is written without a connection (offline scripts), which means
	// the server's default settings.
	Session any
	// Online asks for the online-safe form of each change where the
	// dialect has one (schema.Settings.OnlineDDL): on PostgreSQL, indexes
	// built CONCURRENTLY and constraints added NOT VALID then validated,
	// on MySQL explicit ALGORITHM and LOCK clauses. A change to a table in
	// CreatedHere keeps the plain form: no one else can see that table
	// yet.
	Online bool
	// CreatedHere holds the tables the migration being compiled created
	// before this change (under their current names). Read it, never
	// change it.
	CreatedHere map[string]bool
	// Referenced holds the tables that foreign keys the migration creates
	// (in a CREATE TABLE or an ADD FOREIGN KEY) reference. A unique index
	// or constraint on such a table is built in the transaction, plainly:
	// the key needs it to exist when it is added. Read it, never change
	// it.
	Referenced map[string]bool
	// Outside collects the statements of this change that must run after
	// the migration's transaction commits, one at a time and each in its
	// own implicit transaction, in the order appended: CREATE INDEX
	// CONCURRENTLY, VALIDATE CONSTRAINT. Compile appends to it only when
	// Online is set; where the migration has no transaction
	// (NoTransaction), the runtime runs them right after the change's
	// other statements. Each must be idempotent (IF NOT EXISTS, or
	// guarded by If), because a failed or interrupted online phase is
	// resumed by running all of them again.
	Outside []Statement
}

// Statement is a statement of a migration's online phase.
type Statement struct {
	SQL string
	// If, when set, is a query run first; SQL runs only when it returns
	// at least one row. It makes a statement idempotent that has no IF
	// [NOT] EXISTS form, such as dropping an INVALID index a failed
	// CREATE INDEX CONCURRENTLY left, or adding a constraint.
	If string
	// Patient marks a statement that holds only a lock under which reads
	// and writes go on (PostgreSQL's SHARE UPDATE EXCLUSIVE, taken by
	// CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT): it runs without
	// the lock timeout, since its wait queues no one, and CREATE INDEX
	// CONCURRENTLY waits for every older transaction of the database.
	Patient bool
}

// Created reports whether the migration being compiled created table.
func (ctx *Context) Created(table string) bool { return ctx.CreatedHere[table] }

// LockTimeouter is implemented by dialects that can bound how long a
// statement waits for a lock another session holds on a table, so that a
// migration's ALTER does not queue every later query on that table behind
// it while it waits. The runtime sets the timeout at the start of each
// migration (and of its online phase), and retries a migration, or a
// statement that is safe to run again, that gave up waiting.
type LockTimeouter interface {
	// LockTimeout returns the statements that make later statements on the
	// same connection wait at most d for a lock, and the statements that
	// restore the session's default afterwards. inTx says they run inside
	// the migration's transaction; then the dialect should scope the
	// setting to it (PostgreSQL's SET LOCAL) and reset may be nil.
	LockTimeout(d time.Duration, inTx bool) (set, reset []string)
	// IsLockTimeout reports whether err is the engine's error for a
	// statement that gave up waiting for a lock (PostgreSQL 55P03, MySQL
	// 1205, SQLite SQLITE_BUSY, SQL Server 1222), after which the
	// statement changed nothing.
	IsLockTimeout(err error) bool
	// DefaultLockTimeout is the wait the runtime uses unless the
	// application sets another (migrate.WithDDLLockTimeout).
	DefaultLockTimeout() time.Duration
}

// SQL returns a Builder for ctx's database and session: string literals
// are escaped the way the session reads them.
func (ctx *Context) SQL() Builder {
	b := NewBuilder(ctx.DB)
	if s, ok := ctx.Session.(BackslashEscaper); ok {
		b.EscapeBackslash = s.BackslashEscapes()
	}
	return b
}

// Table returns the table name of Before, or an error that the migration
// history does not hold it.
func (ctx *Context) Table(name string) (*schema.Table, error) {
	if t := ctx.Before.Table(name); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("no table %s in the schema the migrations built so far", name)
}

// Index finds the index name of table in Before.
func (ctx *Context) Index(table, name string) (*schema.Index, error) {
	t, err := ctx.Table(table)
	if err != nil {
		return nil, err
	}
	if ix := findNamed(t.Indexes, name, func(x *schema.Index) string { return x.Name }); ix != nil {
		return ix, nil
	}
	return nil, fmt.Errorf("no index %s on %s in the schema the migrations built so far", name, table)
}

// IndexDerived reports whether the index name of table in Before is one
// GORM derived (and so shortens per dialect).
func (ctx *Context) IndexDerived(table, name string) (bool, error) {
	ix, err := ctx.Index(table, name)
	if err != nil {
		return false, err
	}
	return ix.Derived, nil
}

// Constraint is a unique, check or foreign-key constraint found by name:
// exactly one of its pointers is set.
type Constraint struct {
	Unique     *schema.Unique
	Check      *schema.Check
	ForeignKey *schema.ForeignKey
}

// Derived reports whether GORM derived the constraint's name.
func (c Constraint) Derived() bool {
	switch {
	case c.Unique != nil:
		return c.Unique.Derived
	case c.Check != nil:
		return c.Check.Derived
	}
	return c.ForeignKey.Derived
}

// Constraint finds the constraint of the kind (schema.ConstraintUnique,
// ConstraintCheck or ConstraintForeignKey) called name on table in Before.
func (ctx *Context) Constraint(table, kind, name string) (Constraint, error) {
	t, err := ctx.Table(table)
	if err != nil {
		return Constraint{}, err
	}
	var c Constraint
	switch kind {
	case schema.ConstraintUnique:
		c.Unique = findNamed(t.Uniques, name, func(x *schema.Unique) string { return x.Name })
	case schema.ConstraintCheck:
		c.Check = findNamed(t.Checks, name, func(x *schema.Check) string { return x.Name })
	case schema.ConstraintForeignKey:
		c.ForeignKey = findNamed(t.ForeignKeys, name, func(x *schema.ForeignKey) string { return x.Name })
	}
	if c.Unique == nil && c.Check == nil && c.ForeignKey == nil {
		return c, fmt.Errorf("no %s %s on %s in the schema the migrations built so far", kind, name, table)
	}
	return c, nil
}

func findNamed[T any](items []*T, name string, nameOf func(*T) string) *T {
	for _, x := range items {
		if nameOf(x) == name {
			return x
		}
	}
	return nil
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Dialect{}
)

// Register makes d the dialect for GORM Dialector name d.Name(), replacing
// any earlier one. Use it to plug in a compiler for a GORM driver migragen
// does not ship, such as a community driver; call it in an init function
// or before migrate.New.
func Register(d Dialect) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry[d.Name()] = d
}

// Lookup returns the dialect registered for db's Dialector, or an error
// that names the Dialector and how to add support for it.
func Lookup(db *gorm.DB) (Dialect, error) {
	name := db.Dialector.Name()
	registryMu.RLock()
	d, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("migragen has no compiler for the GORM dialector %q (%T); the built-in ones are %v; register one with dialect.Register", name, db.Dialector, Registered())
	}
	return d, nil
}

// Registered lists the dialect names that have a compiler, sorted.
func Registered() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Unsupported is the error for a change a dialect cannot express.
func Unsupported(dialect string, c schema.Change) error {
	return fmt.Errorf("%s cannot apply %q", dialect, c.String())
}

// ForeignKeysInto returns the foreign keys of every table of s that
// reference table, each with the table that holds it, in table order.
func ForeignKeysInto(s *schema.Snapshot, table string) (holders []*schema.Table, keys []*schema.ForeignKey) {
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == table {
				holders = append(holders, t)
				keys = append(keys, fk)
			}
		}
	}
	return holders, keys
}

// UsesColumn reports whether an index, unique, check or foreign key of t
// names column.
func UsesColumn(t *schema.Table, column string) bool {
	for _, ix := range t.Indexes {
		if slices.ContainsFunc(ix.Columns, func(c *schema.IndexColumn) bool { return c.Column == column }) {
			return true
		}
	}
	for _, u := range t.Uniques {
		if u.Column == column {
			return true
		}
	}
	for _, k := range t.Checks {
		if k.Column == column {
			return true
		}
	}
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, column) {
			return true
		}
	}
	return false
}

// CheckQuery is the SQL that verifies one schema.Precondition on the
// database as it is before a migration.
type CheckQuery struct {
	// Count returns one row with one integer column: how many rows (for
	// schema.NoDuplicates: how many duplicated key values) break the
	// precondition. It must cost a single scan of the table, or an index
	// lookup per row for schema.NoOrphans.
	Count string
	// Sample returns at most a few (5) of the offending rows, each as one
	// text column describing it: the row's primary key ("id=17"), or the
	// duplicated values; the runtime runs it only when Count is not 0.
	Sample string
	// Lock, when set, runs first, inside the migration's transaction, to
	// keep the rows checked from changing until the migration's statements
	// ran: where a statement would otherwise change a row written after
	// the check silently (PostgreSQL's ALTER ... TYPE ... USING truncates).
	// Outside a transaction it is not run.
	Lock string
}

// NothingToCheck is the Count of a check that no row can fail, such as a
// type that really widens: it reads no table.
const NothingToCheck = "SELECT 0"

// Checker is implemented by dialects that can verify preconditions. A
// migration with a precondition that is not waived refuses to run on a
// dialect without it.
type Checker interface {
	CheckQuery(ctx *Context, p schema.Precondition) (CheckQuery, error)
}
