// Package mysql is migragen's MySQL and MariaDB dialect: the SQL of each
// schema change, as gorm.io/driver/mysql's migrator writes it, and a
// migration lock on GET_LOCK. MySQL commits DDL implicitly, so a migration
// that fails half-way leaves a dirty state the runtime records.
package mysql

import (
	"fmt"
	"slices"
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

// Compile returns the statements for c: GORM's, and in the online-safe
// form (ctx.Online, on a table the migration did not create) with the
// ALGORITHM and LOCK clause of OnlineClause where the change has one.
func (d Dialect) Compile(ctx *dialect.Context, c schema.Change) ([]string, error) {
	clause := online(ctx, c)
	stmts, err := d.compile(ctx, c, clause != "")
	if err != nil {
		return nil, err
	}
	return withClause(stmts, clause), nil
}

// compile returns GORM's statements for c; alterForm asks for DROP INDEX
// as ALTER TABLE ... DROP INDEX, which takes an ALGORITHM clause on
// MariaDB too and leaves the same schema.
func (d Dialect) compile(ctx *dialect.Context, c schema.Change, alterForm bool) ([]string, error) {
	b := ctx.SQL()
	switch c := c.(type) {
	case schema.CreateTable:
		return b.CreateTable(c.Table, dialect.CreateTableOptions{
			Definition:  func(col *schema.Column) (string, error) { return definition(b, col) },
			InlineIndex: func(ix *schema.Index) string { return inlineIndex(b, ix) },
		})
	case schema.DropTable:
		return []string{"DROP TABLE " + b.Quote(c.Table.Name)}, nil
	case schema.RenameTable:
		return []string{b.Alter(c.From, fmt.Sprintf("RENAME TO %s", b.Quote(c.To)))}, nil
	case schema.AddColumn:
		def, err := definition(b, c.Column)
		if err != nil {
			return nil, err
		}
		s := b.Alter(c.Table, fmt.Sprintf("ADD %s %s", b.Quote(c.Column.Name), def))
		if c.Column.PrimaryKey || strings.Contains(strings.ToLower(def), "auto_increment") {
			s += ", ADD PRIMARY KEY (" + b.Quote(c.Column.Name) + ")"
		}
		return []string{s}, nil
	case schema.DropColumn:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP COLUMN %s", b.Quote(c.Column.Name)))}, nil
	case schema.RenameColumn:
		return []string{b.Alter(c.Table, fmt.Sprintf("RENAME COLUMN %s TO %s", b.Quote(c.From), b.Quote(c.To)))}, nil
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
				out = append(out, b.Backfill(c.Table, c.To.Name, d))
			}
		}
		return append(out, b.Alter(c.Table, fmt.Sprintf("MODIFY COLUMN %s %s", b.Quote(c.To.Name), def))), nil
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
		if alterForm {
			return []string{b.Alter(c.Table, "DROP INDEX "+b.Name(c.Index.Name, c.Index.Derived))}, nil
		}
		return []string{"DROP INDEX " + b.Name(c.Index.Name, c.Index.Derived) + " ON " + b.Quote(c.Table)}, nil
	case schema.RenameIndex:
		derived, err := ctx.IndexDerived(c.Table, c.From)
		if err != nil {
			return nil, err
		}
		return []string{b.Alter(c.Table, fmt.Sprintf("RENAME INDEX %s TO %s", b.Name(c.From, derived), b.Name(c.To, derived)))}, nil
	case schema.RenameConstraint:
		return renameConstraint(ctx, b, c)
	case schema.AddUnique:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Unique(c.Unique)))}, nil
	case schema.DropUnique:
		// A unique constraint is an index in MySQL.
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP INDEX %s", b.Name(c.Unique.Name, c.Unique.Derived)))}, nil
	case schema.AddCheck:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Check(c.Check)))}, nil
	case schema.DropCheck:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP CONSTRAINT %s", b.Name(c.Check.Name, c.Check.Derived)))}, nil
	case schema.AddForeignKey:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.ForeignKey(c.ForeignKey)))}, nil
	case schema.DropForeignKey:
		name := b.Name(c.ForeignKey.Name, c.ForeignKey.Derived)
		out := []string{b.Alter(c.Table, fmt.Sprintf("DROP FOREIGN KEY %s", name))}
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		if implicitIndex(t, c.ForeignKey) {
			out = append(out, b.Alter(c.Table, fmt.Sprintf("DROP INDEX %s", name)))
		}
		return out, nil
	}
	return nil, dialect.Unsupported("mysql", c)
}

// implicitIndex reports whether the table holds an index that MySQL made
// for fk. InnoDB needs an index whose first columns are a foreign key's;
// when the table has none, adding the key creates one named after the
// constraint. Dropping the key leaves that index behind, where
// AutoMigrate of the models has none, so DropForeignKey drops it too.
// MySQL drops it by itself when a later index covers the columns, and
// refuses to drop an index a key needs, so an index covering the columns
// now (the primary key, an index, a unique) means there is none. When
// another key of the table starts with the same column, the order the keys
// were added in decided which of them named the index (GORM adds a table's
// keys in map order), so it is left alone.
func implicitIndex(t *schema.Table, fk *schema.ForeignKey) bool {
	if len(fk.Columns) == 0 {
		return false
	}
	covers := func(cols []string) bool {
		return len(cols) >= len(fk.Columns) && slices.Equal(cols[:len(fk.Columns)], fk.Columns)
	}
	if covers(t.PrimaryKey()) {
		return false
	}
	for _, ix := range t.Indexes {
		if class := strings.ToUpper(ix.Class); class == "FULLTEXT" || class == "SPATIAL" {
			continue
		}
		var cols []string
		for _, ic := range ix.Columns {
			if ic.Expression != "" || ic.Length > 0 {
				break // InnoDB cannot use a prefix or an expression for a key
			}
			cols = append(cols, ic.Column)
		}
		if covers(cols) {
			return false
		}
	}
	for _, u := range t.Uniques {
		if covers([]string{u.Column}) {
			return false
		}
	}
	for _, other := range t.ForeignKeys {
		if other.Name != fk.Name && len(other.Columns) > 0 && other.Columns[0] == fk.Columns[0] {
			return false
		}
	}
	return true
}

// renameConstraint renames a unique constraint as the index it is in
// MySQL; MySQL cannot rename a check or a foreign key, so those are dropped
// and added under the new name, and the index MySQL made for a foreign key
// follows the key's name.
func renameConstraint(ctx *dialect.Context, b dialect.Builder, c schema.RenameConstraint) ([]string, error) {
	k, err := ctx.Constraint(c.Table, c.Kind, c.From)
	if err != nil {
		return nil, err
	}
	from, to := b.Name(c.From, k.Derived()), b.Name(c.To, k.Derived())
	switch {
	case k.Unique != nil:
		return []string{b.Alter(c.Table, "RENAME INDEX "+from+" TO "+to)}, nil
	case k.Check != nil:
		renamed := *k.Check
		renamed.Name = c.To
		return []string{b.Alter(c.Table, "DROP CONSTRAINT "+from), b.Alter(c.Table, "ADD "+b.Check(&renamed))}, nil
	}
	t, err := ctx.Table(c.Table)
	if err != nil {
		return nil, err
	}
	renamed := *k.ForeignKey
	renamed.Name = c.To
	out := []string{b.Alter(c.Table, "DROP FOREIGN KEY "+from)}
	if implicitIndex(t, k.ForeignKey) {
		out = append(out, b.Alter(c.Table, "RENAME INDEX "+from+" TO "+to))
	}
	return append(out, b.Alter(c.Table, "ADD "+b.ForeignKey(&renamed))), nil
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
