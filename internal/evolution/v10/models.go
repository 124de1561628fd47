// Package v10 is version 10 of the evolving shop. Changed from v09 (add a
// many2many): customers get favorite products, in the new join table
// customer_favorites.
package v10

import (
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/example/models"
)

// Address is a block of columns embedded in other models.
type Address struct {
	Street  string `gorm:"size:200"`
	City    string `gorm:"size:100"`
	Country string `gorm:"size:2;default:'NL'"`
}

// Customer buys things.
type Customer struct {
	gorm.Model
	Email     string    `gorm:"size:191;uniqueIndex;not null"`
	FullName  string    `gorm:"size:200;not null"`
	Shipping  Address   `gorm:"embedded;embeddedPrefix:ship_"`
	Phone     string    `gorm:"size:32;index"`
	Orders    []Order   `gorm:"constraint:OnDelete:CASCADE"`
	Tier      string    `gorm:"size:16;not null;default:'standard'"`
	Favorites []Product `gorm:"many2many:customer_favorites"`
}

// Product is something for sale.
type Product struct {
	gorm.Model
	SKU               string     `gorm:"size:32;uniqueIndex;not null"`
	Name              string     `gorm:"size:200;not null;index:idx_product_search,priority:1"`
	Maker             string     `gorm:"size:100;index:idx_product_search,priority:2" migragen:"renamed_from:brand"`
	PriceCents        int64      `gorm:"not null;check:price_positive,price_cents >= 0"`
	Stock             int        `gorm:"not null;default:0"`
	Categories        []Category `gorm:"many2many:product_categories"`
	WeightGrams       int        `gorm:"not null;default:0"`
	PrimaryCategoryID *uint
	PrimaryCategory   *Category
}

// Category groups products.
type Category struct {
	ID   uint   `gorm:"primaryKey"`
	Slug string `gorm:"size:64;uniqueIndex;not null"`
	Name string `gorm:"size:100;not null"`
}

// Order is a customer's purchase.
type Order struct {
	gorm.Model
	CustomerID uint `gorm:"not null"`
	Customer   Customer
	Status     models.Status `gorm:"type:varchar(16);not null;default:'pending'"`
	PlacedAt   time.Time     `gorm:"index"`
	Lines      []LineItem    `gorm:"constraint:OnDelete:CASCADE"`
	TotalCents int64         `gorm:"not null;default:0"`
}

// LineItem is one product in an order. It was OrderLine.
//
//migragen:renamed_from order_lines
type LineItem struct {
	ID         uint    `gorm:"primaryKey"`
	OrderID    uint    `gorm:"not null;uniqueIndex:idx_order_product"`
	ProductID  uint    `gorm:"not null;uniqueIndex:idx_order_product"`
	Product    Product `gorm:"constraint:OnDelete:RESTRICT"`
	Quantity   int     `gorm:"not null;default:1"`
	PriceCents int64   `gorm:"not null"`
}

// All lists the models in the order an application hands them to GORM.
func All() []any {
	return []any{&Customer{}, &Product{}, &Category{}, &Order{}, &LineItem{}}
}
