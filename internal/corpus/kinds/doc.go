// Package kinds is the corpus theme "kinds": every Go kind GORM maps to a
// column, named types over basic kinds, time and sql.Null* types, sizes,
// precision and scale, NOT NULL, defaults of every kind, comments,
// auto-time fields, field permissions, column overrides and primary keys
// (non-ID, composite, string, autoIncrement:false).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package kinds
