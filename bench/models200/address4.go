package models

import (
	"gorm.io/gorm"
)

// Address4 is model 141 of the benchmark package.
type Address4 struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	Supplier2ID uint `gorm:"not null;index"`
	Supplier2   Supplier2
	OwnerID     *uint    `gorm:"index"`
	Owner       *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}
