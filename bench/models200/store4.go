package models

import (
	"time"

	"gorm.io/gorm"
)

// Store4 is model 156 of the benchmark package.
type Store4 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_store4_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_store4_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_store4_rating,rating <= 5"`

	Article2ID *uint     `gorm:"index"`
	Article2   *Article2 `gorm:"constraint:OnDelete:SET NULL"`
}
