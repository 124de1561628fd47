package models

import (
	"time"
)

// Brand is model 37 of the benchmark package.
type Brand struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_brands_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_brands_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_brands_rating,rating <= 5"`

	CommentID uint `gorm:"not null;index"`
	Comment   Comment
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Asset3s []Asset3
}
