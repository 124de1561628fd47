package migrations_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/example/migrations"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/migratetest"
)

// TestMigrations holds the shop's migrations against its models, as any
// application can in its own CI: every revision applies and rolls back
// cleanly, and at head GORM's AutoMigrate finds nothing to do. It also
// seeds an order before the third revision, which renames customers.name
// to full_name and fills the new orders.total_cents from the order's
// lines, and checks both right after it.
func TestMigrations(t *testing.T) {
	// A fresh SQLite file, opened as the shop opens its database.
	dsn := filepath.Join(t.TempDir(), "shop.db") + "?_pragma=foreign_keys(1)"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})

	seed := migratetest.WithSeed("20261127095738_customer_full_name_order_totals",
		func(db *gorm.DB) error {
			// The schema before the revision: customers still has name.
			return db.Exec(`
				INSERT INTO customers (id, email, name) VALUES (1, 'ada@example.com', 'Ada Lovelace');
				INSERT INTO products (id, sku, name, price_cents) VALUES (1, 'TEA', 'Tea', 250);
				INSERT INTO orders (id, customer_id, status) VALUES (1, 1, 'paid');
				INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES (1, 1, 3, 250);`).Error
		},
		func(db *gorm.DB) error {
			var got struct {
				FullName   string
				TotalCents int64
			}
			if err := db.Raw(`SELECT c.full_name, o.total_cents FROM orders o JOIN customers c ON c.id = o.customer_id`).Scan(&got).Error; err != nil {
				return err
			}
			if got.FullName != "Ada Lovelace" || got.TotalCents != 3*250 {
				return fmt.Errorf("got full name %q and total %d cents, want %q and %d", got.FullName, got.TotalCents, "Ada Lovelace", 3*250)
			}
			return nil
		})

	migratetest.Check(t, db, migrations.All(), append(models.All(), seed)...)
}
