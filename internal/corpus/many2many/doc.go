// Package many2many is the corpus theme "many2many": join tables named by
// many2many:, a back-reference declaring the same join table from the
// other side, a self-referential many2many, custom foreignKey /
// references / joinForeignKey / joinReferences (and the tag settings GORM
// copies from the referenced fields onto the join columns), a constraint
// tag (applied to both join-table foreign keys), constraint:-, a join
// table name that is not lower case (GORM snake-cases and pluralizes it),
// and a target that is not in Models() (AutoMigrate adds it).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package many2many
