package migratetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/internal/introspect"
	"github.com/migragen/migragen/internal/recorder"
	"github.com/migragen/migragen/migrate"
)

// Check applies migrations to db, which must be empty and dedicated to the
// check, and holds them against GORM's AutoMigrate of models, the values
// the application passes to AutoMigrate; see the package documentation
// for what it proves. Options ([WithSeed], [WithMigrateOptions]) may be
// passed among the models. It leaves db at head.
func Check(t testing.TB, db *gorm.DB, migrations []migrate.Migration, models ...any) {
	t.Helper()
	cfg, models := split(models)
	if len(models) == 0 {
		t.Fatalf("migratetest: no models: pass the values the application gives AutoMigrate")
	}
	if name := db.Dialector.Name(); !slices.Contains([]string{"sqlite", "postgres", "mysql"}, name) {
		t.Fatalf("migratetest: the %s dialect is not supported: Check reads the catalogs of SQLite, PostgreSQL and MySQL/MariaDB", name)
	}
	m, err := migrate.New(db, migrations, cfg.migrate...)
	if err != nil {
		t.Fatalf("migratetest: %v", err)
	}
	c := &checker{t: t, ctx: t.Context(), db: db, quiet: db.Session(&gorm.Session{Logger: logger.Discard}), m: m, models: models}
	history, err := m.History(c.ctx)
	if err != nil {
		t.Fatalf("migratetest: reading the version table: %v", err)
	}
	for _, r := range history {
		c.revs = append(c.revs, r.ID)
	}
	seeds := c.seedsByRevision(cfg.seeds)

	base := c.baseline()
	schemas := c.firstUp(seeds)
	versionTable := c.stepDown(schemas)
	c.upAgain(schemas)
	c.againstAutoMigrate(base, versionTable)
}

// checker is one Check.
type checker struct {
	t   testing.TB
	ctx context.Context
	db  *gorm.DB
	// quiet is db without its logger, for reading the catalog.
	quiet  *gorm.DB
	m      *migrate.Migrator
	models []any
	// revs are the revision ids in graph order.
	revs []string
	// cannotVerify is set once Verify said the dialect cannot read its
	// catalog, so that it is said once.
	cannotVerify bool
}

// baseline is what AutoMigrate builds on its own on the empty database.
type baseline struct {
	schema introspect.Schema
	// ddl is what a second AutoMigrate issues there anyway.
	ddl []string
}

// seedsByRevision indexes the seeds by the revision they come before.
func (c *checker) seedsByRevision(seeds []seed) map[string][]seed {
	c.t.Helper()
	out := map[string][]seed{}
	for _, s := range seeds {
		if !slices.Contains(c.revs, s.before) {
			c.t.Fatalf("migratetest: WithSeed names revision %q, which is not among the migrations (%s); give a full id", s.before, strings.Join(c.revs, ", "))
		}
		out[s.before] = append(out[s.before], s)
	}
	return out
}

// baseline builds the models' schema with AutoMigrate on the empty
// database, records what a second AutoMigrate issues there, and drops the
// tables again.
func (c *checker) baseline() baseline {
	c.t.Helper()
	if tables := c.tables(); len(tables) > 0 {
		c.t.Fatalf("migratetest: the database is not empty: it has the tables %s; Check builds and drops tables, so give it an empty database of its own (a new SQLite file, PostgreSQL schema or MySQL database)", strings.Join(tables, ", "))
	}
	rec := &recorder.Recorder{}
	if err := c.autoMigrate(rec); err != nil {
		c.t.Fatalf("migratetest: AutoMigrate(models) fails on an empty database, so there is nothing to compare the migrations with: %v", err)
	}
	built := c.tables() // the only tables Check drops again
	got := c.read()
	rec.Reset()
	if err := c.autoMigrate(rec); err != nil {
		c.t.Fatalf("migratetest: a second AutoMigrate(models) on the database it built fails: %v", err)
	}
	b := baseline{schema: got, ddl: rec.DDL()}
	c.dropTables(built)
	return b
}

// firstUp applies the revisions one at a time, seeding and verifying rows
// where asked, and returns the schema after each.
func (c *checker) firstUp(seeds map[string][]seed) []introspect.Schema {
	c.t.Helper()
	out := make([]introspect.Schema, len(c.revs))
	for i, rev := range c.revs {
		for _, s := range seeds[rev] {
			if s.insert == nil {
				continue
			}
			if err := s.insert(c.db); err != nil {
				c.t.Fatalf("migratetest: seeding before %s: %v", rev, err)
			}
		}
		c.upTo(rev)
		c.verify("after applying " + rev)
		for _, s := range seeds[rev] {
			if s.verify == nil {
				continue
			}
			if err := s.verify(c.db); err != nil {
				c.t.Errorf("migratetest: the rows seeded before %s are wrong after it: %v", rev, err)
			}
		}
		out[i] = c.read()
	}
	return out
}

// stepDown rolls back one revision at a time, newest first: each Down
// must give back the schema the revisions before it left. At base only
// the version table may remain; stepDown returns the tables left there.
func (c *checker) stepDown(schemas []introspect.Schema) []string {
	c.t.Helper()
	// A difference one Down leaves stays through the Downs after it;
	// it is reported once, at the revision that left it.
	reported := map[string]bool{}
	for i := len(c.revs) - 1; i >= 0; i-- {
		if err := c.m.Down(c.ctx, 1); err != nil {
			c.t.Fatalf("migratetest: rolling back %s: %v", c.revs[i], err)
		}
		if i == 0 {
			break
		}
		for _, d := range withoutColumnOrder(introspect.Diff(schemas[i-1], c.read())) {
			if !reported[d] {
				reported[d] = true
				c.t.Errorf("migratetest: rolling back %s does not give back the schema %s left: %s", c.revs[i], c.revs[i-1], d)
			}
		}
	}
	// At base, Verify reports every table but the version table as extra.
	c.verify("after rolling back to base")
	return c.tables()
}

// upAgain applies the revisions again after a roll back to base; each
// must give the schema it gave the first time.
func (c *checker) upAgain(schemas []introspect.Schema) {
	c.t.Helper()
	for i, rev := range c.revs {
		c.upTo(rev)
		for _, d := range introspect.Diff(schemas[i], c.read()) {
			c.t.Errorf("migratetest: applying %s again after rolling back to base gives another schema: %s", rev, d)
		}
	}
}

// againstAutoMigrate holds the database at head against the baseline:
// the same schema, and AutoMigrate issues no DDL the baseline's second
// run did not. It runs AutoMigrate, so it comes last.
func (c *checker) againstAutoMigrate(base baseline, versionTable []string) {
	c.t.Helper()
	head := c.m.Head()
	for _, d := range withoutColumnOrder(introspect.Diff(base.schema, c.read(versionTable...))) {
		c.t.Errorf("migratetest: at %s the schema differs from the one AutoMigrate(models) builds (want: AutoMigrate's, got: the migrations'): %s", head, d)
	}
	rec := &recorder.Recorder{}
	if err := c.autoMigrate(rec); err != nil {
		c.t.Fatalf("migratetest: AutoMigrate(models) after the migrations up to %s: %v", head, err)
	}
	if extra := rec.DDLBeyond(base.ddl); len(extra) > 0 {
		c.t.Errorf("migratetest: after the migrations up to %s, AutoMigrate(models) still issues DDL, so the migrations miss a change the models have (run migragen generate):\n%s", head, strings.Join(extra, "\n"))
	}
}

// autoMigrate runs AutoMigrate(models) on a session of db that logs to rec.
func (c *checker) autoMigrate(rec *recorder.Recorder) error {
	return c.db.Session(&gorm.Session{Logger: rec}).AutoMigrate(c.models...)
}

func (c *checker) upTo(rev string) {
	c.t.Helper()
	if err := c.m.UpTo(c.ctx, rev); err != nil {
		c.t.Fatalf("migratetest: applying %s: %v", rev, err)
	}
}

// verify compares the live catalog with the schema the applied revisions
// describe.
func (c *checker) verify(when string) {
	c.t.Helper()
	drift, err := c.m.Verify(c.ctx)
	if errors.Is(err, migrate.ErrCannotVerify) {
		if !c.cannotVerify {
			c.cannotVerify = true
			c.t.Logf("migratetest: %v; the catalog is not compared with the revisions", err)
		}
		return
	}
	if err != nil {
		c.t.Fatalf("migratetest: verify %s: %v", when, err)
	}
	for _, d := range drift.Differences {
		c.t.Errorf("migratetest: %s the database differs from the schema the revisions describe: %s", when, d)
	}
}

// read introspects the database, leaving out the tables in skip.
func (c *checker) read(skip ...string) introspect.Schema {
	c.t.Helper()
	s, err := introspect.Read(c.quiet, skip...)
	if err != nil {
		c.t.Fatalf("migratetest: %v", err)
	}
	return s
}

// tables lists the database's tables, without SQLite's own.
func (c *checker) tables() []string {
	c.t.Helper()
	all, err := c.quiet.Migrator().GetTables()
	if err != nil {
		c.t.Fatalf("migratetest: listing tables: %v", err)
	}
	return slices.DeleteFunc(all, func(s string) bool { return strings.HasPrefix(s, "sqlite_") })
}

// dropTables drops the tables named, in rounds: one that others still
// reference cannot go before them.
func (c *checker) dropTables(left []string) {
	c.t.Helper()
	for len(left) > 0 {
		var failed []string
		var errs []error
		for _, name := range left {
			if err := c.quiet.Exec("DROP TABLE ?", clause.Table{Name: name}).Error; err != nil {
				failed = append(failed, name)
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
		}
		if len(failed) == len(left) {
			c.t.Fatalf("migratetest: cannot drop the tables AutoMigrate built for the comparison: %v; drop them by hand", errors.Join(errs...))
		}
		left = failed
	}
}

// withoutColumnOrder leaves out the differences in column order only
// (introspect.Diff reports them as "<table> column order: ..."): a column
// a later revision adds, or a Down adds back, comes last, where
// AutoMigrate's CREATE TABLE puts it in field order, and neither GORM
// nor SQL by name minds.
func withoutColumnOrder(diffs []string) []string {
	return slices.DeleteFunc(diffs, func(d string) bool { return strings.Contains(d, " column order: ") })
}
