package models

import (
	"time"
)

// Department4 is model 136 of the benchmark package.
type Department4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_department4_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_department4_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_department4_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Customer2ID *uint      `gorm:"index"`
	Customer2   *Customer2 `gorm:"constraint:OnDelete:SET NULL"`
}
