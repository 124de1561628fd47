package migratetest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/example/migrations"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/migratetest"
	"github.com/migragen/migragen/schema"
)

// The example app's revisions: the second adds customers.phone, the
// third renames customers.name to full_name, adds orders.total_cents and
// fills it with a data step.
const (
	phoneRev  = "20261127095732_customer_phone"
	totalsRev = "20261127095738_customer_full_name_order_totals"
)

// TestCheck runs Check on every engine: the example app's migrations
// pass with its models, and each way of breaking them is reported,
// naming the revision and the object.
func TestCheck(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()

			t.Run("correct set", func(t *testing.T) {
				db, _ := corpustest.Open(t, d)
				migratetest.Check(t, db, migrations.All(), withOrderSeed(models.All())...)
			})

			t.Run("missing column", func(t *testing.T) {
				// The third revision without orders.total_cents (and so
				// without its data step): the models have a column the
				// migrations do not make, and AutoMigrate would add it.
				migs := editRevision(totalsRev, func(m *migrate.Migration) {
					m.Up = without(m.Up, isGoStep, isTotalCents)
					m.Down = without(m.Down, isTotalCents)
				})
				db, _ := corpustest.Open(t, d)
				f := runFake(t, func(tb testing.TB) { migratetest.Check(tb, db, migs, models.All()...) })
				requireNoFatal(t, f)
				requireError(t, f, "still issues DDL", totalsRev, "total_cents", "ALTER TABLE")
				requireError(t, f, "differs from the one AutoMigrate(models) builds", totalsRev, "total_cents")
			})

			t.Run("down does not restore", func(t *testing.T) {
				// The third revision's Down forgets to drop the column
				// its Up adds.
				migs := editRevision(totalsRev, func(m *migrate.Migration) {
					m.Down = without(m.Down, isTotalCents)
				})
				db, _ := corpustest.Open(t, d)
				f := runFake(t, func(tb testing.TB) { migratetest.Check(tb, db, migs, models.All()...) })
				requireNoFatal(t, f)
				requireError(t, f, "rolling back "+totalsRev+" does not give back the schema "+phoneRev+" left", "orders column: got", "total_cents")
				if len(f.errors) != 1 {
					t.Errorf("want exactly the one difference; got %s", f.report())
				}
			})

			t.Run("seed check fails", func(t *testing.T) {
				// The third revision without its data step: the column
				// comes, but the existing order's total stays 0. Only
				// the seeded rows can show it; the schema is right.
				migs := editRevision(totalsRev, func(m *migrate.Migration) {
					m.Up = without(m.Up, isGoStep)
				})
				db, _ := corpustest.Open(t, d)
				f := runFake(t, func(tb testing.TB) { migratetest.Check(tb, db, migs, withOrderSeed(models.All())...) })
				requireNoFatal(t, f)
				requireError(t, f, "rows seeded before "+totalsRev+" are wrong after it", "orders.total_cents = 0, want 600")
				if len(f.errors) != 1 {
					t.Errorf("want only the seed check to fail; got %s", f.report())
				}
			})
		})
	}
}

// TestCheckRefuses shows what Check will not work with, and that it
// stops there.
func TestCheckRefuses(t *testing.T) {
	t.Run("a database with tables", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.SQLite)
		if err := db.Exec("CREATE TABLE precious (id integer)").Error; err != nil {
			t.Fatal(err)
		}
		f := runFake(t, func(tb testing.TB) { migratetest.Check(tb, db, migrations.All(), models.All()...) })
		if !contains(f.fatal, "not empty", "precious") || len(f.errors) > 0 {
			t.Errorf("want a refusal naming the table; got %s", f.report())
		}
		if !db.Migrator().HasTable("precious") {
			t.Error("Check dropped a table it did not create")
		}
	})
	t.Run("an unknown seed revision", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.SQLite)
		args := append(models.All(), migratetest.WithSeed("20261127095738", nil, nil))
		f := runFake(t, func(tb testing.TB) { migratetest.Check(tb, db, migrations.All(), args...) })
		if !contains(f.fatal, `WithSeed names revision "20261127095738"`, totalsRev) {
			t.Errorf("want a refusal listing the revisions; got %s", f.report())
		}
	})
}

// TestCheckVersionTable shows migrate options reach the runtime: with
// the version table renamed, base still has only it.
func TestCheckVersionTable(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	migratetest.Check(t, db, migrations.All(), append(models.All(), migratetest.WithMigrateOptions(migrate.WithVersionTable("shop_versions")))...)
	if !db.Migrator().HasTable("shop_versions") || db.Migrator().HasTable(migrate.DefaultVersionTable) {
		t.Error("the version table option was not used")
	}
}

// withOrderSeed adds to models a seed before the third revision: a
// customer named Ada Lovelace with one order of two lines, 2 × 150 and
// 1 × 300 cents, written at the second revision's schema. After the third
// revision the rename must have kept the name, and the data step must
// have set the order's total to the sum of its lines, 600.
func withOrderSeed(models []any) []any {
	seed := func(db *gorm.DB) error {
		now := time.Now().UTC()
		rows := []struct {
			table string
			row   map[string]any
		}{
			{"customers", map[string]any{"id": 1, "created_at": now, "updated_at": now, "email": "ada@example.com", "name": "Ada Lovelace"}},
			{"products", map[string]any{"id": 1, "created_at": now, "updated_at": now, "sku": "TEA", "name": "Tea", "price_cents": 150}},
			{"products", map[string]any{"id": 2, "created_at": now, "updated_at": now, "sku": "POT", "name": "Teapot", "price_cents": 300}},
			{"orders", map[string]any{"id": 1, "created_at": now, "updated_at": now, "customer_id": 1, "status": "paid", "placed_at": now}},
			{"order_lines", map[string]any{"id": 1, "order_id": 1, "product_id": 1, "quantity": 2, "price_cents": 150}},
			{"order_lines", map[string]any{"id": 2, "order_id": 1, "product_id": 2, "quantity": 1, "price_cents": 300}},
		}
		for _, r := range rows {
			if err := db.Table(r.table).Create(r.row).Error; err != nil {
				return fmt.Errorf("insert into %s: %w", r.table, err)
			}
		}
		return nil
	}
	verify := func(db *gorm.DB) error {
		var got struct {
			FullName   string
			TotalCents int64
		}
		if err := db.Raw("SELECT c.full_name, o.total_cents FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 1").Scan(&got).Error; err != nil {
			return err
		}
		if got.FullName != "Ada Lovelace" {
			return fmt.Errorf("customers.full_name = %q, want %q: the rename must keep the values", got.FullName, "Ada Lovelace")
		}
		if got.TotalCents != 600 {
			return fmt.Errorf("orders.total_cents = %d, want 600 (2 × 150 + 1 × 300)", got.TotalCents)
		}
		return nil
	}
	return append(models, migratetest.WithSeed(totalsRev, seed, verify))
}

// editRevision returns the example's migrations with revision id changed
// by edit. edit must replace slices, not write into them: they are shared
// with the migrations package.
func editRevision(id string, edit func(*migrate.Migration)) []migrate.Migration {
	migs := migrations.All()
	i := slices.IndexFunc(migs, func(m migrate.Migration) bool { return m.ID == id })
	edit(&migs[i])
	return migs
}

// without returns steps without the steps, and the schema changes, that
// drop matches.
func without(steps []migrate.Step, drop ...func(any) bool) []migrate.Step {
	dropped := func(x any) bool { return slices.ContainsFunc(drop, func(f func(any) bool) bool { return f(x) }) }
	var out []migrate.Step
	for _, s := range steps {
		if dropped(s) {
			continue
		}
		if sc, ok := s.(migrate.Schema); ok {
			sc.Changes = slices.DeleteFunc(slices.Clone(sc.Changes), func(c schema.Change) bool { return dropped(c) })
			s = sc
		}
		out = append(out, s)
	}
	return out
}

func isGoStep(x any) bool { _, ok := x.(migrate.Go); return ok }

func isTotalCents(x any) bool {
	switch c := x.(type) {
	case schema.AddColumn:
		return c.Column.Name == "total_cents"
	case schema.DropColumn:
		return c.Column.Name == "total_cents"
	}
	return false
}

func requireNoFatal(t *testing.T, f *fakeT) {
	t.Helper()
	if f.fatal != "" {
		t.Fatalf("Check stopped: %s", f.report())
	}
}

func requireError(t *testing.T, f *fakeT, parts ...string) {
	t.Helper()
	if f.errorWith(parts...) == "" {
		t.Errorf("no error reports %q; Check reported %s", parts, f.report())
	}
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
