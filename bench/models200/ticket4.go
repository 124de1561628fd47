package models

import (
	"time"
)

// Ticket4 is model 133 of the benchmark package.
type Ticket4 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_ticket4_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_ticket4_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Product2ID int64 `gorm:"not null;index"`
	Product2   Product2
	OwnerID    *uint    `gorm:"index"`
	Owner      *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
