package models

import (
	"time"

	"gorm.io/gorm"
)

// Shipment2 is model 47 of the benchmark package.
type Shipment2 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string `gorm:"size:120;not null"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_shipment2_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_shipment2_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`

	EmployeeID uint `gorm:"not null;index"`
	Employee   Employee

	Message4s []Message4
}
