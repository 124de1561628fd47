package models

import (
	"time"

	"gorm.io/gorm"
)

// Contract2 is model 54 of the benchmark package.
type Contract2 struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_contract2_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_contract2_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`

	VehicleID int64 `gorm:"not null;index"`
	Vehicle   Vehicle

	Invoice5s  []Invoice5
	Customer5s []Customer5
}
