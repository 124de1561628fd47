package schema

import (
	"fmt"
	"strings"
)

// Precondition is a fact about the rows already in the database that a
// change needs in order to apply without failing half-way or losing data:
// values that fit a narrowed column, no duplicates under a new unique
// index, no NULLs in a column that becomes NOT NULL, no orphans under a new
// foreign key. The generator writes them into the migration file as data
// (a migrate.Checks step) so that a reviewer sees them; the runtime
// compiles each for the connected dialect and verifies them all before
// the migration's first statement, refusing with the offending rows.
//
// Names are those of the database before the migration runs: a check for a
// column that the same migration renames names the old column.
//
// The set is closed (the marker method is unexported), so every dialect
// can compile every kind.
type Precondition interface {
	// String is the one-line description a migration header and a refusal
	// show, such as "users.name: every value fits varchar(32)".
	String() string
	// WaivedBecause is the reason the author gave for skipping the check,
	// or "" when it runs. The generator waives, saying why, the checks it
	// cannot state on the rows before the migration (see Preconditions).
	WaivedBecause() string
	precondition()
}

// ValuesFit requires every non-NULL value of Table.Column to fit the
// column definition To without loss: a smaller size, precision or scale,
// fewer integer digits, or another type. From is the current definition.
type ValuesFit struct {
	Table, Column string
	From, To      *Column
	// Waived, when not empty, skips the check and says why.
	Waived string
}

// NoDuplicates requires that no two rows of Table share the values of
// Columns, for a new unique index or unique constraint (Name). Rows with a
// NULL in any of the columns do not conflict, except on SQL Server, whose
// unique indexes treat NULLs as equal. Where, when set, is the partial
// index's predicate, verbatim SQL: only rows it holds for count.
type NoDuplicates struct {
	Table   string
	Name    string
	Columns []string
	Where   string
	Waived  string
}

// NoNulls requires Table.Column to hold no NULL: the column becomes NOT
// NULL and has no default to fill them with. With FilledFrom set, a step
// of the migration copies that column of the same table into Column
// before it becomes NOT NULL (an expand/contract backfill), so only a row
// where both are NULL fails.
type NoNulls struct {
	Table, Column string
	FilledFrom    string
	Waived        string
}

// NoRows requires Table to be empty: Column is added NOT NULL without a
// default, which no existing row can satisfy.
type NoRows struct {
	Table, Column string
	Waived        string
}

// NoOrphans requires every row of Table whose foreign-key columns are all
// non-NULL to match a row of the referenced table, for a new foreign key.
type NoOrphans struct {
	Table      string
	ForeignKey *ForeignKey
	Waived     string
}

func (ValuesFit) precondition()    {}
func (NoDuplicates) precondition() {}
func (NoNulls) precondition()      {}
func (NoRows) precondition()       {}
func (NoOrphans) precondition()    {}

// WaivedBecause returns the reason the check is skipped, or "".
func (p ValuesFit) WaivedBecause() string { return p.Waived }

// WaivedBecause returns the reason the check is skipped, or "".
func (p NoDuplicates) WaivedBecause() string { return p.Waived }

// WaivedBecause returns the reason the check is skipped, or "".
func (p NoNulls) WaivedBecause() string { return p.Waived }

// WaivedBecause returns the reason the check is skipped, or "".
func (p NoRows) WaivedBecause() string { return p.Waived }

// WaivedBecause returns the reason the check is skipped, or "".
func (p NoOrphans) WaivedBecause() string { return p.Waived }

// String describes the check.
func (p ValuesFit) String() string {
	return fmt.Sprintf("%s.%s: every value fits %s", p.Table, p.Column, ColumnTypeText(p.To))
}

// String describes the check.
func (p NoDuplicates) String() string {
	s := fmt.Sprintf("%s: no duplicate (%s) for unique %s", p.Table, strings.Join(p.Columns, ", "), p.Name)
	if p.Where != "" {
		s += " where " + p.Where
	}
	return s
}

// String describes the check.
func (p NoNulls) String() string {
	if p.FilledFrom != "" {
		return fmt.Sprintf("%s.%s: no NULLs once filled from %s", p.Table, p.Column, p.FilledFrom)
	}
	return fmt.Sprintf("%s.%s: no NULLs", p.Table, p.Column)
}

// String describes the check.
func (p NoRows) String() string {
	return fmt.Sprintf("%s: no rows (NOT NULL column %s has no default)", p.Table, p.Column)
}

// String describes the check.
func (p NoOrphans) String() string {
	fk := p.ForeignKey
	return fmt.Sprintf("%s(%s): every value exists in %s(%s) for foreign key %s", p.Table, strings.Join(fk.Columns, ", "),
		fk.RefTable, strings.Join(fk.RefColumns, ", "), fk.Name)
}

// ColumnTypeText describes a column's type briefly and dialect-neutrally,
// for messages: the type: tag when there is one, else the logical type
// with its size, precision and scale.
func ColumnTypeText(c *Column) string {
	if c == nil {
		return "?"
	}
	if c.Type != "" {
		return c.Type
	}
	switch {
	case c.Precision > 0 && c.Scale > 0:
		return fmt.Sprintf("%s(%d,%d)", c.DataType, c.Precision, c.Scale)
	case c.Precision > 0:
		return fmt.Sprintf("%s(%d)", c.DataType, c.Precision)
	case c.Size > 0 && c.DataType == String:
		return fmt.Sprintf("%s(%d)", c.DataType, c.Size)
	case c.Size > 0:
		return fmt.Sprintf("%s%d", c.DataType, c.Size)
	}
	return c.DataType
}
