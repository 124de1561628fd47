package models

import (
	"time"
)

// Department is model 16 of the benchmark package.
type Department struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_departments_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_departments_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_departments_rating,rating <= 5"`

	CustomerID *int64    `gorm:"index"`
	Customer   *Customer `gorm:"constraint:OnDelete:SET NULL"`

	Warehouse2s []Warehouse2
	Article2s   []Article2
}
