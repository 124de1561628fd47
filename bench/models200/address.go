package models

import (
	"gorm.io/gorm"
)

// Address is model 21 of the benchmark package.
type Address struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_addresses_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_addresses_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	SupplierID uint `gorm:"not null;index"`
	Supplier   Supplier
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Subscription2s []Subscription2
}
