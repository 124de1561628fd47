package models

import (
	"time"
)

// Asset5 is model 193 of the benchmark package.
type Asset5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

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

	Campaign2ID uint `gorm:"not null;index"`
	Campaign2   Campaign2
	OwnerID     *uint    `gorm:"index"`
	Owner       *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
