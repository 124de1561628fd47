package models

import (
	"time"

	"gorm.io/gorm"
)

// Warehouse4 is model 129 of the benchmark package.
type Warehouse4 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_warehouse4_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_warehouse4_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_warehouse4_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Project2ID uint `gorm:"not null;index"`
	Project2   Project2
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
