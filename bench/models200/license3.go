package models

import (
	"time"

	"gorm.io/gorm"
)

// License3 is model 114 of the benchmark package.
type License3 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_license3_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_license3_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_license3_rating,rating <= 5"`

	BrandID uint `gorm:"not null;index"`
	Brand   Brand
}
