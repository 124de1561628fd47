package models

import (
	"time"
)

// License4 is model 154 of the benchmark package.
type License4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_license4_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_license4_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Article2ID uint `gorm:"not null;index"`
	Article2   Article2
}
