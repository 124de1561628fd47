package models

import (
	"time"
)

// Lesson3 is model 118 of the benchmark package.
type Lesson3 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string    `gorm:"size:120;not null"`
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`
	TenantID    uint      `gorm:"not null;uniqueIndex:idx_lesson3_tenant_code,priority:1"`
	Code        string    `gorm:"size:32;not null;uniqueIndex:idx_lesson3_tenant_code,priority:2"`
	Email       string    `gorm:"size:191;uniqueIndex"`
	Status      string    `gorm:"size:20;not null;default:'active';index"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`

	CourseID uint `gorm:"not null;index"`
	Course   Course
}
