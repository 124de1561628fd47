// Package base is the corpus theme "layouts/base": a base struct carrying
// the primary key, embedded in models that declare nothing else GORM
// reads (Project has no gorm tag at all). GORM creates todos and
// projects, each with Base's columns, and no bases table.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package base

// Models lists, by hand, the package's tables.
func Models() []any {
	return []any{&Project{}, &Todo{}}
}

// Base is the key of every table.
type Base struct {
	ID string `gorm:"size:36;primaryKey"`
}

// Todo belongs to a project.
type Todo struct {
	Base
	Title     string
	ProjectID string `gorm:"size:36"`
}

// Project has many todos.
type Project struct {
	Base
	Todos []Todo
}
