package models

import (
	"time"

	"gorm.io/gorm"
)

// Subscription2 is model 65 of the benchmark package.
type Subscription2 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_subscription2_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_subscription2_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_subscription2_rating,rating <= 5"`

	AddressID uint `gorm:"not null;index"`
	Address   Address
	OwnerID   *uint    `gorm:"index"`
	Owner     *Account `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	Brand5s  []Brand5
	Expenses []Expense `gorm:"many2many:subscription2_app_expenses"`
}
