package models

import (
	"time"

	"gorm.io/gorm"
)

// Warehouse is model 9 of the benchmark package.
type Warehouse struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_warehouses_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_warehouses_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_warehouses_rating,rating <= 5"`

	ProjectID int64 `gorm:"not null;index"`
	Project   Project
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Tasks []Task
}
