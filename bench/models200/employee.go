package models

import (
	"gorm.io/gorm"
)

// Employee is model 15 of the benchmark package.
type Employee struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	ProductID uint `gorm:"not null;index"`
	Product   Product

	Shipment2s []Shipment2
	Shipments  []Shipment `gorm:"many2many:employees_app_shipments"`
}
