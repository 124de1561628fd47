package models

import (
	"time"

	"gorm.io/gorm"
)

// Device2 is model 66 of the benchmark package.
type Device2 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_device2_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_device2_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_device2_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	AddressID uint `gorm:"not null;index"`
	Address   Address

	Course5s []Course5
}
