package models

import (
	"time"

	"gorm.io/gorm"
)

// Customer5 is model 165 of the benchmark package.
type Customer5 struct {
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

	Contract2ID uint `gorm:"not null;index"`
	Contract2   Contract2
	OwnerID     *uint    `gorm:"index"`
	Owner       *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Project3s []Project3 `gorm:"many2many:customer5_app_project3"`
}
