// Package indexes_pg is the PostgreSQL-only part of the corpus theme
// "indexes": index methods (type:btree, hash, gin, brin), partial indexes
// (where:, including a comma escaped as \,), expression indexes,
// collate:"C", NULLS LAST in sort:, and option: (CONCURRENTLY, which the
// PostgreSQL driver moves after CREATE INDEX, and a WITH storage
// parameter).
//
// Why PostgreSQL only: the SQLite driver writes "CREATE INDEX name USING
// btree ON ...", a syntax error; MariaDB has no expression indexes, no
// "C" collation and no CONCURRENTLY, and GORM's MySQL CREATE TABLE path
// silently drops type: and where:.
package indexes_pg
