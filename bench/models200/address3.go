package models

import (
	"time"

	"gorm.io/gorm"
)

// Address3 is model 101 of the benchmark package.
type Address3 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_address3_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_address3_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_address3_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	AssetID uint `gorm:"not null;index"`
	Asset   Asset
	OwnerID *uint    `gorm:"index"`
	Owner   *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
