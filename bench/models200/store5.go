package models

import (
	"time"
)

// Store5 is model 196 of the benchmark package.
type Store5 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_store5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_store5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Subscription2ID *int64         `gorm:"index"`
	Subscription2   *Subscription2 `gorm:"constraint:OnDelete:SET NULL"`
}
