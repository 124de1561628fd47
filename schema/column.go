package schema

import (
	"maps"
	"strings"
)

// HasDefaultClause reports whether GORM's AutoMigrate writes a DEFAULT
// clause for the column. Its migrator's FullDataTypeOf does when
// `field.HasDefaultValue && (field.DefaultValueInterface != nil ||
// field.DefaultValue != "")`: for a default: value that parsed as the
// field's kind (DefaultKind is set), an empty string, 0 and false
// included, and for other non-empty SQL text except "(-)", GORM's mark
// for a default the database provides by itself. Every decision about a
// column's default (backfills, ADD COLUMN, the header line) goes through
// here, so that an empty string default is a default everywhere, as it
// is in GORM.
func (c *Column) HasDefaultClause() bool {
	switch {
	case !c.HasDefault:
		return false
	case c.DefaultKind != "":
		return true
	}
	return c.Default != "" && c.Default != "(-)"
}

// DefaultFillsRows reports whether the column's default gives a row a
// value: it has a DEFAULT clause, and the clause is not NULL. Only such a
// default can fill existing rows when the column becomes NOT NULL or is
// added NOT NULL. A NULL that parsed as a string (default:'null') is the
// text "null", a value.
func (c *Column) DefaultFillsRows() bool {
	return c.HasDefaultClause() && (c.DefaultKind != "" || !strings.EqualFold(strings.TrimSpace(c.Default), "null"))
}

// SameSQLType reports whether every dialect compiles c and o to the same
// column type, so that a change from one to the other leaves foreign keys
// over the column valid on every engine. It compares what GORM's drivers
// read in DataTypeOf: the logical and raw types, size, precision, scale,
// per-dialect types, the precision tag (MySQL's datetime precision), the
// generated: tag (PostgreSQL's GENERATED clause), and, for an unsized
// string, what gives it a length on MySQL (a key, an index or unique tag,
// a default: varchar(191)) and on SQL Server (a key or an index or unique
// tag: nvarchar(256)).
//
// Comments, defaults of sized columns, nullability and auto-increment are
// not part of the type. Auto-increment in particular is not: PostgreSQL
// stores serial columns as plain integers with a sequence (the dialect
// compares storage types), MariaDB changes AUTO_INCREMENT of a referenced
// key in place, and SQL Server refuses to add or remove IDENTITY anyway.
func (c *Column) SameSQLType(o *Column) bool {
	return c.sameTypeKind(o) && c.Size == o.Size && c.Precision == o.Precision && c.Scale == o.Scale &&
		c.Generated == o.Generated
}

// sameTypeKind reports whether c and o have the same SQL type apart from
// its limits (size, precision, scale) and the generated: tag.
func (c *Column) sameTypeKind(o *Column) bool {
	return c.DataType == o.DataType && c.GORMDataType == o.GORMDataType && c.Type == o.Type &&
		c.PrecisionTag == o.PrecisionTag && maps.Equal(c.DBTypes, o.DBTypes) &&
		c.implicitLength() == o.implicitLength()
}

// stringLength says whether an unsized string column gets a length on
// MySQL and on SQL Server, whose drivers otherwise make it longtext or
// nvarchar(MAX).
type stringLength struct{ mysql, sqlserver bool }

// implicitLength is the column's stringLength; any column other than an
// unsized string gets no length from these settings.
func (c *Column) implicitLength() stringLength {
	if !c.unsizedString() {
		return stringLength{}
	}
	keyed := c.PrimaryKey || c.IndexTag || c.UniqueTag
	return stringLength{mysql: keyed || c.HasDefault, sqlserver: keyed}
}

// unsizedString reports whether c is a string column without a size,
// which a key, an index or unique tag, or a default gives a length on
// some dialects (implicitLength).
func (c *Column) unsizedString() bool { return c.DataType == String && c.Size == 0 }

// Equal reports whether c and d have equal fields, every one of them (nil
// only equals nil). Field by field rather than by reflect.DeepEqual, which
// cost a third of a large diff; TestSameColumnComparesEveryField fails
// when a field of Column is added and not here.
func (c *Column) Equal(d *Column) bool {
	if c == nil || d == nil {
		return c == d
	}
	return c.Name == d.Name && c.Field == d.Field && c.DataType == d.DataType && c.GORMDataType == d.GORMDataType &&
		c.Type == d.Type && c.Size == d.Size && c.Precision == d.Precision && c.Scale == d.Scale &&
		c.PrimaryKey == d.PrimaryKey && c.AutoIncrement == d.AutoIncrement && c.NotNull == d.NotNull &&
		c.HasDefault == d.HasDefault && c.Default == d.Default && c.DefaultKind == d.DefaultKind &&
		c.Comment == d.Comment && c.TagComment == d.TagComment && c.IndexTag == d.IndexTag &&
		c.UniqueTag == d.UniqueTag && c.PrecisionTag == d.PrecisionTag && c.Generated == d.Generated &&
		maps.Equal(c.DBTypes, d.DBTypes) && c.DBTypesOnly == d.DBTypesOnly
}

// ddlInputs returns a copy of c without what no dialect's DDL reads: the Go
// field path, which is informative, and the index and unique tags of a
// column they do not size (only an unsized string's, see implicitLength).
// The diff compares columns by these copies, so an index tag added to an
// integer creates the index and alters nothing; replaying compares them
// too, so a head snapshot that records such a tag still equals the graph
// that never did.
func (c *Column) ddlInputs() Column {
	x := *c
	x.Field = ""
	if !c.unsizedString() {
		x.IndexTag, x.UniqueTag = false, false
	}
	if len(x.DBTypes) == 0 {
		x.DBTypes = nil
	}
	return x
}
