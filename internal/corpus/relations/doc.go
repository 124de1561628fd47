// Package relations is the corpus theme "relations": belongs-to (default
// foreign key, custom foreignKey and references, composite, to a string
// key whose size the foreign key inherits, forced with belongsTo), has-one,
// has-many (value and pointer slices), self-references, ON UPDATE / ON
// DELETE actions, a named constraint, constraint:-, both sides of a
// relation declared, and which tables AutoMigrate adds or leaves out:
// belongs-to targets are added, has-many parents and children are not,
// and a belongs-to with constraint:- adds nothing.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package relations
