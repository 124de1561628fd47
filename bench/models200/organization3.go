package models

import (
	"time"

	"gorm.io/gorm"
)

// Organization3 is model 81 of the benchmark package.
type Organization3 struct {
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

	DeviceID int64 `gorm:"not null;index"`
	Device   Device
	OwnerID  *uint    `gorm:"index"`
	Owner    *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
