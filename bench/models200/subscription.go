package models

import (
	"time"
)

// Subscription is model 25 of the benchmark package.
type Subscription struct {
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

	PaymentID int64 `gorm:"not null;index"`
	Payment   Payment
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Brand2s  []Brand2
	Comments []Comment `gorm:"many2many:subscriptions_comments"`
}
