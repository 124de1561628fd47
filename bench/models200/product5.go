package models

import (
	"time"

	"gorm.io/gorm"
)

// Product5 is model 164 of the benchmark package.
type Product5 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_product5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_product5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_product5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Contract2ID *uint      `gorm:"index"`
	Contract2   *Contract2 `gorm:"constraint:OnDelete:SET NULL"`
}
