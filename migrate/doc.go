// Package migrate will be the runtime that applies generated migrations
// through the application's own *gorm.DB: version table, lock, plan, and
// per-dialect compilation of schema snapshots' columns through
// db.Dialector. Not implemented yet: the analyzer and snapshot come first.
package migrate
