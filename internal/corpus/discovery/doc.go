// Package discovery is the corpus theme "discovery": an application whose
// db.AutoMigrate calls, not the shape of its structs, say which structs
// are tables. It reproduces patterns of real GORM applications:
//
//   - a model embedded in a query result (Item in ItemRanked, Account in
//     AccountWithStats, Plan in PlanView) and still passed to AutoMigrate;
//     each carries its own primary key, gorm.Model or TableName;
//   - a base struct with a primary key embedded in models (Base), and an
//     address block with neither key, TableName nor gorm.Model (Address):
//     columns, not tables;
//   - a struct carrying gorm tags only because a query scans into it, the
//     return value of a function (ItemTotal), that GORM could not migrate;
//   - a main-like function calling db.AutoMigrate with a slice variable,
//     and db.Migrator().AutoMigrate with T{} and new(T).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package discovery
