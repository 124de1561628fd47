package models

import (
	"time"

	"gorm.io/gorm"
)

// Coupon2 is model 60 of the benchmark package.
type Coupon2 struct {
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

	ReviewID *uint   `gorm:"index"`
	Review   *Review `gorm:"constraint:OnDelete:SET NULL"`

	Address5s []Address5
	Message5s []Message5
}
