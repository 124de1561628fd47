package models

import (
	"time"

	"gorm.io/gorm"
)

// Device5 is model 186 of the benchmark package.
type Device5 struct {
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

	Address2ID uint `gorm:"not null;index"`
	Address2   Address2
}
