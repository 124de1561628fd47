// Package schema holds migragen's dialect-neutral model of a database schema:
// the Snapshot that the analyzer derives from GORM models, its versioned JSON
// encoding, the typed Changes between two snapshots (Diff), their inverses,
// and their replay in memory (Apply).
//
// A Snapshot records GORM's logical view of every table AutoMigrate would
// create — GORM's DataType, size, precision and scale, and every other input
// the drivers' DataTypeOf reads — rather than SQL for one database. The
// runtime compiles it for the connected dialect through the application's
// *gorm.DB, so one migration set serves SQLite in tests and PostgreSQL in
// production, exactly as AutoMigrate does.
//
// Names that GORM derives and may shorten with a hash (index, unique, check
// and foreign-key names) are stored in full together with a Derived flag,
// because the shortening depends on the dialect's identifier limit (63 on
// PostgreSQL, 64 elsewhere); see ShortName.
//
// This package knows nothing about dialects, files or the go command.
package schema
