package migrate

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/dialect"
	// The built-in dialects register themselves.
	_ "github.com/migragen/migragen/dialect/mysql"
	_ "github.com/migragen/migragen/dialect/postgres"
	_ "github.com/migragen/migragen/dialect/sqlite"
	_ "github.com/migragen/migragen/dialect/sqlserver"
	"github.com/migragen/migragen/schema"
)

// Base names the state before the first revision, for DownTo, Stamp and
// SQL.
const Base = "base"

// Migrator applies and rolls back one migrations package on one database.
// It is safe to run from several processes at once: a database lock makes
// each migration apply exactly once.
type Migrator struct {
	db       *gorm.DB
	graph    *graph
	dialect  dialect.Dialect
	cfg      config
	versions versions
	sums     map[string]string
	legacy   *legacySums // for rows older releases wrote; see sumMatches
	// settings are the GORM settings the migrations were generated with,
	// or nil for migrations no index stamped.
	settings *schema.Settings
}

// New validates the migrations (ids, parents, cycles, a single head, the
// step layout) and picks the compiler for db's dialect. It does not touch
// the database.
func New(db *gorm.DB, migrations []Migration, opts ...Option) (*Migrator, error) {
	if db == nil {
		return nil, errors.New("migrate.New: db is nil")
	}
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	g, err := newGraph(migrations)
	if err != nil {
		return nil, err
	}
	d, err := dialect.Lookup(db)
	if err != nil {
		return nil, err
	}
	settings := recordedSettings(g.order)
	if err := checkSettings(db, settings); err != nil {
		return nil, err
	}
	if cfg.txLock && !d.TransactionalDDL() {
		return nil, fmt.Errorf("migrate.WithTransactionLock needs a lock that ends with a migration's transaction, and %s runs DDL outside transactions; its lock belongs to the session — drop the option", d.Name())
	}
	if cfg.schema != "" && d.Name() != "postgres" {
		return nil, fmt.Errorf("migrate.WithSchema is for PostgreSQL; on %s name the version table's database in WithVersionTable", d.Name())
	}
	sums := map[string]string{}
	for _, m := range g.order {
		if strings.HasPrefix(m.Sum, sumPrefix) {
			sums[m.ID] = m.Sum // checked before the revision runs (checkSum)
			continue
		}
		if sums[m.ID], err = Checksum(*m); err != nil {
			return nil, err
		}
	}
	table := cfg.table
	if cfg.schema != "" {
		table = cfg.schema + "." + table
	}
	return &Migrator{db: db, graph: g, dialect: d, cfg: cfg, versions: versions{table: table, dialect: d}, sums: sums, legacy: &legacySums{}, settings: settings}, nil
}

// Head returns the newest revision, or Base when there are no migrations.
func (m *Migrator) Head() string {
	if m.graph.head == "" {
		return Base
	}
	return m.graph.head
}

// Up applies every pending migration.
func (m *Migrator) Up(ctx context.Context) error { return m.UpTo(ctx, "head") }

// UpTo applies the pending migrations that rev depends on, and rev. It
// holds back contractions (Migration.Contract), reporting each as a Held
// event, unless rev names one (then it and those before it run) or
// WithContractions is set; a pending revision that depends on a held one
// is a *HeldError.
func (m *Migrator) UpTo(ctx context.Context, rev string) error {
	target, err := m.graph.resolve(rev)
	if err != nil {
		return err
	}
	want := m.graph.ancestry(target)
	hold := m.holdContractions(target, !strings.EqualFold(rev, "head"))
	pending := func(st *state) ([]*Migration, error) {
		var out []*Migration
		for _, mig := range m.graph.sorted(want) {
			if st.applied[mig.ID] == nil {
				out = append(out, mig)
			}
		}
		return hold(out)
	}
	return m.migrate(ctx, intent{dir: up, start: func(*state) planFunc { return pending }})
}

// Down rolls back the last steps applied migrations, newest first. Which
// ones is decided once, from the version table read under the lock; if
// another process changes the table between two of them, Down goes on
// only with those of its revisions still applied, and refuses to roll one
// back that a revision applied meanwhile depends on.
func (m *Migrator) Down(ctx context.Context, steps int) error {
	if steps < 1 {
		return fmt.Errorf("down: steps must be at least 1, not %d", steps)
	}
	return m.migrate(ctx, intent{dir: down, start: func(st *state) planFunc {
		applied := m.graph.sorted(st.appliedSet())
		targets := map[string]bool{}
		for _, mig := range applied[max(0, len(applied)-steps):] {
			targets[mig.ID] = true
		}
		return m.rollback(func(id string) bool { return targets[id] })
	}})
}

// DownTo rolls back every applied migration that rev does not depend on,
// leaving rev applied; DownTo(ctx, Base) rolls back everything.
func (m *Migrator) DownTo(ctx context.Context, rev string) error {
	target, err := m.graph.resolve(rev)
	if err != nil {
		return err
	}
	keep := m.graph.ancestry(target)
	plan := m.rollback(func(id string) bool { return !keep[id] })
	return m.migrate(ctx, intent{dir: down, start: func(*state) planFunc { return plan }})
}

// rollback plans rolling back the applied migrations chosen picks, newest
// first. Every one is checked for reversibility before anything runs.
func (m *Migrator) rollback(chosen func(id string) bool) planFunc {
	return func(st *state) ([]*Migration, error) {
		var todo []*Migration
		for _, mig := range m.graph.sorted(st.appliedSet()) {
			if chosen(mig.ID) {
				if err := m.reversible(mig); err != nil {
					return nil, err
				}
				todo = append(todo, mig)
			}
		}
		slices.Reverse(todo)
		return todo, nil
	}
}

// planFunc picks, from the version table's state, the migrations an
// operation still has to run, in order.
type planFunc func(st *state) ([]*Migration, error)

// intent is what an operation asks for: a direction, and how to plan it
// from the first state read under the lock. Up, UpTo and DownTo name a
// target, so any state plans them; Down(n) fixes its revisions at that
// first read, since "the last n" means something else after each one.
type intent struct {
	dir   direction
	start func(first *state) planFunc
}

// migrate runs what in asks for. The common case, nothing to do, costs one
// query and no lock. Otherwise it takes the lock and, before each
// migration, reads the version table again under it and plans from that
// read: which revision runs next, and the schema it compiles against.
// Another process may have applied or rolled back revisions while this one
// waited, or, with a lock per transaction, between two of its migrations;
// acting on an older read is how a rollback picks the wrong revision. A
// dirty row seen without the lock may be another process's migration in
// progress, so only the locked read judges it.
func (m *Migrator) migrate(ctx context.Context, in intent) error {
	st, err := m.read(ctx, m.db)
	if err != nil {
		return err
	}
	var expected []*Migration
	if st.dirty == nil {
		if err := st.blocking(in.dir); err != nil {
			return err
		}
		if in.dir == up {
			if err := m.checkDrift(ctx, st); err != nil {
				return err
			}
		}
		// A held contraction seen without the lock may be being applied
		// by another process right now: only the locked read judges it.
		var held *HeldError
		if expected, err = in.start(st)(st); errors.As(err, &held) {
			expected = nil
		} else if err != nil || len(expected) == 0 {
			return err
		}
	}
	return m.locked(ctx, func(conn *gorm.DB) error {
		r, err := m.newRun(ctx, conn, in)
		if err != nil {
			return err
		}
		for {
			mig, err := r.step(ctx)
			if err != nil {
				return err
			}
			if mig == nil {
				break
			}
		}
		// What this process meant to do but found done is reported as
		// done by another.
		for _, mig := range expected {
			if !r.ran[mig.ID] && r.last != nil && (r.last.applied[mig.ID] != nil) == (in.dir == up) {
				m.emit(Event{Kind: Skipped, Revision: mig.ID, Direction: in.dir.String()})
			}
		}
		return nil
	})
}

// reversible reports an error naming the first data step without a Down.
func (m *Migrator) reversible(mig *Migration) error {
	if step := m.irreversibleStep(mig); step != "" {
		return fmt.Errorf("revision %s cannot be rolled back: %s has no Down; nothing was rolled back. Give the step a Down, or restore from a backup", mig.ID, step)
	}
	return nil
}

// irreversibleStep names mig's first data step without a Down, such as
// `Up step 2 (migrate.SQL)`; "" when it has none.
func (m *Migrator) irreversibleStep(mig *Migration) string {
	for i, s := range mig.Up {
		name := ""
		switch s := s.(type) {
		case Go:
			if s.Down == nil {
				name = fmt.Sprintf("migrate.Go %q", s.Name)
			}
		case SQL:
			if s.Down == "" && m.runsHere(s) {
				name = "migrate.SQL"
			}
		}
		if name != "" {
			return fmt.Sprintf("Up step %d (%s)", i+1, name)
		}
	}
	return ""
}

// inLockedTx runs fn in a transaction on conn with the version table read
// inside it, taking the lock first where it belongs to the transaction.
func (m *Migrator) inLockedTx(ctx context.Context, conn *gorm.DB, fn func(tx *gorm.DB, st *state) error) error {
	return transaction(ctx, conn, func(tx *gorm.DB) error {
		if m.lockPerTransaction() {
			if _, err := m.dialect.Lock(ctx, tx, m.lockOptions()); err != nil {
				return err
			}
		}
		st, err := m.read(ctx, tx)
		if err != nil {
			return err
		}
		return fn(tx, st)
	})
}

// Resolve settles the dirty state a failed or interrupted migration left
// where DDL is not transactional (MySQL, MariaDB, NoTransaction
// migrations). Look at the failed statement Status reports, then either
// finish the migration's remaining statements by hand and call Resolve
// with applied=true, or undo what it did and call it with applied=false,
// which makes it pending again.
func (m *Migrator) Resolve(ctx context.Context, rev string, applied bool) error {
	id, err := m.graph.resolve(rev)
	if err != nil {
		return err
	}
	return m.locked(ctx, func(conn *gorm.DB) error {
		return m.inLockedTx(ctx, conn, func(tx *gorm.DB, st *state) error {
			if err := st.squashBlocking(); err != nil {
				return err
			}
			st, err := m.settle(ctx, tx, st, true)
			if err != nil {
				return err
			}
			r := st.applied[id]
			if r == nil || !r.Dirty {
				return fmt.Errorf("revision %s is not dirty; nothing to resolve", id)
			}
			if applied {
				return m.versions.markClean(ctx, tx, id, time.Now(), 0)
			}
			return m.versions.delete(ctx, tx, id)
		})
	})
}

// locked runs fn on one pinned connection holding the migration lock. A
// dialect whose lock belongs to a transaction (SQLite's write lock, or
// PostgreSQL's with WithTransactionLock) takes it per migration instead,
// in apply.
func (m *Migrator) locked(ctx context.Context, fn func(conn *gorm.DB) error) error {
	sqlDB, err := m.db.DB()
	if err != nil {
		return fmt.Errorf("migrate: the *gorm.DB has no connection pool: %w", err)
	}
	c, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: taking a connection: %w", err)
	}
	defer c.Close()
	conn := m.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	conn.Statement.ConnPool = c
	if !m.lockPerTransaction() {
		unlock, err := m.dialect.Lock(ctx, conn, m.lockOptions())
		if err != nil {
			return err
		}
		defer func() {
			if err := unlock(context.WithoutCancel(ctx)); err != nil {
				// A session lock lives as long as its connection: rather
				// than hand a connection that may still hold it back to
				// the pool, close it for good. A failed release must not
				// hide the result of fn.
				_ = c.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	return fn(conn)
}

func (m *Migrator) lockPerTransaction() bool {
	if tl, ok := m.dialect.(dialect.TxLocker); ok && tl.LockInTransaction() {
		return true
	}
	return m.cfg.txLock
}

func (m *Migrator) lockOptions() dialect.LockOptions {
	return dialect.LockOptions{
		Key:               m.versions.table,
		Timeout:           m.cfg.lockTimeout,
		TransactionScoped: m.cfg.txLock,
		Waited:            func() { m.emit(Event{Kind: Waiting}) },
	}
}

// ensureTable creates the version table unless a concurrent process just
// did, and upgrades one an older migragen made.
func (m *Migrator) ensureTable(ctx context.Context, conn *gorm.DB) error {
	if conn.WithContext(ctx).Migrator().HasTable(m.versions.table) {
		return m.versions.upgrade(ctx, conn)
	}
	if m.cfg.schema != "" {
		if err := conn.WithContext(ctx).Exec("CREATE SCHEMA IF NOT EXISTS " + dialect.NewBuilder(conn).Quote(m.cfg.schema)).Error; err != nil {
			return fmt.Errorf("creating schema %s for the version table: %w", m.cfg.schema, err)
		}
	}
	err := m.versions.create(ctx, conn)
	if err != nil && conn.WithContext(ctx).Migrator().HasTable(m.versions.table) {
		return nil
	}
	return err
}

// replay builds the schema the applied migrations made, in graph order.
func (m *Migrator) replay(applied map[string]bool) (*schema.Snapshot, error) {
	s := schema.New(schema.Settings{})
	for _, mig := range m.graph.sorted(applied) {
		for _, step := range mig.Up {
			if step, ok := step.(Schema); ok {
				for _, c := range step.Changes {
					if err := schema.ApplyInPlace(s, c); err != nil {
						return nil, fmt.Errorf("revision %s: %s: %w", mig.ID, c, err)
					}
				}
			}
		}
	}
	return s, nil
}

// recordedSettings returns the settings the generated index stamped on the
// migrations, or nil.
func recordedSettings(migrations []*Migration) *schema.Settings {
	for _, m := range migrations {
		if m.Settings != nil {
			return m.Settings
		}
	}
	return nil
}

// withSettings returns db set up as the recorded settings say, for
// compiling: the table options the models were generated with apply to
// every CREATE TABLE, as they did for the snapshot, unless db sets
// gorm:table_options to "" — a test database on another engine that does
// not understand them (New refused a db that sets other ones).
func (m *Migrator) withSettings(db *gorm.DB) *gorm.DB {
	if m.settings == nil || m.settings.TableOptions == "" {
		return db
	}
	if _, ok := db.Get("gorm:table_options"); ok {
		return db // the recorded options, or "" to opt out
	}
	return db.Set("gorm:table_options", m.settings.TableOptions)
}

// checkSettings compares the settings the migrations were generated with
// to db's: names and foreign keys derived under one naming strategy do not
// fit a database another one reads, and tables created with other table
// options differ from those AutoMigrate would make. A naming strategy of
// another type cannot be compared, and passes.
func checkSettings(db *gorm.DB, want *schema.Settings) error {
	if want == nil {
		return nil
	}
	fix := "open the *gorm.DB with the settings given to migragen generate, or regenerate with flags that match the database's"
	if ns, ok := db.NamingStrategy.(gormschema.NamingStrategy); ok {
		got := schema.Naming{TablePrefix: ns.TablePrefix, SingularTable: ns.SingularTable, NoLowerCase: ns.NoLowerCase, IdentifierMaxLength: ns.IdentifierMaxLength}
		w := want.Naming
		if got.IdentifierMaxLength == 0 || w.IdentifierMaxLength == 0 {
			// 0 means the dialect's own limit on either side.
			got.IdentifierMaxLength, w.IdentifierMaxLength = 0, 0
		}
		if got != w {
			return fmt.Errorf("the migrations were generated for the naming strategy %+v, but the database uses %+v; %s", want.Naming, got, fix)
		}
	}
	if db.DisableForeignKeyConstraintWhenMigrating != want.DisableForeignKeyConstraints {
		return fmt.Errorf("the migrations were generated with DisableForeignKeyConstraintWhenMigrating=%v, but the database has %v; %s", want.DisableForeignKeyConstraints, db.DisableForeignKeyConstraintWhenMigrating, fix)
	}
	if v, ok := db.Get("gorm:table_options"); ok && fmt.Sprint(v) != want.TableOptions && fmt.Sprint(v) != "" {
		return fmt.Errorf("the migrations were generated with table options %q (-table-options), but the *gorm.DB sets gorm:table_options to %q; %s (or set it to \"\" on a database that must not get the options)", want.TableOptions, fmt.Sprint(v), fix)
	}
	return nil
}
