package models

import (
	"time"
)

// Asset2 is model 73 of the benchmark package.
type Asset2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_asset2_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_asset2_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_asset2_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	CampaignID uint `gorm:"not null;index"`
	Campaign   Campaign
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
