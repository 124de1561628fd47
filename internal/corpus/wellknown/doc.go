// Package wellknown is the corpus theme "wellknown": field types whose
// column GORM derives by running code (Value(), GormDataType(),
// GormDBDataType()), which migragen resolves from a table: gorm.io/datatypes,
// github.com/google/uuid, github.com/shopspring/decimal, a corpus type with
// a constant GormDataType, serializer: fields, and type: overrides,
// including on a Valuer declared here.
//
// Column types differ per dialect for the datatypes types with
// GormDBDataType (JSON is JSON on SQLite and MariaDB, JSONB on PostgreSQL);
// that is intended. The package is dialect-neutral: its models must
// AutoMigrate on PostgreSQL, MariaDB and SQLite. PostgreSQL-only types are
// in wellknown_pg, MySQL-only ones in wellknown_mysql.
package wellknown
