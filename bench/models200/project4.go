package models

import (
	"time"

	"gorm.io/gorm"
)

// Project4 is model 122 of the benchmark package.
type Project4 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_project4_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_project4_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_project4_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Account2ID uint `gorm:"not null;index"`
	Account2   Account2
}
