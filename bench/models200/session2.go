package models

import (
	"time"
)

// Session2 is model 67 of the benchmark package.
type Session2 struct {
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

	DocumentID uint `gorm:"not null;index"`
	Document   Document
}
