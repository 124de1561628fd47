package models

import (
	"time"

	"gorm.io/gorm"
)

// Document5 is model 182 of the benchmark package.
type Document5 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_app_document5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_app_document5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Coupon2ID uint `gorm:"not null;index"`
	Coupon2   Coupon2
}

// TableName keeps the table name of the legacy schema.
func (Document5) TableName() string { return "app_document5" }
