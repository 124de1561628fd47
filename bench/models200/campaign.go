package models

import (
	"time"

	"gorm.io/gorm"
)

// Campaign is model 24 of the benchmark package.
type Campaign struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_campaigns_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_campaigns_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_campaigns_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	ShipmentID *uint     `gorm:"index"`
	Shipment   *Shipment `gorm:"constraint:OnDelete:SET NULL"`

	Asset2s  []Asset2
	Region2s []Region2
}
