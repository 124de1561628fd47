package models

import (
	"time"
)

// Campaign2 is model 64 of the benchmark package.
type Campaign2 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	AddressID *uint    `gorm:"index"`
	Address   *Address `gorm:"constraint:OnDelete:SET NULL"`

	Asset5s  []Asset5
	Region5s []Region5
}
