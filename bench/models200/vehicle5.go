package models

import (
	"time"

	"gorm.io/gorm"
)

// Vehicle5 is model 177 of the benchmark package.
type Vehicle5 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_vehicle5_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_vehicle5_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_vehicle5_rating,rating <= 5"`

	Booking2ID uint `gorm:"not null;index"`
	Booking2   Booking2
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
