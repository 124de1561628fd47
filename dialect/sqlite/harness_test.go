package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	driver "github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// open opens a fresh SQLite file in t's temporary directory, with foreign
// keys on as an application that declares ON DELETE CASCADE has them. One
// connection, so that what a migration leaves on its pinned connection
// (PRAGMA foreign_keys) is what the next query sees.
func open(t testing.TB) *gorm.DB {
	t.Helper()
	return openFile(t, filepath.Join(t.TempDir(), "app.db"), "")
}

func openFile(t testing.TB, path, pragmas string) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(driver.Open(path+"?_pragma=foreign_keys(1)"+pragmas), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(1)
	t.Cleanup(func() { sqlDB.Close() })
	return db
}

// snapshotOf is the schema GORM's AutoMigrate creates for models.
func snapshotOf(t testing.TB, models ...any) *schema.Snapshot {
	t.Helper()
	s, err := gormoracle.Snapshot(models, gormoracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// compile compiles changes one after the other from before, as the
// runtime does, and returns the statements and the schema after them.
func compile(t testing.TB, db *gorm.DB, before *schema.Snapshot, changes ...schema.Change) ([]string, *schema.Snapshot) {
	t.Helper()
	var out []string
	cur := before
	for _, c := range changes {
		stmts, err := Dialect{}.Compile(&dialect.Context{DB: db, Before: cur}, c)
		if err != nil {
			t.Fatalf("compiling %s: %v", c, err)
		}
		out = append(out, stmts...)
		if cur, err = schema.Apply(cur, []schema.Change{c}); err != nil {
			t.Fatalf("applying %s: %v", c, err)
		}
	}
	return out, cur
}

// creates returns a CreateTable for every table of s, each after the
// tables its foreign keys reference.
func creates(s *schema.Snapshot) []schema.Change {
	var out []schema.Change
	done := map[string]bool{}
	var visit func(t *schema.Table)
	visit = func(t *schema.Table) {
		if done[t.Name] {
			return
		}
		done[t.Name] = true
		for _, fk := range t.ForeignKeys {
			if ref := s.Table(fk.RefTable); ref != nil {
				visit(ref)
			}
		}
		out = append(out, schema.CreateTable{Table: t})
	}
	for _, t := range s.Tables {
		visit(t)
	}
	return out
}

// migrate runs stmts as the runtime runs one migration on SQLite: on a
// pinned connection, with PrepareTx before the transaction, the lock as the
// transaction's first statement, the scope's BeforeCommit after the last,
// and its After once the transaction has ended.
func migrate(ctx context.Context, db *gorm.DB, stmts []string) error {
	d := Dialect{}
	return db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		scope, err := d.PrepareTx(ctx, conn)
		if err != nil {
			return err
		}
		err = conn.Transaction(func(tx *gorm.DB) error {
			if _, err := d.Lock(ctx, tx, dialect.LockOptions{Key: "test", Timeout: 5 * time.Second}); err != nil {
				return err
			}
			for _, s := range stmts {
				if err := tx.Exec(s).Error; err != nil {
					return fmt.Errorf("%s: %w", s, err)
				}
			}
			if scope.BeforeCommit == nil {
				return nil
			}
			return scope.BeforeCommit(ctx, tx)
		})
		if scope.After != nil {
			err = errors.Join(err, scope.After(ctx))
		}
		return err
	})
}

// mustMigrate compiles changes from before and runs them as one migration.
func mustMigrate(t testing.TB, db *gorm.DB, before *schema.Snapshot, changes ...schema.Change) *schema.Snapshot {
	t.Helper()
	stmts, after := compile(t, db, before, changes...)
	if err := migrate(context.Background(), db, stmts); err != nil {
		t.Fatalf("migrating:\n%s\n%v", strings.Join(stmts, "\n"), err)
	}
	return after
}

// recorder is a GORM logger that keeps every statement.
type recorder struct {
	mu    sync.Mutex
	stmts []string
}

func (r *recorder) LogMode(logger.LogLevel) logger.Interface { return r }
func (r *recorder) Info(context.Context, string, ...any)     {}
func (r *recorder) Warn(context.Context, string, ...any)     {}
func (r *recorder) Error(context.Context, string, ...any)    {}
func (r *recorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	s, _ := fc()
	r.mu.Lock()
	r.stmts = append(r.stmts, s)
	r.mu.Unlock()
}

var ddl = regexp.MustCompile(`(?i)^\s*(CREATE|ALTER|DROP)\b`)

// autoMigrate runs GORM's AutoMigrate for models and returns the DDL it
// issued. It runs on a new *gorm.DB over db's connections: GORM caches
// parsed models per *gorm.DB, and a has-many of an earlier version of a
// model would otherwise stay attached to the child's cached schema.
func autoMigrate(t testing.TB, db *gorm.DB, models ...any) []string {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	fresh, err := gorm.Open(&driver.Dialector{Conn: sqlDB}, &gorm.Config{Logger: rec})
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.AutoMigrate(models...); err != nil {
		t.Fatalf("AutoMigrate: %v", err)
	}
	var out []string
	for _, s := range rec.stmts {
		if ddl.MatchString(s) {
			out = append(out, s)
		}
	}
	return out
}

// noDDL fails t when AutoMigrate of models issues DDL on db beyond what it
// issues on a database it created itself (GORM's SQLite migrator has
// quirks of its own, such as rebuilding a table whose string default holds
// an apostrophe on every run).
func noDDL(t testing.TB, db *gorm.DB, models ...any) {
	t.Helper()
	got := autoMigrate(t, db, models...)
	twin := open(t)
	autoMigrate(t, twin, models...)
	want := autoMigrate(t, twin, models...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("AutoMigrate issues DDL:\n%s\nwhere on a database it created itself it issues:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// exec runs SQL on db, failing t on error.
func exec(t testing.TB, db *gorm.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// rows returns query's rows, each as its columns joined by "|", NULL as
// "<nil>".
func rows(t testing.TB, db *gorm.DB, query string) []string {
	t.Helper()
	r, err := db.Raw(query).Rows()
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out []string
	for r.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			parts[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// indexes returns the names and columns of table's indexes as GORM's
// migrator introspects them, sorted, e.g. "idx_users_name(name)"; unique
// ones carry a "!".
func indexes(t testing.TB, db *gorm.DB, table string) []string {
	t.Helper()
	ixs, err := db.Session(&gorm.Session{Logger: logger.Discard}).Migrator().GetIndexes(table)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ix := range ixs {
		s := ix.Name() + "(" + strings.Join(ix.Columns(), ",") + ")"
		if u, _ := ix.Unique(); u {
			s += "!"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// column returns table's column name as GORM's migrator introspects it.
func column(t testing.TB, db *gorm.DB, table, name string) gorm.ColumnType {
	t.Helper()
	cts, err := db.Migrator().ColumnTypes(table)
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range cts {
		if ct.Name() == name {
			return ct
		}
	}
	return nil
}

// describe is a column as GORM introspects it: type, NOT NULL, default.
func describe(ct gorm.ColumnType) string {
	if ct == nil {
		return "<missing>"
	}
	s, _ := ct.ColumnType()
	if n, ok := ct.Nullable(); ok && !n {
		s += " NOT NULL"
	}
	if d, ok := ct.DefaultValue(); ok {
		s += " DEFAULT " + d
	}
	return s
}

func equal(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}
