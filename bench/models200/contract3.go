package models

import (
	"time"
)

// Contract3 is model 94 of the benchmark package.
type Contract3 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_contract3_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_contract3_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_contract3_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	BudgetID uint `gorm:"not null;index"`
	Budget   Budget
}
