// Package dialect compiles migragen's typed schema changes into SQL for one
// database engine, through the application's *gorm.DB, and takes that
// engine's migration lock.
//
// The built-in dialects live in the subpackages postgres, mysql, sqlite and
// sqlserver, one engine each, with the same files: compile.go (the SQL of
// each change), check.go (the queries of the data checks a migration runs
// before its first statement; the shared part is check.go here) and
// lock.go (the migration lock); sqlite adds rebuild.go (table rebuilds),
// mysql adds session.go (the sql_mode literals are escaped by). They register themselves; a compiler for another GORM
// driver plugs in with Register.
//
// Column types come from the Dialector's DataTypeOf on the column's logical
// type, as AutoMigrate's do; identifiers are quoted by the Dialector and
// literal defaults and comments are escaped. SQL the user wrote in tags
// (type:, expression defaults, checks, index where) passes through
// verbatim, as it does in GORM.
package dialect
