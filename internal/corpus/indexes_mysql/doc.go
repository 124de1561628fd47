// Package indexes_mysql is the MariaDB/MySQL-only part of the corpus theme
// "indexes": class:FULLTEXT, index type: and option:, and where:.
//
// Why MariaDB only: FULLTEXT is MySQL syntax, and the SQLite driver writes
// "CREATE INDEX name USING btree ON ...", a syntax error. Note what GORM
// does on MySQL: indexes are created inline in CREATE TABLE, and that path
// silently drops type: and where: (the index is created, as a plain
// btree, and not partial); they only take effect when the index is added
// to an existing table (CREATE INDEX ... USING ...).
package indexes_mysql
