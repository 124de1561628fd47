// Package naming is the corpus theme "naming": GORM's NamingStrategy on
// initialisms and digits, irregular and uncountable plurals, TableName()
// methods (on T, on *T, returning a named constant, promoted through an
// embedded struct, mixed case), and derived index, unique, check and
// foreign-key names long enough that GORM shortens them with a hash (above
// 64 characters everywhere, and exactly 64, which only PostgreSQL's
// 63-character limit shortens).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package naming
