package models

import (
	"time"
)

// Milestone2 is model 70 of the benchmark package.
type Milestone2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_milestone2_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_milestone2_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	MessageID int64 `gorm:"not null;index"`
	Message   Message
}
