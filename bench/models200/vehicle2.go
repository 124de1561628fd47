package models

import (
	"gorm.io/gorm"
)

// Vehicle2 is model 57 of the benchmark package.
type Vehicle2 struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	BookingID uint `gorm:"not null;index"`
	Booking   Booking
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Ticket5s []Ticket5
}

// TableName keeps the table name of the legacy schema.
func (Vehicle2) TableName() string { return "app_vehicle2" }
