package models

import (
	"time"

	"gorm.io/gorm"
)

// Customer2 is model 45 of the benchmark package.
type Customer2 struct {
	gorm.Model

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_customer2_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_customer2_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_customer2_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	ContractID int64 `gorm:"not null;index"`
	Contract   Contract
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Vehicle4s []Vehicle4
	Documents []Document `gorm:"many2many:customer2_documents"`
}
