package models

import (
	"gorm.io/gorm"
)

// Payment5 is model 168 of the benchmark package.
type Payment5 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_payment5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_payment5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Employee2ID *uint      `gorm:"index"`
	Employee2   *Employee2 `gorm:"constraint:OnDelete:SET NULL"`
}
