package models

import (
	"time"
)

// Course5 is model 199 of the benchmark package.
type Course5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_course5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_course5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_course5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Device2ID uint `gorm:"not null;index"`
	Device2   Device2
}
