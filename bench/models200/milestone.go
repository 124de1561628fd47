package models

import (
	"time"

	"gorm.io/gorm"
)

// Milestone is model 30 of the benchmark package.
type Milestone struct {
	gorm.Model

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_milestones_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_milestones_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_milestones_rating,rating <= 5"`

	WarehouseID uint `gorm:"not null;index"`
	Warehouse   Warehouse

	Article3s []Article3
	Ticket3s  []Ticket3
}
