// Package edge is the corpus theme "edge": models written the way real
// GORM applications write them, chosen for the corners where a static
// reading of the source can part ways with GORM's reflection: an
// application's own base model with JSON tags, string and Id keys, tags
// with odd spelling, spacing and escapes, aliases (of column types and of
// models), named types over time.Time and byte arrays, Valuers with
// pointer receivers or the wrong signature, Valuer structs whose fields
// carry gorm tags, relations through pointers, embedded structs and other
// packages (sub), two belongs-to relations to one model, a many2many
// declared from both sides, a self-referential tree and a TableName that
// only reaches its table through embedding.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package edge
