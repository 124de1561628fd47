package models

import (
	"time"

	"gorm.io/gorm"
)

// Department2 is model 56 of the benchmark package.
type Department2 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_department2_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_department2_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	BookingID *uint    `gorm:"index"`
	Booking   *Booking `gorm:"constraint:OnDelete:SET NULL"`

	Warehouse5s []Warehouse5
	Article5s   []Article5
}
