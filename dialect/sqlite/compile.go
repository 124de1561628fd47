// Package sqlite is migragen's SQLite dialect, for github.com/glebarez/sqlite
// and gorm.io/driver/sqlite (both name their Dialector "sqlite"): the SQL of
// each schema change as GORM's SQLite migrator writes it, table rebuilds
// for what SQLite's ALTER TABLE cannot do, and a migration lock on SQLite's
// own write lock.
//
// CREATE TABLE and CREATE INDEX are written as GORM's AutoMigrate writes
// them, so that AutoMigrate afterwards finds nothing to do. SQLite alters
// a table in place only to rename it or a column, to add a column without
// a key, unique or non-constant default, and to drop an unconstrained
// column; every other change of a table (altering a column, adding or
// dropping a foreign key, check or unique constraint) rebuilds it, as
// described in rebuild.go. A rebuild needs foreign keys off, which only
// works outside a transaction: Dialect implements dialect.TxHooks for that.
package sqlite

import (
	"strconv"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// Dialect compiles for SQLite.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

var (
	_ dialect.Dialect  = Dialect{}
	_ dialect.TxHooks  = Dialect{}
	_ dialect.TxLocker = Dialect{}
)

// Name is the GORM Dialector name.
func (Dialect) Name() string { return "sqlite" }

// TransactionalDDL is true: a SQLite migration applies fully or not at all.
func (Dialect) TransactionalDDL() bool { return true }

// Compile returns the statements for c.
func (d Dialect) Compile(ctx *dialect.Context, c schema.Change) ([]string, error) {
	b := ctx.SQL()
	switch c := c.(type) {
	case schema.CreateTable:
		return createTable(b, c.Table)
	case schema.DropTable:
		return []string{"DROP TABLE " + b.Quote(c.Table.Name)}, nil
	case schema.RenameTable:
		// Since SQLite 3.26 this also rewrites the REFERENCES clauses of
		// other tables that name the table.
		return []string{b.Alter(c.From, "RENAME TO "+b.Quote(c.To))}, nil
	case schema.RenameColumn:
		return []string{b.Alter(c.Table, "RENAME COLUMN "+b.Quote(c.From)+" TO "+b.Quote(c.To))}, nil
	case schema.AddColumn:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		if !canAdd(b, c.Column) {
			return rebuildFor(ctx, t, c)
		}
		def, err := definition(b, c.Column)
		if err != nil {
			return nil, err
		}
		return []string{b.Alter(c.Table, "ADD "+b.Quote(c.Column.Name)+" "+def)}, nil
	case schema.DropColumn:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		if !canDrop(ctx.Before, t, c.Column) {
			return rebuildFor(ctx, t, c)
		}
		return []string{b.Alter(c.Table, "DROP COLUMN "+b.Quote(c.Column.Name))}, nil
	case schema.AlterColumn:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		same, err := sameDefinition(b, c.From, c.To)
		if err != nil || same {
			// SQLite compiles both versions alike (text of any size, say):
			// there is nothing to change.
			return nil, err
		}
		return rebuildFor(ctx, t, c)
	case schema.AddUnique, schema.DropUnique, schema.AddCheck, schema.DropCheck, schema.AddForeignKey, schema.DropForeignKey, schema.RenameConstraint:
		t, err := ctx.Table(schema.TableOf(c))
		if err != nil {
			return nil, err
		}
		return rebuildFor(ctx, t, c)
	case schema.CreateIndex:
		return []string{createIndex(b, c.Table, c.Index)}, nil
	case schema.DropIndex:
		return []string{dropIndex(b, c.Index)}, nil
	case schema.RenameIndex:
		// SQLite cannot rename an index; GORM's SQLite migrator drops it
		// and creates it again under the new name.
		ix, err := ctx.Index(c.Table, c.From)
		if err != nil {
			return nil, err
		}
		renamed := ix.Clone()
		renamed.Name = c.To
		return []string{dropIndex(b, ix), createIndex(b, c.Table, renamed)}, nil
	}
	return nil, dialect.Unsupported("sqlite", c)
}

// createTable writes CREATE TABLE as GORM's base migrator does, then the
// table's indexes, which GORM's SQLite migrator creates after the table.
func createTable(b dialect.Builder, t *schema.Table) ([]string, error) {
	return b.CreateTable(t, dialect.CreateTableOptions{
		Definition: func(col *schema.Column) (string, error) { return definition(b, col) },
		CreateIndex: func(table string, ix *schema.Index) string {
			return createIndex(b, table, ix)
		},
	})
}

// definition writes a column's type, NOT NULL and DEFAULT exactly as
// GORM's FullDataTypeOf does on SQLite, because GORM's SQLite migrator
// compares the text of the default it reads back from sqlite_master with
// the model's. A literal default is rendered by the Dialector's Explain,
// as GORM renders it: a string in double quotes with inner double quotes
// doubled, which SQLite takes as a string in a DEFAULT clause and which
// cannot end early. SQL text (CURRENT_TIMESTAMP, ...) is used verbatim.
func definition(b dialect.Builder, col *schema.Column) (string, error) {
	return b.DefinitionWith(col, b.Explain)
}

// createIndex writes CREATE INDEX as github.com/glebarez/sqlite's
// CreateIndex does: class, name, table, the columns with their collation
// and order (SQLite has no prefix lengths) and the partial-index WHERE.
// An index type (USING btree, ...) and option are left out: GORM would
// write USING, which SQLite rejects, and SQLite has one kind of index.
// AutoMigrate finds indexes by name, so it is content either way.
func createIndex(b dialect.Builder, table string, ix *schema.Index) string {
	var s strings.Builder
	s.WriteString("CREATE ")
	if ix.Class != "" {
		s.WriteString(ix.Class + " ")
	}
	s.WriteString("INDEX " + b.Name(ix.Name, ix.Derived) + " ON " + b.Quote(table) + "(" + b.IndexColumns(ix, false) + ")")
	if ix.Where != "" {
		s.WriteString(" WHERE " + ix.Where)
	}
	return s.String()
}

func dropIndex(b dialect.Builder, ix *schema.Index) string {
	return "DROP INDEX " + b.Name(ix.Name, ix.Derived)
}

// sameDefinition reports whether SQLite stores from and to alike: the
// same column definition and the same part in the primary key. Comments,
// sizes SQLite ignores and the like do not count.
func sameDefinition(b dialect.Builder, from, to *schema.Column) (bool, error) {
	f, err := definition(b, from)
	if err != nil {
		return false, err
	}
	t, err := definition(b, to)
	if err != nil {
		return false, err
	}
	return f == t && from.PrimaryKey == to.PrimaryKey, nil
}

// canAdd reports whether ALTER TABLE ADD COLUMN can add col. SQLite
// refuses a column that is a primary key or unique, a NOT NULL column
// without a non-NULL default, and a default that is not a constant
// (CURRENT_TIMESTAMP, an expression in parentheses); a stored generated
// column cannot be added either.
func canAdd(b dialect.Builder, col *schema.Column) bool {
	typ := strings.ToUpper(b.Type(col))
	switch {
	case col.PrimaryKey, col.AutoIncrement, strings.Contains(typ, "PRIMARY KEY"), strings.Contains(typ, "UNIQUE"),
		strings.Contains(typ, "REFERENCES"), strings.Contains(typ, "GENERATED") && strings.Contains(typ, "STORED"):
		return false
	}
	if !col.DefaultFillsRows() { // no default, or DEFAULT NULL
		return !col.NotNull
	}
	if col.DefaultKind != "" {
		return true // a literal the dialect renders, '' included
	}
	return constant(strings.ToUpper(strings.TrimSpace(col.Default)))
}

// constant reports whether SQL text d (upper-cased) is a literal: a
// number, a string or blob literal, TRUE or FALSE.
func constant(d string) bool {
	switch {
	case d == "TRUE" || d == "FALSE":
		return true
	case len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'':
		return !strings.Contains(strings.ReplaceAll(d[1:len(d)-1], "''", ""), "'")
	case len(d) >= 3 && d[0] == 'X' && d[1] == '\'' && d[len(d)-1] == '\'':
		return true
	}
	d = strings.TrimLeft(d, "+-")
	if _, err := strconv.ParseFloat(d, 64); err == nil {
		return true
	}
	_, err := strconv.ParseInt(d, 0, 64)
	return err == nil
}

// canDrop reports whether ALTER TABLE DROP COLUMN can drop col from t.
// SQLite refuses to drop a column that is in the primary key, unique, in
// an index, a foreign key or a check constraint, or named in a partial
// index's WHERE or an index expression. Checks, WHEREs and expressions
// are SQL text; one that mentions the column's name at all counts.
func canDrop(s *schema.Snapshot, t *schema.Table, col *schema.Column) bool {
	name := strings.ToLower(col.Name)
	mentions := func(sql string) bool { return strings.Contains(strings.ToLower(sql), name) }
	if col.PrimaryKey || col.AutoIncrement || dialect.UsesColumn(t, col.Name) || strings.Contains(strings.ToUpper(col.Type), "UNIQUE") {
		return false
	}
	for _, k := range t.Checks {
		if mentions(k.Expr) {
			return false
		}
	}
	for _, ix := range t.Indexes {
		if mentions(ix.Where) {
			return false
		}
		for _, ic := range ix.Columns {
			if mentions(ic.Expression) {
				return false
			}
		}
	}
	_, keys := dialect.ForeignKeysInto(s, t.Name)
	for _, fk := range keys {
		for _, ref := range fk.RefColumns {
			if ref == col.Name {
				return false
			}
		}
	}
	return true
}
