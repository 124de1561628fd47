// Package evolution walks the example shop's models through eleven
// versions, v01 to v11, each a package of its own whose file says what
// changed from the previous one: add columns, rename a column and a table
// (hinted), drop a column (acknowledged), widen a type, make a nullable
// column NOT NULL with a default, add and drop an index, add a foreign
// key, add a many2many, drop a table.
//
// Its test generates one migrations directory from the versions in turn,
// as a user's go:generate would, and on PostgreSQL, MariaDB and SQLite
// applies the revisions one at a time to a database that GORM fills with
// rows of each version's Go types between steps. After every step the
// rows are compared, by full content, with an expectation the test keeps
// on its own; the schema passes the zero-DDL oracle (AutoMigrate with that
// version's models has nothing to do beyond what it does on a database it
// built itself), and up → down to the previous step → up gives the same
// introspected schema.
//
//	go test ./internal/evolution -v
package evolution
