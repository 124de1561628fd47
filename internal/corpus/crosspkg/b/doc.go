// Package b is the referenced half of the corpus theme "crosspkg": models
// and embedded blocks that package a uses across the package boundary.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package b
