package models

import (
	"time"
)

// Booking2 is model 58 of the benchmark package.
type Booking2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_booking2_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_booking2_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_booking2_rating,rating <= 5"`

	ReviewID uint `gorm:"not null;index"`
	Review   Review

	Employee5s []Employee5
	Vehicle5s  []Vehicle5
}
