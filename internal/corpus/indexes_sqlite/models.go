package indexes_sqlite

import "gorm.io/gorm"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Note{}}
}

// Note is a note in a local, SQLite-backed app.
type Note struct {
	gorm.Model
	// A unique index over live rows only.
	Slug string `gorm:"size:120;uniqueIndex:idx_note_slug_live,where:deleted_at IS NULL"`
	// Case-insensitive lookups.
	Title string `gorm:"size:200;index:idx_note_title_nocase,collate:NOCASE"`
	// An expression index.
	Folder string `gorm:"size:100;index:idx_note_folder_lower,expression:lower(folder)"`
	// A partial index with an escaped comma in the predicate.
	Color string `gorm:"size:16;index:idx_note_color,where:color IN ('red'\\,'amber')"`
}
