package models

import (
	"time"

	"gorm.io/gorm"
)

// Supplier3 is model 86 of the benchmark package.
type Supplier3 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_supplier3_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_supplier3_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_supplier3_rating,rating <= 5"`

	ReportID uint `gorm:"not null;index"`
	Report   Report
}
