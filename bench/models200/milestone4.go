package models

import (
	"time"

	"gorm.io/gorm"
)

// Milestone4 is model 150 of the benchmark package.
type Milestone4 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_milestone4_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_milestone4_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_milestone4_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Warehouse2ID uint `gorm:"not null;index"`
	Warehouse2   Warehouse2
}
