package models

import (
	"time"
)

// Warehouse2 is model 49 of the benchmark package.
type Warehouse2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_warehouse2_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_warehouse2_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	DepartmentID uint `gorm:"not null;index"`
	Department   Department
	OwnerID      *uint    `gorm:"index"`
	Owner        *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Task4s []Task4
}
