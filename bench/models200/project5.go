package models

import (
	"gorm.io/gorm"
)

// Project5 is model 162 of the benchmark package.
type Project5 struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	Ticket2ID int64 `gorm:"not null;index"`
	Ticket2   Ticket2
}
