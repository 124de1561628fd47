package models

import (
	"time"

	"gorm.io/gorm"
)

// Lesson5 is model 198 of the benchmark package.
type Lesson5 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_lesson5_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_lesson5_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_lesson5_rating,rating <= 5"`

	Subscription2ID int64 `gorm:"not null;index"`
	Subscription2   Subscription2
}
