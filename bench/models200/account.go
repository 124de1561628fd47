package models

import (
	"gorm.io/gorm"
)

// Account is model 0 of the benchmark package.
type Account struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_accounts_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_accounts_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Organizations []Organization
	Invoices      []Invoice
}
