// Package indexes_sqlite is the SQLite-only part of the corpus theme
// "indexes": partial indexes (where:), expression indexes and
// collate:NOCASE.
//
// Why SQLite only: NOCASE is a SQLite collation, and MariaDB has no
// expression indexes while GORM's MySQL CREATE TABLE path silently drops
// where:. (PostgreSQL would take where: and expression:, see indexes_pg.)
package indexes_sqlite
