package models

import (
	"gorm.io/gorm"
)

// Supplier4 is model 126 of the benchmark package.
type Supplier4 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_supplier4_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_supplier4_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Organization2ID int64 `gorm:"not null;index"`
	Organization2   Organization2
}
