// Package gormfield turns a snapshot column back into the *schema.Field that
// GORM's drivers read when they compile a column type.
//
// A migragen snapshot is dialect-neutral: it keeps GORM's logical view of a
// column (DataType, size, precision, the raw type: tag, ...) instead of SQL
// for one database. GORM's DataTypeOf and FullDataTypeOf need no connection,
// but they take a *schema.Field, and only GORM's reflection-based parser
// builds those. This package rebuilds a Field from a column with exactly the
// inputs the drivers look at, so the runtime can let the connected
// dialect — GORM's own code — decide the SQL type, as AutoMigrate would.
//
// Fidelity is tested in internal/gormoracle: for every column of GORM's own
// test models and of a model exercising the well-known types, DataTypeOf and
// FullDataTypeOf of the rebuilt Field equal those of GORM's parsed Field on
// PostgreSQL, MySQL, SQL Server and SQLite.
package gormfield
