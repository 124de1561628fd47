package corpustest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/recorder"
)

// Dialect names a database engine the corpus is applied to. The values are
// GORM's Dialector names.
type Dialect string

// The engines the corpus is proven on.
const (
	SQLite     Dialect = "sqlite"
	PostgreSQL Dialect = "postgres"
	MariaDB    Dialect = "mysql"
)

// AllDialects lists every engine; packages without a dialect in their name
// must AutoMigrate on all of them.
var AllDialects = []Dialect{SQLite, PostgreSQL, MariaDB}

// showSQL makes Case.Run log every statement of the first AutoMigrate:
//
//	go test ./internal/corpus/kinds -v -args -corpus.sql
var showSQL = flag.Bool("corpus.sql", false, "log the statements AutoMigrate issues for each corpus case")

// Server addresses. They can be overridden with MIGRAGEN_PG_DSN and
// MIGRAGEN_MYSQL_DSN (an admin connection; the helper adds its own database).
const (
	defaultPostgresDSN = "host=127.0.0.1 port=5432 user=postgres dbname=test sslmode=disable connect_timeout=3"
	defaultMariaDBAddr = "root@tcp(127.0.0.1:3306)/"
)

// Case is one corpus package's AutoMigrate check.
type Case struct {
	// Models is the hand-written root list, as passed to AutoMigrate.
	Models []any
	// Dialects restricts the engines; nil means AllDialects.
	Dialects []Dialect
	// Tables, when not nil, is the exact set of tables AutoMigrate must
	// leave behind: the roots plus what GORM adds (belongs-to and many2many
	// targets, join tables), and nothing else.
	Tables []string
	// Setup, when not nil, runs on each fresh database before AutoMigrate,
	// for calls such as db.SetupJoinTable an application makes first.
	Setup func(*gorm.DB) error
}

// CheckAll runs the checks every corpus package needs: its hand-written
// model list against the discovery rule (CheckRoots), GORM's parse of each
// model (CheckParse), and AutoMigrate on each engine (Run).
func (c Case) CheckAll(t *testing.T) {
	t.Helper()
	CheckRoots(t, c.Models)
	CheckParse(t, c.Models)
	c.Run(t)
}

// Run executes the check once per dialect, each in its own subtest.
func (c Case) Run(t *testing.T) {
	t.Helper()
	dialects := c.Dialects
	if dialects == nil {
		dialects = AllDialects
	}
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			db, rec := Open(t, d)
			if c.Setup != nil {
				if err := c.Setup(db); err != nil {
					t.Fatalf("setup on %s: %v", d, err)
				}
			}
			rec.Reset()
			if err := db.AutoMigrate(c.Models...); err != nil {
				t.Fatalf("AutoMigrate on %s: %v\nstatements:\n%s", d, err, rec.Dump())
			}
			if *showSQL {
				t.Logf("AutoMigrate on %s:\n%s", d, rec.Dump())
			}
			if errs := rec.Errors(); len(errs) > 0 {
				t.Fatalf("GORM logged errors during AutoMigrate on %s:\n%s", d, strings.Join(errs, "\n"))
			}
			if c.Tables != nil {
				got, err := db.Migrator().GetTables()
				if err != nil {
					t.Fatalf("list tables: %v", err)
				}
				got = slices.DeleteFunc(got, func(s string) bool { return strings.HasPrefix(s, "sqlite_") })
				slices.Sort(got)
				want := slices.Sorted(slices.Values(c.Tables))
				if !slices.Equal(got, want) {
					t.Errorf("tables after AutoMigrate on %s:\n got  %q\n want %q", d, got, want)
				}
			}

			// GORM is not always idempotent: a second AutoMigrate on a
			// database it created itself may issue DDL. The zero-DDL oracle
			// must tolerate exactly this, so record it.
			rec.Reset()
			if err := db.AutoMigrate(c.Models...); err != nil {
				t.Fatalf("second AutoMigrate on %s: %v\nstatements:\n%s", d, err, rec.Dump())
			}
			if ddl := rec.DDL(); len(ddl) > 0 {
				t.Logf("second AutoMigrate on %s issued DDL (GORM is not idempotent here):\n%s", d, strings.Join(ddl, "\n"))
			}
		})
	}
}

// CheckParse parses every model with GORM's schema.Parse and the default
// NamingStrategy, sharing one cache as a *gorm.DB does, and then derives
// what AutoMigrate derives from each schema: indexes, check and unique
// constraints and foreign-key constraints.
func CheckParse(t *testing.T, models []any) {
	t.Helper()
	if len(models) == 0 {
		return
	}
	cache := &sync.Map{}
	seen := map[reflect.Type]bool{}
	for _, m := range models {
		rt := reflect.TypeOf(m)
		if rt == nil || rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
			t.Errorf("Models() entry %T is not a pointer to a struct", m)
			continue
		}
		if seen[rt.Elem()] {
			t.Errorf("Models() lists %v twice", rt.Elem())
		}
		seen[rt.Elem()] = true

		s, err := schema.Parse(m, cache, schema.NamingStrategy{})
		if err != nil {
			t.Errorf("schema.Parse(%v): %v", rt.Elem(), err)
			continue
		}
		checkSchema(t, s)
		for _, rel := range s.Relationships.Relations {
			if rel.JoinTable != nil {
				checkSchema(t, rel.JoinTable)
			}
		}
	}
}

func checkSchema(t *testing.T, s *schema.Schema) {
	t.Helper()
	s.ParseIndexes()
	s.ParseCheckConstraints()
	s.ParseUniqueConstraints()
	for _, rel := range s.Relationships.Relations {
		if rel.Field != nil {
			rel.ParseConstraint()
		}
	}
}

// Open returns a *gorm.DB on a fresh, empty database of dialect d that is
// dropped when the test ends, and the recorder of the statements issued
// through it. It skips the test when the server is not reachable, unless
// CI=true.
func Open(t testing.TB, d Dialect, configure ...func(*gorm.Config)) (*gorm.DB, *Recorder) {
	t.Helper()
	rec := &Recorder{}
	cfg := &gorm.Config{Logger: rec}
	for _, f := range configure {
		f(cfg)
	}
	name := "corpus_" + randomSuffix()
	switch d {
	case SQLite:
		// A real file, as an application uses; the busy timeout lets
		// several connections (and processes) take turns writing.
		path := filepath.Join(t.TempDir(), name+".db")
		db, err := gorm.Open(sqlite.Open(path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"), cfg)
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		closeOnCleanup(t, db)
		return db, rec

	case PostgreSQL:
		admin := os.Getenv("MIGRAGEN_PG_DSN")
		if admin == "" {
			admin = defaultPostgresDSN
		}
		adminDB, err := openQuiet(postgres.Open(admin))
		if err != nil {
			unreachable(t, "PostgreSQL not reachable at "+where(admin, defaultPostgresDSN, "127.0.0.1:5432")+" ("+err.Error()+"); start it with: pg_ctlcluster 15 main start")
		}
		closeOnCleanup(t, adminDB)
		if err := adminDB.Exec("CREATE SCHEMA " + name).Error; err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			if err := adminDB.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE").Error; err != nil {
				t.Errorf("drop schema %s: %v", name, err)
			}
		})
		db, err := gorm.Open(postgres.Open(admin+" search_path="+name+" synchronous_commit=off"), cfg)
		if err != nil {
			t.Fatalf("open postgres schema %s: %v", name, err)
		}
		closeOnCleanup(t, db)
		return db, rec

	case MariaDB:
		admin := os.Getenv("MIGRAGEN_MYSQL_DSN")
		if admin == "" {
			admin = defaultMariaDBAddr
		}
		adminDB, err := openQuiet(mysql.Open(admin + "?timeout=3s"))
		if err != nil {
			unreachable(t, "MariaDB not reachable at "+where(admin, defaultMariaDBAddr, "127.0.0.1:3306")+" ("+err.Error()+"); start it with: service mariadb start")
		}
		closeOnCleanup(t, adminDB)
		if err := adminDB.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4").Error; err != nil {
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			if err := adminDB.Exec("DROP DATABASE IF EXISTS " + name).Error; err != nil {
				t.Errorf("drop database %s: %v", name, err)
			}
		})
		db, err := gorm.Open(mysql.Open(admin+name+"?charset=utf8mb4&parseTime=True&loc=UTC"), cfg)
		if err != nil {
			t.Fatalf("open mariadb database %s: %v", name, err)
		}
		closeOnCleanup(t, db)
		return db, rec
	}
	t.Fatalf("unknown dialect %q", d)
	return nil, nil
}

// where names the server in a skip message: its address for the default
// DSN, the DSN itself when overridden.
func where(dsn, def, addr string) string {
	if dsn == def {
		return addr
	}
	return dsn
}

func unreachable(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func openQuiet(d gorm.Dialector) (*gorm.DB, error) {
	db, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

func closeOnCleanup(t testing.TB, db *gorm.DB) {
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
}

func randomSuffix() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// Recorder is a GORM logger that records statements; it lives in
// internal/recorder, which imports no driver, so that the exported
// migratetest can share it.
type Recorder = recorder.Recorder
