// Package rootsunread calls AutoMigrate through a helper, so migragen
// cannot read which models the call gets.
package rootsunread

import "gorm.io/gorm"

// User is a model.
type User struct {
	ID   uint
	Name string `gorm:"size:50"`
}

// Audit is a model.
type Audit struct {
	ID   uint
	Note string `gorm:"size:200"`
}

func migrate(db *gorm.DB, models ...any) error {
	return db.AutoMigrate(models...)
}

// Setup migrates through the helper, and names Item directly.
func Setup(db *gorm.DB) error {
	if err := db.AutoMigrate(&Item{}); err != nil {
		return err
	}
	return migrate(db, &User{}, &Audit{})
}

// Item has no gorm tag: only the direct call makes it a root.
type Item struct {
	ID    uint
	Title string
}
