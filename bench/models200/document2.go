package models

import (
	"time"

	"gorm.io/gorm"
)

// Document2 is model 62 of the benchmark package.
type Document2 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string    `gorm:"size:120;not null"`
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_document2_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_document2_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`

	CouponID int64 `gorm:"not null;index"`
	Coupon   Coupon

	Session5s []Session5
	Task5s    []Task5
}
