package bench

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	models200 "github.com/migragen/migragen/bench/models200"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// BenchmarkStartup compares an application's start-up with every
// migration applied against gormigrate's with as many migrations: per
// iteration, open a *gorm.DB on the database, construct the migrator and
// run it, then close the pool. It runs on two histories:
//
//   - revs1: migragen's initial revision for the 200 models of
//     bench/models200 against one gormigrate migration whose Migrate
//     AutoMigrates them;
//   - revs201: that revision and 200 more, one added column each, against
//     201 gormigrate migrations whose Migrate functions after the first do
//     nothing, as a team's applied history would: gormigrate only looks up
//     ids once they ran.
//
// Both tools share one database per engine and history, set up untimed, so
// that they see the same tables; each keeps its own version table. The
// sub-benchmarks of one engine run one after the other
// (Startup/revs1/postgres/migragen, then .../gormigrate) so that a
// round measures both in the same machine state. Besides wall time each
// reports cpu-ns/op, the process's user and system CPU per iteration,
// which includes SQLite's work (in process) but no server's.
func BenchmarkStartup(b *testing.B) {
	for _, h := range []struct {
		name string
		revs int
	}{{"revs1", 1}, {"revs201", 201}} {
		b.Run(h.name, func(b *testing.B) {
			forEngines(b, func(b *testing.B, d corpustest.Dialect) {
				migs := history(b, h.revs)
				gms := gormigrateHistory(h.revs)
				db, _ := corpustest.Open(b, d, quiet)
				up(b, db, migs)
				if err := gormigrate.New(db, gormigrate.DefaultOptions, gms).Migrate(); err != nil {
					b.Fatalf("gormigrate: %v", err)
				}
				b.Run("migragen", func(b *testing.B) {
					timeStartup(b, db, func(db *gorm.DB) { up(b, db, migs) })
				})
				b.Run("gormigrate", func(b *testing.B) {
					timeStartup(b, db, func(db *gorm.DB) {
						if err := gormigrate.New(db, gormigrate.DefaultOptions, gms).Migrate(); err != nil {
							b.Fatalf("gormigrate: %v", err)
						}
					})
				})
			})
		})
	}
}

// timeStartup times opening a pool on db's database, run, and closing the
// pool, and reports the CPU time per iteration.
func timeStartup(b *testing.B, db *gorm.DB, run func(*gorm.DB)) {
	dial := reopener(b, db)
	cpu := cpuTime(b)
	for b.Loop() {
		conn, err := gorm.Open(dial(), &gorm.Config{Logger: db.Logger})
		if err != nil {
			b.Fatal(err)
		}
		run(conn)
		sqlDB, err := conn.DB()
		if err != nil {
			b.Fatal(err)
		}
		if err := sqlDB.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process's CPU time since cpu per iteration, as
// cpu-ns/op.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64((cpuTime(b)-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// reopener returns a function that makes a fresh dialector for the
// database db is open on, as a new process would.
func reopener(b *testing.B, db *gorm.DB) func() gorm.Dialector {
	switch d := db.Dialector.(type) {
	case *postgres.Dialector:
		return func() gorm.Dialector { return postgres.Open(d.DSN) }
	case *mysql.Dialector:
		return func() gorm.Dialector { return mysql.Open(d.DSN) }
	case *sqlite.Dialector:
		return func() gorm.Dialector { return sqlite.Open(d.DSN) }
	}
	b.Fatalf("no reopener for the dialector %T", db.Dialector)
	return nil
}

// histories holds the longest history, built once per test binary.
var histories struct {
	once sync.Once
	migs []migrate.Migration
	err  error
}

// history returns the first n revisions of a history that starts with the
// 200 models' initial migration and goes on with revisions that each add
// one nullable column to a table, round robin, rendered and parsed back as
// generate writes them. Their strings are interned, as in a compiled
// migrations package, where the linker stores each distinct string
// literal once: Up's and Down's copies of a table share their text.
func history(tb testing.TB, n int) []migrate.Migration {
	tb.Helper()
	const total = 201
	if n > total {
		tb.Fatalf("history has %d revisions, not %d", total, n)
	}
	root := testenv.ModuleRoot(tb)
	histories.once.Do(func() {
		// Its own copy of the initial migration, which it interns.
		initial, err := buildMigration200(root)
		if err != nil {
			histories.err = err
			return
		}
		histories.migs, histories.err = buildHistory(initial, total)
	})
	if histories.err != nil {
		tb.Fatal(histories.err)
	}
	return histories.migs[:n]
}

func buildHistory(initial migrate.Migration, n int) ([]migrate.Migration, error) {
	var tables []string
	for _, s := range initial.Up {
		if s, ok := s.(migrate.Schema); ok {
			for _, c := range s.Changes {
				if c, ok := c.(schema.CreateTable); ok {
					tables = append(tables, c.Table.Name)
				}
			}
		}
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("the initial migration %s creates no table", initial.ID)
	}
	migs := []migrate.Migration{initial}
	for i := 1; i < n; i++ {
		col := &schema.Column{Name: fmt.Sprintf("extra_%03d", i), DataType: schema.String, GORMDataType: schema.String, Size: 64}
		id := fmt.Sprintf("20260102%06d_extra_%03d", i, i)
		mig, err := oracle.Migration(id, []string{migs[i-1].ID}, []schema.Change{schema.AddColumn{Table: tables[i%len(tables)], Column: col}})
		if err != nil {
			return nil, fmt.Errorf("revision %s: %w", id, err)
		}
		migs = append(migs, mig)
	}
	strs := map[string]string{}
	for i := range migs {
		for _, steps := range [][]migrate.Step{migs[i].Up, migs[i].Down} {
			for _, s := range steps {
				if s, ok := s.(migrate.Schema); ok {
					for k, c := range s.Changes {
						v := reflect.New(reflect.TypeOf(c)).Elem()
						v.Set(reflect.ValueOf(c))
						intern(v, strs)
						s.Changes[k] = v.Interface().(schema.Change)
					}
				}
			}
		}
	}
	// Each revision's file holds its checksum, as generate writes it.
	for i := range migs {
		if err := withSum(&migs[i]); err != nil {
			return nil, err
		}
	}
	return migs, nil
}

// withSum sets m.Sum as generate writes it into the revision's file.
func withSum(m *migrate.Migration) (err error) {
	m.Sum, err = migrate.Checksum(*m)
	return err
}

// intern replaces every string under v with the first equal one seen.
func intern(v reflect.Value, strs map[string]string) {
	switch v.Kind() {
	case reflect.String:
		if s, ok := strs[v.String()]; ok {
			v.SetString(s)
		} else {
			strs[v.String()] = v.String()
		}
	case reflect.Pointer:
		if !v.IsNil() {
			intern(v.Elem(), strs)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				intern(v.Field(i), strs)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			intern(v.Index(i), strs)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			intern(e, strs)
			v.SetMapIndex(k, e)
		}
	}
}

// gormigrateHistory returns n gormigrate migrations: the first
// AutoMigrates the 200 models, the others do nothing.
func gormigrateHistory(n int) []*gormigrate.Migration {
	out := []*gormigrate.Migration{{ID: "20260101000000_initial", Migrate: func(tx *gorm.DB) error {
		return tx.AutoMigrate(models200.All()...)
	}}}
	for i := 1; i < n; i++ {
		out = append(out, &gormigrate.Migration{ID: fmt.Sprintf("20260102%06d_extra_%03d", i, i), Migrate: func(*gorm.DB) error { return nil }})
	}
	return out
}
