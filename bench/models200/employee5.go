package models

import (
	"time"
)

// Employee5 is model 175 of the benchmark package.
type Employee5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_employee5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_employee5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Booking2ID uint `gorm:"not null;index"`
	Booking2   Booking2

	Shipment3s []Shipment3 `gorm:"many2many:employee5_shipment3"`
}
