package discovery

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Models lists, by hand, what Migrate passes to AutoMigrate.
func Models() []any {
	return []any{&Item{}, &Account{}, &Order{}, &Plan{}, &Customer{}}
}

// Migrate is the application's start-up migration, as in a main package.
// Its calls, read statically, are the roots: ItemRanked, AccountWithStats,
// PlanView and ItemTotal are no tables.
func Migrate(db *gorm.DB) error {
	models := []any{&Item{}, &Account{}, &Order{}}
	if err := db.AutoMigrate(models...); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return db.Migrator().AutoMigrate(Plan{}, new(Customer))
}

// Item is a table. Embedded in ItemRanked, a struct that does not look
// like a model, it still is one: it has a primary key of its own.
type Item struct {
	ID   uint
	Name string `gorm:"size:100;not null"`
}

// ItemRanked is a query result: Item's columns and a computed rank.
type ItemRanked struct {
	Item
	Rank uint
}

// Account is a table with gorm.Model, embedded in a result struct.
type Account struct {
	gorm.Model
	Email string `gorm:"size:191;uniqueIndex"`
}

// AccountWithStats is a result struct around Account.
type AccountWithStats struct {
	Account
	Orders int
}

// Plan is a table named by its TableName, embedded in a view struct.
type Plan struct {
	Code  string `gorm:"primaryKey;size:32"`
	Price int64
}

// TableName names the plans table.
func (Plan) TableName() string { return "billing_plans" }

// PlanView is what the API returns for a plan.
type PlanView struct {
	Plan
	Subscribers int
}

// Base is a base struct with a primary key, embedded in models: columns of
// each embedding table, no table of its own.
type Base struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
}

// Address is a block of columns with no key, TableName or gorm.Model.
type Address struct {
	Street string `gorm:"size:200"`
	City   string `gorm:"size:100"`
}

// Order embeds the base struct.
type Order struct {
	Base
	ItemID uint  `gorm:"index"`
	Total  int64 `gorm:"not null;default:0"`
}

// Customer embeds the address block twice.
type Customer struct {
	Base
	Name     string  `gorm:"size:120"`
	Shipping Address `gorm:"embedded;embeddedPrefix:ship_"`
	Billing  Address `gorm:"embedded;embeddedPrefix:bill_"`
}

// ItemTotal only carries gorm tags because TopItems scans into it; its
// Tags, an aggregated array, could not be a column, and needs none.
type ItemTotal struct {
	Name  string   `gorm:"column:name"`
	Total int64    `gorm:"column:total"`
	Tags  []string `gorm:"column:tags"`
}

// TopItems returns the best-selling items.
func TopItems(db *gorm.DB) ([]ItemTotal, error) {
	var out []ItemTotal
	err := db.Model(&Order{}).Select("items.name AS name, SUM(orders.total) AS total").
		Joins("JOIN items ON items.id = orders.item_id").Group("items.name").Scan(&out).Error
	return out, err
}
