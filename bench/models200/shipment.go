package models

import (
	"time"
)

// Shipment is model 7 of the benchmark package.
type Shipment struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_app_shipments_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_app_shipments_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	ProjectID int64 `gorm:"not null;index"`
	Project   Project

	Messages []Message
}

// TableName keeps the table name of the legacy schema.
func (Shipment) TableName() string { return "app_shipments" }
