// Package automigrate calls AutoMigrate, so its calls name the roots (the
// default, -roots auto).
package automigrate

import (
	"gorm.io/gorm"
	gormtests "gorm.io/gorm/utils/tests"
)

// User is passed to AutoMigrate.
type User struct {
	ID   uint
	Name string `gorm:"size:50"`
}

// Legacy is passed to AutoMigrate but marked ignored.
//
//migragen:ignore
type Legacy struct {
	ID   uint
	Code string `gorm:"size:8"`
}

// Report looks like a model and could not be one, but no call names it:
// it is left out with a warning, and its errors are not reported.
type Report struct { // want `Report may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it; it is left out \(fix: if it is no table`
	Name string   `gorm:"column:name"`
	Tags []string `gorm:"column:tags"`
}

// Migrate passes a model of a package that is not analyzed.
func Migrate(db *gorm.DB) error {
	return db.Migrator().AutoMigrate(
		&User{},
		&Legacy{},        // want `AutoMigrate creates a table for Legacy, which is not in the model set \(fix: remove //migragen:ignore from Legacy`
		&gormtests.Pet{}, // want `AutoMigrate creates a table for Pet, which is not in the model set \(fix: add gorm.io/gorm/utils/tests, the package declaring it, to the packages given`
	)
}
