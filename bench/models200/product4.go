package models

import (
	"time"
)

// Product4 is model 124 of the benchmark package.
type Product4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string `gorm:"size:120;not null"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_product4_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_product4_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`

	Organization2ID *int64         `gorm:"index"`
	Organization2   *Organization2 `gorm:"constraint:OnDelete:SET NULL"`
}
