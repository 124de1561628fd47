package models

import (
	"time"

	"gorm.io/gorm"
)

// Task is model 29 of the benchmark package.
type Task struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	WarehouseID uint `gorm:"not null;index"`
	Warehouse   Warehouse
	OwnerID     *uint    `gorm:"index"`
	Owner       *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Warehouse3s []Warehouse3
}
