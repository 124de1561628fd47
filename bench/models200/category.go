package models

import (
	"time"
)

// Category is model 10 of the benchmark package.
type Category struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_categories_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_categories_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_categories_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	InvoiceID uint `gorm:"not null;index"`
	Invoice   Invoice

	Budgets []Budget
	Assets  []Asset
}
