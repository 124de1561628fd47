package models

import (
	"gorm.io/gorm"
)

// Subscription3 is model 105 of the benchmark package.
type Subscription3 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_subscription3_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_subscription3_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	LicenseID uint `gorm:"not null;index"`
	License   License
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Comment2s []Comment2 `gorm:"many2many:subscription3_comment2"`
}
