// Package wellknown_mysql is the MariaDB/MySQL-only part of the corpus
// theme "wellknown": type: tags naming MySQL types (enum and set, whose
// commas need no escaping because only ";" separates tag settings,
// tinyint(1), mediumint unsigned, year) and an ON UPDATE column default.
//
// Why MariaDB only: PostgreSQL has no such types (SQLite would accept the
// names, but not ON UPDATE).
package wellknown_mysql
