package models

import (
	"gorm.io/gorm"
)

// Product3 is model 84 of the benchmark package.
type Product3 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_product3_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_product3_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	SessionID *uint    `gorm:"index"`
	Session   *Session `gorm:"constraint:OnDelete:SET NULL"`
}
