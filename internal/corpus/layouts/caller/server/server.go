// Package server is the start-up of the corpus theme "layouts/caller": it
// migrates the core tables through models.MigrateCore and adds AuditLog
// itself, as a cmd/server main would.
package server

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/layouts/caller/models"
)

// Start migrates every table the program uses.
func Start(db *gorm.DB) error {
	if err := models.MigrateCore(db); err != nil {
		return fmt.Errorf("core tables: %w", err)
	}
	return db.AutoMigrate(&models.AuditLog{})
}
