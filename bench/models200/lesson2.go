package models

import (
	"gorm.io/gorm"
)

// Lesson2 is model 78 of the benchmark package.
type Lesson2 struct {
	gorm.Model

	Name        string `gorm:"size:120;not null"`
	Notes       *string
	Description string  `gorm:"type:text"`
	Quantity    int     `gorm:"not null;default:0;check:quantity >= 0"`
	Amount      float64 `gorm:"precision:12;scale:2;not null;default:0"`
	Priority    int16   `gorm:"default:3"`
	Active      bool    `gorm:"not null;default:true"`

	SubscriptionID uint `gorm:"not null;index"`
	Subscription   Subscription
}
