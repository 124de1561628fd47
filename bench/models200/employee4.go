package models

import (
	"time"

	"gorm.io/gorm"
)

// Employee4 is model 135 of the benchmark package.
type Employee4 struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_employee4_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_employee4_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_employee4_rating,rating <= 5"`

	Product2ID int64 `gorm:"not null;index"`
	Product2   Product2

	Session2s []Session2 `gorm:"many2many:employee4_session2"`
}
