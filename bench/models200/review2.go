package models

import (
	"time"

	"gorm.io/gorm"
)

// Review2 is model 59 of the benchmark package.
type Review2 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_review2_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_review2_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_review2_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	ReviewID uint `gorm:"not null;index"`
	Review   Review

	Review5s []Review5
}
