package models

import (
	"time"

	"gorm.io/gorm"
)

// Expense2 is model 72 of the benchmark package.
type Expense2 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_expense2_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_expense2_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_expense2_rating,rating <= 5"`

	MessageID *int64   `gorm:"index"`
	Message   *Message `gorm:"constraint:OnDelete:SET NULL"`
}
