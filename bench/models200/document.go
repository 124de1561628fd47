package models

import (
	"time"
)

// Document is model 22 of the benchmark package.
type Document struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	ShipmentID uint `gorm:"not null;index"`
	Shipment   Shipment

	Session2s []Session2
	Task2s    []Task2
}
