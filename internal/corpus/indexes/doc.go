// Package indexes is the corpus theme "indexes": index and uniqueIndex,
// named and unnamed, composite indexes (one name on several fields) with
// priority, the composite: option, sort:desc, class:UNIQUE and the unique
// option, comment: and length: (both take effect on MariaDB only; the
// PostgreSQL and SQLite drivers silently ignore them), the unique
// constraint versus a unique index, several indexes on one field, an index
// on a column-renamed field, and indexes on fields of embedded structs
// (including two prefixed copies of one struct, whose same-named indexes
// GORM merges into one).
//
// Every option here AutoMigrates on PostgreSQL, MariaDB and SQLite.
// Options that do not are in indexes_pg (type:, where:, expression:,
// collate:, option:), indexes_sqlite (where:, expression:, collate:) and
// indexes_mysql (class:FULLTEXT, type:, option:, and where:, which MariaDB
// silently drops).
//
// Every indexed string column is sized, except one that shows GORM's own
// MySQL rule (an unsized string tagged index becomes varchar(191)).
package indexes
