// Package models is the corpus theme "layouts/dep": a model package that
// calls no AutoMigrate itself but imports a package of the module (kv)
// that does, for a table of its own. The models are found by discovery.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package models

import (
	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/layouts/dep/kv"
)

// Models lists, by hand, the package's tables.
func Models() []any {
	return []any{&User{}}
}

// User embeds gorm.Model.
type User struct {
	gorm.Model
	Name string
}

// Cache opens the key-value store the models use.
func Cache(db *gorm.DB) error {
	return kv.Open(db)
}
