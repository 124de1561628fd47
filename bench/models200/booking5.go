package models

import (
	"time"
)

// Booking5 is model 178 of the benchmark package.
type Booking5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_booking5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_booking5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_booking5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Review2ID int64 `gorm:"not null;index"`
	Review2   Review2
}
