package models

import (
	"gorm.io/gorm"
)

// Task5 is model 189 of the benchmark package.
type Task5 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_task5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_task5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Document2ID int64 `gorm:"not null;index"`
	Document2   Document2
	OwnerID     *uint    `gorm:"index"`
	Owner       *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
