package models

import (
	"time"
)

// Project3 is model 82 of the benchmark package.
type Project3 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string `gorm:"size:120;not null"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_app_project3_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_app_project3_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`

	SessionID uint `gorm:"not null;index"`
	Session   Session
}

// TableName keeps the table name of the legacy schema.
func (Project3) TableName() string { return "app_project3" }
