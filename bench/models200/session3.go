package models

import (
	"time"

	"gorm.io/gorm"
)

// Session3 is model 107 of the benchmark package.
type Session3 struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name     string     `gorm:"size:120;not null"`
	Amount   float64    `gorm:"precision:12;scale:2;not null;default:0"`
	Priority int16      `gorm:"default:3"`
	Active   bool       `gorm:"not null;default:true"`
	StartsAt time.Time  `gorm:"index:idx_app_session3_window,priority:1"`
	EndsAt   *time.Time `gorm:"index:idx_app_session3_window,priority:2"`
	Nickname *string    `gorm:"size:64"`
	Rating   uint8      `gorm:"check:chk_app_session3_rating,rating <= 5"`

	RegionID int64 `gorm:"not null;index"`
	Region   Region
}

// TableName keeps the table name of the legacy schema.
func (Session3) TableName() string { return "app_session3" }
