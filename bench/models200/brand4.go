package models

import (
	"time"
)

// Brand4 is model 157 of the benchmark package.
type Brand4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_app_brand4_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_app_brand4_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_app_brand4_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Comment2ID uint `gorm:"not null;index"`
	Comment2   Comment2
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}

// TableName keeps the table name of the legacy schema.
func (Brand4) TableName() string { return "app_brand4" }
