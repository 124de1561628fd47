package shared

import (
	"time"

	"gorm.io/gorm"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate:
// none, this package only holds embedded blocks.
func Models() []any { return []any{} }

// Address is a postal address, embedded with a prefix (home_, work_).
//
//migragen:ignore
type Address struct {
	Street  string `gorm:"size:200"`
	City    string `gorm:"size:100;not null;default:''"`
	Country string `gorm:"size:2"`
}

// AuditFields is a block of bookkeeping columns embedded anonymously.
//
//migragen:ignore
type AuditFields struct {
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`
	CreatedBy string         `gorm:"size:64;comment:login of the creator"`
	// Version counts edits, starting at 1.
	Version int `gorm:"not null;default:1"`
}

// GeoPoint has no gorm tag, no TableName and no gorm.Model: it is no root
// candidate and needs no directive.
type GeoPoint struct {
	Latitude  float64
	Longitude float64
}
