// Package migrate is the runtime that applies generated migrations through
// the application's own *gorm.DB, on PostgreSQL, MySQL/MariaDB, SQLite and
// SQL Server (or any dialect registered with package dialect).
//
// New validates a migrations package's revision graph; Up, UpTo, Down and
// DownTo apply and roll back under a database lock, each migration in its
// own transaction where DDL is transactional and with a recorded dirty
// state where it is not; Status, History, Stamp, SQL and Resolve inspect
// and settle the version table; Command wraps them as a command line for
// an application's main.
//
// The files: migration.go (what a generated file holds), graph.go (the
// revision graph), checksum.go, versions.go (the version table), state.go
// (what the version table says), migrator.go (the API), apply.go (running
// one migration), sql.go (offline scripts), status.go, options.go and
// command.go.
package migrate
