// Package v01 is version 1 of the evolving shop: a copy of example/models
// (Customer, Product, Category, Order, OrderLine), less the example's own
// rename hint, which belongs to the example's history. The order status
// type is the example's own models.Status.
package v01

import (
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/example/models"
)

// Address is a block of columns embedded in other models.
type Address struct {
	Street  string `gorm:"size:200"`
	City    string `gorm:"size:100;index"`
	Country string `gorm:"size:2;default:'NL'"`
}

// Customer buys things.
type Customer struct {
	gorm.Model
	Email       string            `gorm:"size:191;uniqueIndex;not null"`
	FullName    string            `gorm:"size:100;not null"`
	Shipping    Address           `gorm:"embedded;embeddedPrefix:ship_"`
	Phone       string            `gorm:"size:32;index"`
	Orders      []Order           `gorm:"constraint:OnDelete:CASCADE"`
	Preferences map[string]string `gorm:"serializer:json"`
}

// Product is something for sale.
type Product struct {
	gorm.Model
	SKU        string     `gorm:"size:32;uniqueIndex;not null"`
	Name       string     `gorm:"size:200;not null;index:idx_product_search,priority:1"`
	Brand      string     `gorm:"size:100;index:idx_product_search,priority:2"`
	PriceCents int64      `gorm:"not null;check:price_positive,price_cents >= 0"`
	Stock      int        `gorm:"not null;default:0"`
	Categories []Category `gorm:"many2many:product_categories"`
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
	CustomerID uint `gorm:"not null;index"`
	Customer   Customer
	Status     models.Status `gorm:"type:varchar(16);not null;default:'pending'"`
	PlacedAt   time.Time
	Lines      []OrderLine `gorm:"constraint:OnDelete:CASCADE"`
	TotalCents int64       `gorm:"not null;default:0"`
}

// OrderLine is one product in an order.
type OrderLine struct {
	ID         uint    `gorm:"primaryKey"`
	OrderID    uint    `gorm:"not null;uniqueIndex:idx_order_product"`
	ProductID  uint    `gorm:"not null;uniqueIndex:idx_order_product"`
	Product    Product `gorm:"constraint:OnDelete:RESTRICT"`
	Quantity   int     `gorm:"not null;default:1"`
	PriceCents int64   `gorm:"not null"`
}

// All lists the models in the order an application hands them to GORM.
func All() []any {
	return []any{&Customer{}, &Product{}, &Category{}, &Order{}, &OrderLine{}}
}
