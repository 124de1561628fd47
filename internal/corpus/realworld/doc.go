// Package realworld is the corpus theme "realworld": models written in the
// style of popular open-source GORM v2 applications (admin back-ends in the
// gin-vue-admin and go-admin mould, a push-notification server in the
// gotify mould, a server panel in the 1Panel mould). It reproduces their
// patterns, not their code: same-package base structs embedded at either
// end of a struct, non-ASCII comment: and default: tags, GORM v1 tag
// spellings (primary_key, AUTO_INCREMENT, unique_index, sql:"index"),
// non-ID primary keys carrying size: and unique, self-referential
// many2many, explicit join-table models sharing a many2many table,
// joinForeignKey/joinReferences in snake case, gorm:"-" trees,
// foreignKey/references on non-primary columns, -:migration relations,
// reserved-word column names, a struct field named TableName, sizes on
// bools and ints, TableName methods on T and *T returning constants, and
// has-many targets that are plain DTOs.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package realworld
