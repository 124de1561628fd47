package models

import (
	"time"

	"gorm.io/gorm"
)

// Booking is model 18 of the benchmark package.
type Booking struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`

	CustomerID int64 `gorm:"not null;index"`
	Customer   Customer

	Employee2s []Employee2
	Vehicle2s  []Vehicle2
}
