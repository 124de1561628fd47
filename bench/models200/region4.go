package models

import (
	"time"

	"gorm.io/gorm"
)

// Region4 is model 155 of the benchmark package.
type Region4 struct {
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

	Article2ID uint `gorm:"not null;index"`
	Article2   Article2

	Brand2s []Brand2 `gorm:"many2many:region4_brand2"`
}
