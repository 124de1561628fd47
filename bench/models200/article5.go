package models

import (
	"time"

	"gorm.io/gorm"
)

// Article5 is model 171 of the benchmark package.
type Article5 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_article5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_article5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_article5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Department2ID int64 `gorm:"not null;index"`
	Department2   Department2
}
