// Package rootsdiscover is analyzed with -roots discover while it calls
// AutoMigrate: the calls are compared with what discovery found.
package rootsdiscover

import (
	"time"

	"gorm.io/gorm"
)

// AdminModel is a base struct with a primary key, embedded in a model, so
// discovery takes it for columns; the application migrates it too.
type AdminModel struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
}

// SysUser embeds the base.
type SysUser struct {
	AdminModel
	Name string `gorm:"size:50"`
}

// ItemTotal is a query result with gorm tags that could not be a table.
type ItemTotal struct { // want `ItemTotal may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it \(fix: .*put //migragen:ignore on the line above .type ItemTotal struct.`
	Name string   `gorm:"column:name"`
	Tags []string `gorm:"column:tags"` // want `GORM cannot store \[\]string in a column`
}

// Migrate is the application's migration.
func Migrate(db *gorm.DB) error {
	models := []any{
		&SysUser{},
		new(AdminModel), // want `AutoMigrate creates a table for AdminModel, which is not in the model set \(fix: leave out -roots and -models`
	}
	return db.AutoMigrate(models...)
}
