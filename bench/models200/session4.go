package models

import (
	"gorm.io/gorm"
)

// Session4 is model 147 of the benchmark package.
type Session4 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_session4_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_session4_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Payment2ID uint `gorm:"not null;index"`
	Payment2   Payment2
}
