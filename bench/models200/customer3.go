package models

import (
	"time"
)

// Customer3 is model 85 of the benchmark package.
type Customer3 struct {
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

	ReportID uint `gorm:"not null;index"`
	Report   Report
	OwnerID  *uint    `gorm:"index"`
	Owner    *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Project2s []Project2 `gorm:"many2many:customer3_project2"`
}
