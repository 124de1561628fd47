// Package migrate is the runtime that applies generated migrations through
// the application's own *gorm.DB. So far it declares what a generated file
// holds (Migration, Step, Schema); the version table, lock, planning and
// per-dialect compilation come with the runtime issue.
package migrate
