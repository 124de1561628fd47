// Package corpustest holds the checks every corpus package runs on its own
// models, so that the corpus is known to be valid GORM before the analyzer
// is compared against it.
//
// # The corpus
//
// Each directory under internal/corpus (except corpustest) is one model
// package on one theme: kinds, naming, embedded (with embedded/shared),
// indexes, checks, relations, many2many, polymorphic, wellknown,
// crosspkg/a and crosspkg/b, generic. A package whose name carries a
// dialect (indexes_pg, indexes_sqlite, indexes_mysql, wellknown_pg,
// wellknown_mysql) only works on that engine; every other package must
// AutoMigrate on PostgreSQL, MariaDB and SQLite. Every package has
//
//	func Models() []any
//
// listing, by hand, the root models a user would pass to AutoMigrate; it
// equals migragen's default root discovery for the package (see
// [CheckRoots]). Models that AutoMigrate adds on its own (belongs-to and
// many2many targets, join tables) are deliberately left out of some lists;
// each package's test states the exact set of tables AutoMigrate creates.
//
// # The checks
//
//   - [CheckRoots] compares the hand-written Models() list with the root
//     discovery rule, evaluated here on the package's syntax, independently
//     of the analyzer;
//   - [CheckParse] runs GORM's schema.Parse with the default NamingStrategy
//     on every model, and parses indexes, checks, unique constraints and
//     foreign keys the way AutoMigrate does;
//   - [Case.Run] runs AutoMigrate on a fresh database of each requested
//     engine: SQLite in memory, PostgreSQL (a fresh schema) and MariaDB (a
//     fresh database), checks the resulting set of tables, runs AutoMigrate
//     a second time and logs any DDL GORM issues on a database it created
//     itself (GORM is not idempotent for some tags), and drops the database
//     again.
//
// To see the statements GORM issues for a package:
//
//	go test ./internal/corpus/kinds -run TestCorpus -v -args -corpus.sql
//
// PostgreSQL is expected on 127.0.0.1:5432 (user postgres, database test,
// trust auth) and MariaDB on 127.0.0.1:3306 (user root, no password); the
// admin DSNs can be overridden with MIGRAGEN_PG_DSN and MIGRAGEN_MYSQL_DSN.
// When a server is not reachable its subtest is skipped with a message,
// unless the environment variable CI is "true"; then it fails.
package corpustest
