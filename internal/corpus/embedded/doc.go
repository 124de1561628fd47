// Package embedded is the corpus theme "embedded": gorm.Model, anonymous
// embedded structs (value and pointer), named struct fields tagged
// embedded with and without embeddedPrefix, structs embedded from another
// package (sub-package shared), embedding two levels deep, an embedded
// field shadowed by an outer field with the same column, an embedded
// primary key, a relation declared inside an embedded struct, an embedded
// named basic type, and an embedded unexported struct (ignored by GORM).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package embedded
