package models

import (
	"time"
)

// Document4 is model 142 of the benchmark package.
type Document4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_document4_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_document4_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_document4_rating,rating <= 5"`

	Shipment2ID int64 `gorm:"not null;index"`
	Shipment2   Shipment2
}
