package models

import (
	"time"
)

// Address5 is model 181 of the benchmark package.
type Address5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string    `gorm:"size:120;not null"`
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_address5_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_address5_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`

	Coupon2ID uint `gorm:"not null;index"`
	Coupon2   Coupon2
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
