package models

import (
	"time"

	"gorm.io/gorm"
)

// Expense5 is model 192 of the benchmark package.
type Expense5 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_expense5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_expense5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_expense5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Message2ID *uint     `gorm:"index"`
	Message2   *Message2 `gorm:"constraint:OnDelete:SET NULL"`
}
