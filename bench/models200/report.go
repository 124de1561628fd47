package models

import (
	"time"
)

// Report is model 28 of the benchmark package.
type Report struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_reports_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_reports_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	WarehouseID *uint      `gorm:"index"`
	Warehouse   *Warehouse `gorm:"constraint:OnDelete:SET NULL"`

	Customer3s []Customer3
	Shipment3s []Shipment3
}
