package models

import (
	"time"

	"gorm.io/gorm"
)

// Organization5 is model 161 of the benchmark package.
type Organization5 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_organization5_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_organization5_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	Ticket2ID int64 `gorm:"not null;index"`
	Ticket2   Ticket2
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
