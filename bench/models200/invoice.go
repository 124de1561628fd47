package models

import (
	"time"

	"gorm.io/gorm"
)

// Invoice is model 3 of the benchmark package.
type Invoice struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_invoices_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_invoices_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_invoices_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	AccountID uint `gorm:"not null;index"`
	Account   Account

	Articles []Article
}
