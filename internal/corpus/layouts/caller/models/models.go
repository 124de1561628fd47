// Package models is the corpus theme "layouts/caller": a model package
// whose //go:generate sees only itself, while the program's AutoMigrate
// calls are split. MigrateCore, here, migrates User and Post; package
// server, which imports this one, adds AuditLog. migragen given only this
// package reads MigrateCore's call and must still keep AuditLog.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package models

import "gorm.io/gorm"

// Models lists, by hand, what MigrateCore and server.Start pass to
// AutoMigrate together.
func Models() []any {
	return []any{&User{}, &Post{}, &AuditLog{}}
}

// MigrateCore migrates the core tables.
func MigrateCore(db *gorm.DB) error {
	return db.AutoMigrate(&User{}, &Post{})
}

// User is migrated by MigrateCore.
type User struct {
	ID    uint
	Email string `gorm:"size:191;uniqueIndex"`
}

// Post is migrated by MigrateCore.
type Post struct {
	ID     uint
	UserID uint   `gorm:"index"`
	Title  string `gorm:"size:200"`
}

// AuditLog is migrated by package server only.
type AuditLog struct {
	ID     uint
	Action string `gorm:"size:50;not null"`
}
