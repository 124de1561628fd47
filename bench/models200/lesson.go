package models

import (
	"time"

	"gorm.io/gorm"
)

// Lesson is model 38 of the benchmark package.
type Lesson struct {
	ID        int64     `gorm:"primaryKey;autoIncrement"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`

	Name        string     `gorm:"size:120;not null"`
	StartsAt    time.Time  `gorm:"index:idx_lessons_window,priority:1"`
	EndsAt      *time.Time `gorm:"index:idx_lessons_window,priority:2"`
	Nickname    *string    `gorm:"size:64"`
	Rating      uint8      `gorm:"check:chk_lessons_rating,rating <= 5"`
	Payload     []byte
	ExternalRef string `gorm:"size:64;index"`
	Version     int    `gorm:"not null;default:1"`
	PublishedAt *time.Time

	CommentID uint `gorm:"not null;index"`
	Comment   Comment

	Region3s []Region3
	Brand3s  []Brand3
}
