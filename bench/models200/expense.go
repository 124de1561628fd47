package models

import (
	"time"

	"gorm.io/gorm"
)

// Expense is model 32 of the benchmark package.
type Expense struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string `gorm:"size:120;not null"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time
	Title       string `gorm:"size:200"`
	Weight      float32
	Sku         string    `gorm:"column:sku_code;size:40;unique"`
	Counter     uint64    `gorm:"default:0"`
	ExpiresAt   time.Time `gorm:"not null"`

	CategoryID *uint     `gorm:"index"`
	Category   *Category `gorm:"constraint:OnDelete:SET NULL"`

	Vehicle3s []Vehicle3
	Review3s  []Review3
}

// TableName keeps the table name of the legacy schema.
func (Expense) TableName() string { return "app_expenses" }
