// Package serializers is the corpus theme "serializers": fields stored
// through serializers the application registers itself with
// schema.RegisterSerializer, as real applications do for a "text" or "csv"
// codec. One is registered in this package's init, under a lower-case name
// that fields spell in mixed case; one in another package of the module
// (codec), in a function that init calls. A serializer reads an extra tag
// setting (sep:) that GORM keeps in TagSettings for it.
//
// Like a built-in serializer, a registered one makes the field a string
// column, unless the field's own kind is a bool or a number, which wins in
// GORM's kind switch (schema/field.go): the Revision field is an int64
// column.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package serializers
