package models

import (
	"time"

	"gorm.io/gorm"
)

// Article2 is model 51 of the benchmark package.
type Article2 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_article2_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_article2_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_article2_rating,rating <= 5"`

	DepartmentID uint `gorm:"not null;index"`
	Department   Department

	Region4s []Region4
}
