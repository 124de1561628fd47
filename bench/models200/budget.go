package models

import (
	"time"
)

// Budget is model 31 of the benchmark package.
type Budget struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_budgets_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_budgets_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_budgets_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	CategoryID uint `gorm:"not null;index"`
	Category   Category

	Employee3s []Employee3
}
