// Package polymorphic is the corpus theme "polymorphic": polymorphic
// has-one and has-many (polymorphic:Owner), polymorphicValue, and custom
// column names through polymorphicType + polymorphicId. GORM creates no
// foreign key for a polymorphic relation, and copies the owner's primary
// key type onto the id column.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package polymorphic
