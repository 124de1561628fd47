package models

import (
	"time"
)

// Comment5 is model 172 of the benchmark package.
type Comment5 struct {
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

	Vehicle2ID *uint     `gorm:"index"`
	Vehicle2   *Vehicle2 `gorm:"constraint:OnDelete:SET NULL"`
}
