// Package postgres is migragen's PostgreSQL dialect: the SQL of each schema
// change, as gorm.io/driver/postgres's migrator writes it, and a migration
// lock on a PostgreSQL advisory lock.
package postgres

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// Dialect compiles for PostgreSQL.
type Dialect struct{}

func init() { dialect.Register(Dialect{}) }

// Name is the GORM Dialector name.
func (Dialect) Name() string { return "postgres" }

// TransactionalDDL is true: a PostgreSQL migration applies fully or not at
// all.
func (Dialect) TransactionalDDL() bool { return true }

// Batch joins statements into one query string, which PostgreSQL's simple
// query protocol runs in one round trip; a migration of a few hundred
// tables spends as long on round trips as on DDL otherwise.
// A statement ending in a -- comment cannot swallow the separator, which
// stands on a line of its own.
func (Dialect) Batch(stmts []string) string { return strings.Join(stmts, "\n;\n") }

// Compile returns the statements for c.
func (d Dialect) Compile(ctx *dialect.Context, c schema.Change) ([]string, error) {
	b := ctx.SQL()
	switch c := c.(type) {
	case schema.CreateTable:
		out, err := b.CreateTable(c.Table, dialect.CreateTableOptions{CreateIndex: func(table string, ix *schema.Index) string {
			return createIndex(b, table, ix, build(concurrent(ix) && !ctx.InTransaction))
		}})
		if err != nil {
			return nil, err
		}
		for _, col := range c.Table.Columns {
			if col.Comment != "" {
				out = append(out, comment(b, c.Table.Name, col))
			}
		}
		return out, nil
	case schema.DropTable:
		return []string{"DROP TABLE " + b.Quote(c.Table.Name)}, nil
	case schema.RenameTable:
		t, err := ctx.Table(c.From)
		if err != nil {
			return nil, err
		}
		out := []string{b.Alter(c.From, fmt.Sprintf("RENAME TO %s", b.Quote(c.To)))}
		// GORM's CREATE TABLE leaves the primary key unnamed, so
		// PostgreSQL names it, and its index, after the table. Renaming
		// the index renames the constraint: AutoMigrate of the new name
		// would have made <new>_pkey, and a later table of the old name
		// would collide with <old>_pkey.
		if len(t.PrimaryKey()) > 0 {
			out = append(out, fmt.Sprintf("ALTER INDEX IF EXISTS %s RENAME TO %s",
				b.Quote(primaryKeyName(c.From)), b.Quote(primaryKeyName(c.To))))
		}
		// A serial column's sequence is named after its table; GORM finds
		// it through the column default either way, but a later CREATE
		// TABLE of the old name would collide with it.
		for _, col := range t.Columns {
			if col.AutoIncrement {
				out = append(out, renameSequence(b, c.From, col.Name, c.To, col.Name))
			}
		}
		return out, nil
	case schema.AddColumn:
		def, err := b.Definition(c.Column)
		if err != nil {
			return nil, err
		}
		out := []string{b.Alter(c.Table, fmt.Sprintf("ADD %s %s", b.Quote(c.Column.Name), def))}
		if c.Column.Comment != "" {
			out = append(out, comment(b, c.Table, c.Column))
		}
		return out, nil
	case schema.DropColumn:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP COLUMN %s", b.Quote(c.Column.Name)))}, nil
	case schema.RenameColumn:
		t, err := ctx.Table(c.Table)
		if err != nil {
			return nil, err
		}
		out := []string{b.Alter(c.Table, fmt.Sprintf("RENAME COLUMN %s TO %s", b.Quote(c.From), b.Quote(c.To)))}
		if col := t.Column(c.From); col != nil && col.AutoIncrement {
			out = append(out, renameSequence(b, c.Table, c.From, c.Table, c.To))
		}
		return out, nil
	case schema.AlterColumn:
		return alterColumn(ctx, b, c)
	case schema.CreateIndex:
		if OnlineForm(ctx, c) {
			createIndexOnline(ctx, b, c.Table, c.Index)
			return nil, nil
		}
		if ctx.InTransaction && concurrent(c.Index) {
			return nil, fmt.Errorf("index %s is created CONCURRENTLY, which PostgreSQL cannot do inside a transaction; set NoTransaction: true on this migration", c.Index.Name)
		}
		return []string{createIndex(b, c.Table, c.Index, build(concurrent(c.Index)))}, nil
	case schema.DropIndex:
		if OnlineForm(ctx, c) {
			dropIndexOnline(ctx, b, c.Index)
			return nil, nil
		}
		return []string{"DROP INDEX " + b.Name(c.Index.Name, c.Index.Derived)}, nil
	case schema.RenameIndex:
		derived, err := ctx.IndexDerived(c.Table, c.From)
		if err != nil {
			return nil, err
		}
		return []string{"ALTER INDEX " + b.Name(c.From, derived) + " RENAME TO " + b.Name(c.To, derived)}, nil
	case schema.RenameConstraint:
		k, err := ctx.Constraint(c.Table, c.Kind, c.From)
		if err != nil {
			return nil, err
		}
		return []string{b.Alter(c.Table, fmt.Sprintf("RENAME CONSTRAINT %s TO %s", b.Name(c.From, k.Derived()), b.Name(c.To, k.Derived())))}, nil
	case schema.AddUnique:
		if OnlineForm(ctx, c) {
			addUniqueOnline(ctx, b, c.Table, c.Unique)
			return nil, nil
		}
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Unique(c.Unique)))}, nil
	case schema.DropUnique:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP CONSTRAINT %s", b.Name(c.Unique.Name, c.Unique.Derived)))}, nil
	case schema.AddCheck:
		if OnlineForm(ctx, c) {
			return addConstraintOnline(ctx, b, c.Table, b.ShortName(c.Check.Name, c.Check.Derived), b.Check(c.Check)), nil
		}
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.Check(c.Check)))}, nil
	case schema.DropCheck:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP CONSTRAINT %s", b.Name(c.Check.Name, c.Check.Derived)))}, nil
	case schema.AddForeignKey:
		if OnlineForm(ctx, c) {
			return addConstraintOnline(ctx, b, c.Table, b.ShortName(c.ForeignKey.Name, c.ForeignKey.Derived), b.ForeignKey(c.ForeignKey)), nil
		}
		return []string{b.Alter(c.Table, fmt.Sprintf("ADD %s", b.ForeignKey(c.ForeignKey)))}, nil
	case schema.DropForeignKey:
		return []string{b.Alter(c.Table, fmt.Sprintf("DROP CONSTRAINT %s", b.Name(c.ForeignKey.Name, c.ForeignKey.Derived)))}, nil
	}
	return nil, dialect.Unsupported("postgres", c)
}

// indexBuild says whether CREATE INDEX builds CONCURRENTLY, which
// PostgreSQL refuses inside a transaction.
type indexBuild bool

const (
	locking      indexBuild = false
	concurrently indexBuild = true
)

// build is the indexBuild that conc asks for.
func build(conc bool) indexBuild { return indexBuild(conc) }

// createIndex writes CREATE INDEX as the PostgreSQL migrator does,
// including IF NOT EXISTS.
//
// In a transaction an index with the CONCURRENTLY option is built
// plainly: only an index of a table created in the same transaction gets
// here (CreateIndex refuses the others), and nothing else can see that
// table yet.
func createIndex(b dialect.Builder, table string, ix *schema.Index, how indexBuild) string {
	var s strings.Builder
	s.WriteString("CREATE ")
	if ix.Class != "" {
		s.WriteString(ix.Class + " ")
	}
	s.WriteString("INDEX ")
	if how == concurrently {
		s.WriteString("CONCURRENTLY ")
	}
	s.WriteString("IF NOT EXISTS " + b.Name(ix.Name, ix.Derived) + " ON " + b.Quote(table))
	if ix.Type != "" {
		s.WriteString(" USING " + ix.Type)
	}
	s.WriteString("(" + b.IndexColumns(ix, false) + ")")
	if ix.Option != "" && !concurrent(ix) {
		s.WriteString(" " + ix.Option)
	}
	if ix.Where != "" {
		s.WriteString(" WHERE " + ix.Where)
	}
	return s.String()
}

func concurrent(ix *schema.Index) bool {
	return strings.EqualFold(strings.TrimSpace(ix.Option), "CONCURRENTLY")
}

func comment(b dialect.Builder, table string, col *schema.Column) string {
	value := "NULL"
	if col.Comment != "" {
		value = b.String(col.Comment)
	}
	return fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", b.Quote(table), b.Quote(col.Name), value)
}

// serialTypes maps the pseudo-types PostgreSQL accepts only in CREATE
// TABLE and ADD COLUMN to the integer type of their sequence.
var serialTypes = map[string]string{"smallserial": "smallint", "serial": "integer", "bigserial": "bigint"}

// storageType returns the type a column is stored as: serial types are
// integers with a sequence.
func storageType(sqlType string) string {
	if t, ok := serialTypes[strings.ToLower(sqlType)]; ok {
		return t
	}
	return sqlType
}

// primaryKeyName is the name PostgreSQL gives an unnamed primary key.
func primaryKeyName(table string) string { return objectName(table, "", "pkey") }

// sequenceName is the name PostgreSQL gives a serial column's sequence.
func sequenceName(table, column string) string { return objectName(table, column, "seq") }

// objectName names an implicit object as PostgreSQL's makeObjectName does:
// name1_name2_label, where the longer of the two names loses a byte at a
// time until the whole fits NAMEDATALEN (63 bytes), and no character is
// split.
func objectName(name1, name2, label string) string {
	n1, n2 := len(name1), len(name2)
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	for n1+n2 > 63-overhead {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clip(name1, n1)
	if name2 != "" {
		out += "_" + clip(name2, n2)
	}
	return out + "_" + label
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func renameSequence(b dialect.Builder, fromTable, fromCol, toTable, toCol string) string {
	return fmt.Sprintf("ALTER SEQUENCE IF EXISTS %s RENAME TO %s",
		b.Quote(sequenceName(fromTable, fromCol)), b.Quote(sequenceName(toTable, toCol)))
}

// alterColumn changes type, sequence, nullability, default and comment,
// each only when it changes. Existing NULLs are backfilled with the new
// default before NOT NULL is set.
func alterColumn(ctx *dialect.Context, b dialect.Builder, c schema.AlterColumn) ([]string, error) {
	from, to := c.From, c.To
	table, col := b.Quote(c.Table), b.Quote(to.Name)
	alter := func(rest string) string { return "ALTER TABLE " + table + " ALTER COLUMN " + col + " " + rest }
	var out []string

	oldDefault, err := b.Default(from)
	if err != nil {
		return nil, err
	}
	newDefault, err := b.Default(to)
	if err != nil {
		return nil, err
	}
	oldType, newType := storageType(b.Type(from)), storageType(b.Type(to))
	seq := b.Quote(sequenceName(c.Table, to.Name))
	typeChanges := changesType(b, c)
	defaultDropped := false
	if typeChanges && oldDefault != "" {
		// An old default may not cast to the new type.
		out = append(out, alter("DROP DEFAULT"))
		defaultDropped = true
	}
	switch {
	case from.AutoIncrement && to.AutoIncrement:
		if typeChanges {
			out = append(out, "ALTER SEQUENCE "+seq+" AS "+newType, alter("TYPE "+newType))
		}
	case to.AutoIncrement:
		if typeChanges {
			out = append(out, alter(fmt.Sprintf("TYPE %s USING %s::%s", newType, col, newType)))
		}
		out = append(out,
			"CREATE SEQUENCE IF NOT EXISTS "+seq+" AS "+newType,
			// nextval reads its argument as a name, lower-casing it unless
			// it is quoted inside the string.
			alter("SET DEFAULT nextval("+b.String(seq)+")"),
			"ALTER SEQUENCE "+seq+" OWNED BY "+table+"."+col)
	case from.AutoIncrement:
		if typeChanges {
			out = append(out, alter(fmt.Sprintf("TYPE %s USING %s::%s", newType, col, newType)))
		}
		out = append(out, alter("DROP DEFAULT"), "DROP SEQUENCE IF EXISTS "+seq)
		defaultDropped = true
	case typeChanges:
		using := col + "::" + newType
		if strings.EqualFold(newType, "boolean") && isNumeric(oldType) {
			using = col + "::int::boolean"
		}
		out = append(out, alter(fmt.Sprintf("TYPE %s USING %s", newType, using)))
	}

	if !to.AutoIncrement && (newDefault != oldDefault || defaultDropped) {
		switch {
		case newDefault != "":
			out = append(out, alter("SET DEFAULT "+newDefault))
		case !defaultDropped:
			out = append(out, alter("DROP DEFAULT"))
		}
	}
	if from.NotNull != to.NotNull {
		if to.NotNull {
			if c.Backfills() { // newDefault is set: Backfills needs a DEFAULT clause
				out = append(out, b.Backfill(c.Table, to.Name, newDefault))
			}
			if OnlineForm(ctx, c) {
				// Not with a type change (see OnlineForm).
				out = append(out, setNotNullOnline(ctx, b, c.Table, to.Name)...)
			} else {
				out = append(out, alter("SET NOT NULL"))
			}
		} else {
			out = append(out, alter("DROP NOT NULL"))
		}
	}
	if from.Comment != to.Comment {
		out = append(out, comment(b, c.Table, to))
	}
	return out, nil
}

func isNumeric(sqlType string) bool {
	t := strings.ToLower(sqlType)
	return strings.HasPrefix(t, "smallint") || strings.HasPrefix(t, "integer") || strings.HasPrefix(t, "bigint") || strings.HasPrefix(t, "numeric") || strings.HasPrefix(t, "decimal")
}
