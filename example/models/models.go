// Package models is the example application's data model: a small shop.
//
// It uses what real GORM applications use — gorm.Model with soft delete,
// belongs-to, has-many and many2many relations, unique and composite
// indexes, a check, defaults, an embedded block with a prefix, a
// serialized field and a custom type with a type: tag — so that
// migragen's output on it is worth reading:
//
//	go run github.com/migragen/migragen/cmd/migragen snapshot ./example/models
package models

//go:generate go run github.com/migragen/migragen/cmd/migragen generate -dir ../migrations .

import (
	"database/sql/driver"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
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
	Email string `gorm:"size:191;uniqueIndex;not null"`
	// FullName was Name until the third revision; the hint makes that a
	// rename that keeps the data, not a drop and an add.
	FullName string  `gorm:"size:100;not null" migragen:"renamed_from:name"`
	Shipping Address `gorm:"embedded;embeddedPrefix:ship_"`
	// Phone came with the second revision, with its index.
	Phone string `gorm:"size:32;index"`
	// The has-many side builds the orders.customer_id foreign key, so its
	// constraint settings live here, not on Order.Customer.
	Orders []Order `gorm:"constraint:OnDelete:CASCADE"`
	// Preferences are stored as JSON text.
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
	Status     Status `gorm:"type:varchar(16);not null;default:'pending'"`
	PlacedAt   time.Time
	Lines      []OrderLine `gorm:"constraint:OnDelete:CASCADE"`
	// TotalCents came with the third revision, whose data step fills it
	// for the orders that existed before.
	TotalCents int64 `gorm:"not null;default:0"`
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

// Status is an order's state. It stores itself as text; the type: tag
// tells GORM (and migragen) the column type.
type Status string

// Order states.
const (
	StatusPending Status = "pending"
	StatusPaid    Status = "paid"
	StatusShipped Status = "shipped"
)

// Value stores the status as its name.
func (s Status) Value() (driver.Value, error) { return string(s), nil }

// Scan reads a status back.
func (s *Status) Scan(v any) error {
	switch v := v.(type) {
	case string:
		*s = Status(strings.ToLower(v))
	case []byte:
		*s = Status(strings.ToLower(string(v)))
	default:
		return errors.New("models: cannot scan order status")
	}
	return nil
}

// All lists the models in the order an application hands them to GORM.
func All() []any {
	return []any{&Customer{}, &Product{}, &Category{}, &Order{}, &OrderLine{}}
}
