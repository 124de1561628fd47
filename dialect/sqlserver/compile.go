// Package sqlserver is migragen's SQL Server dialect: the SQL of each schema
// change, as gorm.io/driver/sqlserver's migrator writes it, and a migration
// lock on sp_getapplock.
//
// No SQL Server runs where migragen is tested. The CREATE TABLE, CREATE
// INDEX and column-comment statements are compared with what GORM's
// sqlserver migrator emits for the same models; every other statement is
// golden-tested, each golden saying which part of the GORM migrator it
// follows and where it departs from it.
//
// Where the compiled SQL departs from GORM's migrator, it is because GORM's
// statement would fail or do nothing on a real server:
//
//   - SQL Server's ALTER COLUMN cannot set or drop a default. A column's
//     DEFAULT, written inline as GORM writes it, becomes a default
//     constraint with a name the server makes up (DF__users__name__1A2B3C4D).
//     GORM's AlterColumn ignores defaults, so AutoMigrate never changes one.
//     migragen drops the column's default constraint, found by column in
//     sys.default_constraints when the statement runs, and adds the new
//     default with ALTER TABLE ... ADD DEFAULT ... FOR, again unnamed, as
//     an AutoMigrate-created column would have it. A column is dropped the
//     same way: its default constraint first, which SQL Server requires.
//   - ALTER COLUMN fails while an index, a primary key, a unique, check or
//     foreign-key constraint uses the column, and a default blocks a change
//     of data type. Around an ALTER COLUMN, migragen drops those of the
//     schema it replays and the default, alters the column and creates
//     them again, in the migration's transaction. A primary key, which GORM
//     leaves unnamed, is found in sys.key_constraints when the statement
//     runs; a key column stays NOT NULL, where GORM's AlterColumn writes
//     NULL.
//   - IDENTITY cannot be added or removed by ALTER COLUMN; such a change is
//     refused with an error instead of GORM's failing statement.
//   - GORM reads the default schema (SELECT SCHEMA_NAME()) before it adds
//     a column comment with sp_addextendedproperty. A compiled migration
//     reads nothing while compiling, so the statement reads SCHEMA_NAME()
//     itself, in the same batch.
//   - GORM binds the names it passes to sp_rename and
//     sp_addextendedproperty as parameters, which go-mssqldb sends as
//     nvarchar; migragen writes them as N'...' literals, which is the same.
//
// Literals: a default is written as GORM's FullDataTypeOf writes it, through
// the Dialector's Explain, which gives a string as '...' with quotes
// doubled (no N prefix; GORM writes it into the DDL text, not as a
// parameter), so the column equals the one AutoMigrate creates. Comments
// are N'...' with quotes doubled, as GORM's setColumnComment writes them.
package sqlserver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// Dialect compiles for SQL Server.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

// Name is the GORM Dialector name.
func (Dialect) Name() string { return "sqlserver" }

// TransactionalDDL is true: a SQL Server migration applies fully or not at
// all.
func (Dialect) TransactionalDDL() bool { return true }

// Compile returns the statements for c.
func (d Dialect) Compile(ctx *dialect.Context, c schema.Change) ([]string, error) {
	b := ctx.SQL()
	switch c := c.(type) {
	case schema.CreateTable:
		out, err := b.CreateTable(c.Table, dialect.CreateTableOptions{CreateIndex: func(table string, ix *schema.Index) string {
			return createIndex(b, table, ix)
		}})
		if err != nil {
			return nil, err
		}
		for _, col := range c.Table.Columns {
			if hasComment(col) {
				out = append(out, comment(b, "sp_addextendedproperty", c.Table.Name, col))
			}
		}
		return out, nil
	case schema.DropTable:
		return []string{"DROP TABLE " + b.Quote(c.Table.Name)}, nil
	case schema.RenameTable:
		return renameTable(b, c)
	case schema.AddColumn:
		def, err := b.Definition(c.Column)
		if err != nil {
			return nil, err
		}
		out := []string{b.Alter(c.Table, fmt.Sprintf("ADD %s %s", b.Quote(c.Column.Name), def))}
		if hasComment(c.Column) {
			out = append(out, comment(b, "sp_addextendedproperty", c.Table, c.Column))
		}
		return out, nil
	case schema.DropColumn:
		var out []string
		if c.Column.HasDefaultClause() {
			out = append(out, dropDefault(b, c.Table, c.Column.Name))
		}
		return append(out, b.Alter(c.Table, fmt.Sprintf("DROP COLUMN %s", b.Quote(c.Column.Name)))), nil
	case schema.RenameColumn:
		return []string{rename(b, qualified(c.Table, c.From), b.Quote(c.To), "COLUMN")}, nil
	case schema.AlterColumn:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		return alterColumn(b, ctx.Before, t, c)
	case schema.CreateIndex:
		return []string{createIndex(b, c.Table, c.Index)}, nil
	case schema.DropIndex:
		return []string{dropIndex(b, c.Table, c.Index)}, nil
	case schema.RenameIndex:
		derived, err := ctx.IndexDerived(c.Table, c.From)
		if err != nil {
			return nil, err
		}
		from := b.ShortName(c.From, derived)
		return []string{rename(b, qualified(c.Table, from), b.Name(c.To, derived), "INDEX")}, nil
	case schema.RenameConstraint:
		k, err := ctx.Constraint(c.Table, c.Kind, c.From)
		if err != nil {
			return nil, err
		}
		from := b.ShortName(c.From, k.Derived())
		if s, _ := splitName(c.Table); s != "" {
			from = s + "." + from
		}
		return []string{rename(b, from, b.Name(c.To, k.Derived()), "OBJECT")}, nil
	case schema.AddUnique:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Unique(c.Unique)))}, nil
	case schema.DropUnique:
		return []string{dropConstraint(b, c.Table, c.Unique.Name, c.Unique.Derived)}, nil
	case schema.AddCheck:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Check(c.Check)))}, nil
	case schema.DropCheck:
		return []string{dropConstraint(b, c.Table, c.Check.Name, c.Check.Derived)}, nil
	case schema.AddForeignKey:
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.ForeignKey(c.ForeignKey)))}, nil
	case schema.DropForeignKey:
		return []string{dropConstraint(b, c.Table, c.ForeignKey.Name, c.ForeignKey.Derived)}, nil
	}
	return nil, dialect.Unsupported("sqlserver", c)
}

// createIndex writes CREATE INDEX as the sqlserver migrator's CreateIndex
// does: no USING and no COMMENT, which SQL Server lacks, and WHERE before
// the option. The column list is GORM's BuildIndexOptions, prefix lengths
// included.
func createIndex(b dialect.Builder, table string, ix *schema.Index) string {
	s := "CREATE "
	if ix.Class != "" {
		s += ix.Class + " "
	}
	s += "INDEX " + b.Name(ix.Name, ix.Derived) + " ON " + b.Quote(table) + "(" + b.IndexColumns(ix, true) + ")"
	if ix.Where != "" {
		s += " WHERE " + ix.Where
	}
	if ix.Option != "" {
		s += " " + ix.Option
	}
	return s
}

// dropIndex is GORM's base DropIndex, which is T-SQL.
func dropIndex(b dialect.Builder, table string, ix *schema.Index) string {
	return "DROP INDEX " + b.Name(ix.Name, ix.Derived) + " ON " + b.Quote(table)
}

// dropConstraint is GORM's base DropConstraint.
func dropConstraint(b dialect.Builder, table, name string, derived bool) string {
	return b.Alter(table, "DROP CONSTRAINT "+b.Name(name, derived))
}

// nstring is a Unicode string literal: GORM binds the names and comments it
// passes to system procedures as parameters, and go-mssqldb sends Go
// strings as nvarchar.
func nstring(b dialect.Builder, s string) string { return "N" + b.String(s) }

// splitName splits a table name into its schema and table as GORM's
// sqlserver migrator does ("schema.table"; a third part in front is the
// database).
func splitName(name string) (schemaName, table string) {
	parts := strings.Split(name, ".")
	if len(parts) < 2 {
		return "", name
	}
	return parts[len(parts)-2], parts[len(parts)-1]
}

// qualified names a column or index of table for sp_rename's @objname, as
// GORM writes it: "table.name", unquoted.
func qualified(table, name string) string { return table + "." + name }

// rename is the sqlserver migrator's RenameColumn and RenameIndex:
// sp_rename with the object as a string and the new name quoted. EXEC
// lets it run after other statements of a batch, where GORM's bare
// sp_rename, always first in its own batch, would not.
func rename(b dialect.Builder, object, newName, objType string) string {
	return fmt.Sprintf("EXEC sp_rename @objname = %s, @newname = %s, @objtype = '%s'", nstring(b, object), newName, objType)
}

// renameTable is the sqlserver migrator's RenameTable. sp_rename cannot
// move a table to another schema, and its new name is the bare name.
func renameTable(b dialect.Builder, c schema.RenameTable) ([]string, error) {
	fromSchema, _ := splitName(c.From)
	toSchema, to := splitName(c.To)
	if toSchema != "" && toSchema != fromSchema {
		return nil, fmt.Errorf("sqlserver cannot rename table %s to %s: sp_rename does not move a table to another schema (use ALTER SCHEMA ... TRANSFER in a SQL step)", c.From, c.To)
	}
	object := b.Quote(c.From)
	if fromSchema != "" {
		// A multi-part name is passed as a string, not an identifier.
		object = nstring(b, c.From)
	}
	return []string{fmt.Sprintf("EXEC sp_rename @objname = %s, @newname = %s", object, b.Quote(to))}, nil
}

// hasComment reports whether GORM's sqlserver migrator writes a comment for
// col: it does when the field has a comment: tag setting, even one copied
// from an embedding field, and writes the field's Comment.
func hasComment(col *schema.Column) bool { return col.Comment != "" || col.TagComment != "" }

// comment writes the sqlserver migrator's setColumnComment with proc
// sp_addextendedproperty or sp_updateextendedproperty. GORM passes the
// schema it read with SELECT SCHEMA_NAME() (or the one in a qualified table
// name); the statement reads it itself.
func comment(b dialect.Builder, proc, table string, col *schema.Column) string {
	level0, rest := commentTarget(b, table, col.Name)
	return fmt.Sprintf("%sEXEC %s 'MS_Description', %s, 'SCHEMA', %s", level0, proc, nstring(b, col.Comment), rest)
}

// dropComment removes a column's description, which GORM never does (it
// updates it to the empty string).
func dropComment(b dialect.Builder, table, column string) string {
	level0, rest := commentTarget(b, table, column)
	return fmt.Sprintf("%sEXEC sp_dropextendedproperty 'MS_Description', 'SCHEMA', %s", level0, rest)
}

// commentTarget returns what declares the schema, if anything, and the
// schema, table and column arguments of the extended-property procedures.
// GORM passes a qualified table name whole as the table; the table is its
// last part.
func commentTarget(b dialect.Builder, table, column string) (declare, args string) {
	schemaName, name := splitName(table)
	level0 := "@schema"
	if schemaName != "" {
		level0 = nstring(b, schemaName)
	} else {
		declare = "DECLARE @schema sysname = SCHEMA_NAME(); "
	}
	return declare, fmt.Sprintf("%s, 'TABLE', %s, 'COLUMN', %s", level0, nstring(b, name), nstring(b, column))
}

// dropDefault drops the default constraint of a column whatever its name:
// GORM writes defaults inline, so the server names them.
func dropDefault(b dialect.Builder, table, column string) string {
	return dropNamed(b, table, "d.name",
		"sys.default_constraints d JOIN sys.columns c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id"+
			" WHERE d.parent_object_id = OBJECT_ID("+nstring(b, table)+") AND c.name = "+nstring(b, column))
}

// dropPrimaryKey drops a table's primary key, which GORM leaves unnamed.
func dropPrimaryKey(b dialect.Builder, table string) string {
	return dropNamed(b, table, "name", "sys.key_constraints WHERE parent_object_id = OBJECT_ID("+nstring(b, table)+") AND type = 'PK'")
}

// dropNamed drops the constraint of table whose name the query
// "SELECT name FROM from" finds when the statement runs, if there is one.
// The statement is one batch; EXEC cannot take QUOTENAME's result directly,
// so the ALTER TABLE is built in a variable.
func dropNamed(b dialect.Builder, table, name, from string) string {
	return "DECLARE @sql nvarchar(max) = (SELECT " + nstring(b, "ALTER TABLE "+b.Quote(table)+" DROP CONSTRAINT ") +
		" + QUOTENAME(" + name + ") FROM " + from + "); IF @sql IS NOT NULL EXEC sp_executesql @sql"
}

// identity is the suffix the sqlserver Dialector's DataTypeOf gives an
// auto-increment integer.
const identity = " IDENTITY(1,1)"

// alterColumn changes type, nullability, default and comment, each only
// when it changes. GORM's AlterColumn writes ALTER COLUMN with the type and
// NULL or NOT NULL and nothing else; what SQL Server needs around it is
// described in the package documentation. Existing NULLs are backfilled
// with the new default before NOT NULL is set.
func alterColumn(b dialect.Builder, before *schema.Snapshot, t *schema.Table, c schema.AlterColumn) ([]string, error) {
	from, to := c.From, c.To
	table, col := b.Quote(c.Table), b.Quote(to.Name)
	if from.AutoIncrement != to.AutoIncrement {
		return nil, fmt.Errorf("sqlserver cannot alter column %s.%s: ALTER COLUMN cannot add or remove IDENTITY; rebuild the table in SQL steps", c.Table, to.Name)
	}
	oldDefault, err := b.Default(from)
	if err != nil {
		return nil, err
	}
	newDefault, err := b.Default(to)
	if err != nil {
		return nil, err
	}
	oldType := strings.TrimSuffix(b.Type(from), identity)
	newType := strings.TrimSuffix(b.Type(to), identity)
	alterType := !strings.EqualFold(oldType, newType) || notNull(from) != notNull(to)

	var pre, post []string
	if alterType {
		pre, post = dependents(b, before, t, to.Name)
	}
	defaultDropped := oldDefault != "" && (alterType || newDefault != oldDefault)
	if defaultDropped {
		pre = append(pre, dropDefault(b, c.Table, to.Name))
	}
	out := pre
	if alterType {
		if c.Backfills() { // newDefault is set: Backfills needs a DEFAULT clause
			out = append(out, b.Backfill(c.Table, to.Name, newDefault))
		}
		null := " NULL"
		if notNull(to) {
			null = " NOT NULL"
		}
		out = append(out, "ALTER TABLE "+table+" ALTER COLUMN "+col+" "+newType+null)
	}
	if newDefault != "" && (newDefault != oldDefault || defaultDropped) {
		out = append(out, "ALTER TABLE "+table+" ADD DEFAULT "+newDefault+" FOR "+col)
	}
	out = append(out, post...)
	switch {
	case hasComment(to) && !hasComment(from):
		out = append(out, comment(b, "sp_addextendedproperty", c.Table, to))
	case hasComment(to) && from.Comment != to.Comment:
		out = append(out, comment(b, "sp_updateextendedproperty", c.Table, to))
	case !hasComment(to) && hasComment(from):
		out = append(out, dropComment(b, c.Table, to.Name))
	}
	return out, nil
}

// notNull reports whether col is NOT NULL on the server: a primary-key
// column is, though GORM leaves NotNull unset on it, and ALTER COLUMN must
// say so again (GORM's AlterColumn writes NULL there, which SQL Server
// refuses for a key).
func notNull(col *schema.Column) bool { return col.NotNull || col.PrimaryKey }

// dependents returns the statements that drop what keeps ALTER COLUMN from
// changing column of t — foreign keys into it, t's foreign keys, uniques,
// checks and indexes on it and t's primary key — and those that create
// them again afterwards, in reverse order.
func dependents(b dialect.Builder, s *schema.Snapshot, t *schema.Table, column string) (drop, create []string) {
	add := func(d, c string) {
		drop = append(drop, d)
		create = append([]string{c}, create...)
	}
	col := t.Column(column)
	if col == nil {
		return nil, nil
	}
	usesColumn := func(cols []string) bool { return slices.Contains(cols, column) }
	holders, keys := dialect.ForeignKeysInto(s, t.Name)
	for i, fk := range keys {
		if usesColumn(fk.RefColumns) && holders[i] != t {
			add(dropConstraint(b, holders[i].Name, fk.Name, fk.Derived), b.Alter(holders[i].Name, "ADD "+b.ForeignKey(fk)))
		}
	}
	for _, fk := range t.ForeignKeys {
		if usesColumn(fk.Columns) || (fk.RefTable == t.Name && usesColumn(fk.RefColumns)) {
			add(dropConstraint(b, t.Name, fk.Name, fk.Derived), b.Alter(t.Name, "ADD "+b.ForeignKey(fk)))
		}
	}
	for _, u := range t.Uniques {
		if u.Column == column {
			add(dropConstraint(b, t.Name, u.Name, u.Derived), b.Alter(t.Name, "ADD "+b.Unique(u)))
		}
	}
	for _, k := range t.Checks {
		if k.Column == column {
			add(dropConstraint(b, t.Name, k.Name, k.Derived), b.Alter(t.Name, "ADD "+b.Check(k)))
		}
	}
	for _, ix := range t.Indexes {
		if slices.ContainsFunc(ix.Columns, func(c *schema.IndexColumn) bool { return c.Column == column }) {
			add(dropIndex(b, t.Name, ix), createIndex(b, t.Name, ix))
		}
	}
	if col.PrimaryKey {
		add(dropPrimaryKey(b, t.Name), "ALTER TABLE "+b.Quote(t.Name)+" ADD PRIMARY KEY "+b.List(t.PrimaryKey()))
	}
	return drop, create
}
