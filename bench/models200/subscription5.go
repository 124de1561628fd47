package models

import (
	"time"

	"gorm.io/gorm"
)

// Subscription5 is model 185 of the benchmark package.
type Subscription5 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_subscription5_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_subscription5_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_subscription5_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	Address2ID uint `gorm:"not null;index"`
	Address2   Address2
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Comment3s []Comment3 `gorm:"many2many:subscription5_comment3"`
}
