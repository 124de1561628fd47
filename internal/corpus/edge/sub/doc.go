// Package sub is the cross-package half of the corpus theme "edge": a
// belongs-to target whose TableName (on a pointer receiver) returns a
// constant of this package, the table-name constants package edge's own
// TableName methods return, and an embedded block carrying a relation
// that package edge embeds across the package boundary.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package sub
