// Package a is the referencing half of the corpus theme "crosspkg": its
// models belong to, have many2many links to, and embed structs from
// package b. Models() lists a's roots only; AutoMigrate adds the b tables
// they reach (belongs-to and many2many targets).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package a
