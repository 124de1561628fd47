// Package kv is a key-value store of the corpus theme "layouts/dep": a
// package of the module that migrates its own table. Package models
// imports it; its AutoMigrate call says nothing about the models' tables.
package kv

import "gorm.io/gorm"

// Entry is the store's table.
type Entry struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"size:255"`
}

// Open migrates the store's table.
func Open(db *gorm.DB) error {
	return db.AutoMigrate(&Entry{})
}
