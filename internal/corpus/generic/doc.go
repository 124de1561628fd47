// Package generic is the corpus theme "generic": generic structs embedded
// as bases (Base[uint], Base[string]), a generic embedded block
// parameterised by a model type, generic field types (a typed-ID
// int type over a phantom parameter, a generic Valuer), a generic struct
// used as a relation target (named by a TableName method, since GORM would
// derive an unusable table name from the instantiated Go name), and one
// GORM cannot use as a target at all, tagged "-".
//
// Generic types are never root models themselves: they have no name
// AutoMigrate could take without instantiation.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package generic
