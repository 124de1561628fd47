package models

import (
	"time"
)

// Comment2 is model 52 of the benchmark package.
type Comment2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_comment2_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_comment2_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_comment2_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	VehicleID *int64   `gorm:"index"`
	Vehicle   *Vehicle `gorm:"constraint:OnDelete:SET NULL"`

	Brand4s  []Brand4
	Course4s []Course4
}
