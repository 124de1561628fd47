// Package mysql is migragen's MySQL and MariaDB dialect: the SQL of each
// schema change, as gorm.io/driver/mysql's migrator writes it, and a
// migration lock on GET_LOCK. MySQL commits DDL implicitly, so a migration
// that fails half-way leaves a dirty state the runtime records.
package mysql

import (
	"fmt"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/gormfield"
	"github.com/migragen/migragen/schema"
)

// Dialect compiles for MySQL and MariaDB.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

// Name is the GORM Dialector name.
func (Dialect) Name() string { return "mysql" }

// TransactionalDDL is false: every DDL statement commits.
func (Dialect) TransactionalDDL() bool { return false }

// Compile returns the statements for c.
func (d Dialect) Compile(ctx *dialect.Context, c schema.Change) ([]string, error) {
	b := ctx.SQL()
	alter := func(table, rest string, args ...any) string {
		return "ALTER TABLE " + b.Quote(table) + " " + fmt.Sprintf(rest, args...)
	}
	switch c := c.(type) {
	case schema.CreateTable:
		return b.CreateTable(c.Table, dialect.CreateTableOptions{
			Definition:  func(col *schema.Column) (string, error) { return definition(b, col) },
			InlineIndex: func(ix *schema.Index) string { return inlineIndex(b, ix) },
		})
	case schema.DropTable:
		return []string{"DROP TABLE " + b.Quote(c.Table.Name)}, nil
	case schema.RenameTable:
		return []string{alter(c.From, "RENAME TO %s", b.Quote(c.To))}, nil
	case schema.AddColumn:
		def, err := definition(b, c.Column)
		if err != nil {
			return nil, err
		}
		s := alter(c.Table, "ADD %s %s", b.Quote(c.Column.Name), def)
		if c.Column.PrimaryKey || strings.Contains(strings.ToLower(def), "auto_increment") {
			s += ", ADD PRIMARY KEY (" + b.Quote(c.Column.Name) + ")"
		}
		return []string{s}, nil
	case schema.DropColumn:
		return []string{alter(c.Table, "DROP COLUMN %s", b.Quote(c.Column.Name))}, nil
	case schema.RenameColumn:
		return []string{alter(c.Table, "RENAME COLUMN %s TO %s", b.Quote(c.From), b.Quote(c.To))}, nil
	case schema.AlterColumn:
		def, err := definition(b, c.To)
		if err != nil {
			return nil, err
		}
		var out []string
		if c.Backfills() {
			d, err := b.Default(c.To)
			if err != nil {
				return nil, err
			}
			if d != "" {
				out = append(out, fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL", b.Quote(c.Table), b.Quote(c.To.Name), d, b.Quote(c.To.Name)))
			}
		}
		return append(out, alter(c.Table, "MODIFY COLUMN %s %s", b.Quote(c.To.Name), def)), nil
	case schema.CreateIndex:
		s := "CREATE "
		if c.Index.Class != "" {
			s += c.Index.Class + " "
		}
		s += "INDEX " + b.Name(c.Index.Name, c.Index.Derived) + " ON " + b.Quote(c.Table) + "(" + b.IndexColumns(c.Index, true) + ")"
		if c.Index.Type != "" {
			s += " USING " + c.Index.Type
		}
		return []string{s + indexTail(b, c.Index)}, nil
	case schema.DropIndex:
		return []string{"DROP INDEX " + b.Name(c.Index.Name, c.Index.Derived) + " ON " + b.Quote(c.Table)}, nil
	case schema.RenameIndex:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		derived := false
		for _, ix := range t.Indexes {
			if ix.Name == c.From {
				derived = ix.Derived
			}
		}
		return []string{alter(c.Table, "RENAME INDEX %s TO %s", b.Name(c.From, derived), b.Name(c.To, derived))}, nil
	case schema.AddUnique:
		return []string{alter(c.Table, "ADD %s", b.Unique(c.Unique))}, nil
	case schema.DropUnique:
		// A unique constraint is an index in MySQL.
		return []string{alter(c.Table, "DROP INDEX %s", b.Name(c.Unique.Name, c.Unique.Derived))}, nil
	case schema.AddCheck:
		return []string{alter(c.Table, "ADD %s", b.Check(c.Check))}, nil
	case schema.DropCheck:
		return []string{alter(c.Table, "DROP CONSTRAINT %s", b.Name(c.Check.Name, c.Check.Derived))}, nil
	case schema.AddForeignKey:
		return []string{alter(c.Table, "ADD %s", b.ForeignKey(c.ForeignKey))}, nil
	case schema.DropForeignKey:
		return []string{alter(c.Table, "DROP FOREIGN KEY %s", b.Name(c.ForeignKey.Name, c.ForeignKey.Derived))}, nil
	}
	return nil, dialect.Unsupported("mysql", c)
}

// definition is GORM's FullDataTypeOf for MySQL: the shared definition
// plus the column comment.
func definition(b dialect.Builder, col *schema.Column) (string, error) {
	def, err := b.Definition(col)
	if err != nil {
		return "", err
	}
	if text, ok := gormfield.Field(col).TagSettings["COMMENT"]; ok {
		def += " COMMENT " + b.String(text)
	}
	return def, nil
}

// inlineIndex writes an index inside CREATE TABLE as GORM's base migrator
// does; like it, it leaves out USING there.
func inlineIndex(b dialect.Builder, ix *schema.Index) string {
	s := ""
	if ix.Class != "" {
		s = ix.Class + " "
	}
	return s + "INDEX " + b.Name(ix.Name, ix.Derived) + " (" + b.IndexColumns(ix, true) + ")" + indexTail(b, ix)
}

func indexTail(b dialect.Builder, ix *schema.Index) string {
	s := ""
	if ix.Comment != "" {
		s += " COMMENT " + b.String(ix.Comment)
	}
	if ix.Option != "" {
		s += " " + ix.Option
	}
	return s
}
