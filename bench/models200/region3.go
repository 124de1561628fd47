package models

import (
	"time"
)

// Region3 is model 115 of the benchmark package.
type Region3 struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_region3_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_region3_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_region3_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	LessonID int64 `gorm:"not null;index"`
	Lesson   Lesson

	Vehicle2s []Vehicle2 `gorm:"many2many:region3_app_vehicle2"`
}
