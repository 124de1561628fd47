package models

import (
	"time"

	"gorm.io/gorm"
)

// Shipment3 is model 87 of the benchmark package.
type Shipment3 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_shipment3_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_shipment3_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_shipment3_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	ReportID uint `gorm:"not null;index"`
	Report   Report
}
