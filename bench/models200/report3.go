package models

import (
	"time"

	"gorm.io/gorm"
)

// Report3 is model 108 of the benchmark package.
type Report3 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_report3_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_report3_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_report3_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	RegionID *int64  `gorm:"index"`
	Region   *Region `gorm:"constraint:OnDelete:SET NULL"`
}
