package models

import (
	"time"

	"gorm.io/gorm"
)

// Budget5 is model 191 of the benchmark package.
type Budget5 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_budget5_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_budget5_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_budget5_rating,rating <= 5"`

	Message2ID uint `gorm:"not null;index"`
	Message2   Message2
}
