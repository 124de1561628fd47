package models

import (
	"time"

	"gorm.io/gorm"
)

// Coupon4 is model 140 of the benchmark package.
type Coupon4 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_coupon4_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_coupon4_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Supplier2ID *uint      `gorm:"index"`
	Supplier2   *Supplier2 `gorm:"constraint:OnDelete:SET NULL"`
}
