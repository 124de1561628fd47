package dialect

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/gormfield"
	"github.com/migragen/migragen/schema"
)

// Builder writes the SQL pieces every dialect shares, the way GORM's base
// migrator writes them, through the connected *gorm.DB: identifiers are
// quoted by its Dialector, column types come from its DataTypeOf, and
// literal values are escaped here. SQL the user wrote in tags (a type:, an
// expression default, a check, an index where) passes through verbatim, as
// it does in GORM.
type Builder struct {
	db *gorm.DB
	// MaxIdentifier is the naming strategy's identifier limit, which
	// shortens derived index and constraint names.
	MaxIdentifier int
	// EscapeBackslash doubles backslashes in string literals, for MySQL's
	// default sql_mode where a backslash starts an escape.
	EscapeBackslash bool
}

// NewBuilder returns a Builder for db.
func NewBuilder(db *gorm.DB) Builder {
	max := 64 // GORM's default when the naming strategy sets none
	if ns, ok := db.NamingStrategy.(gormschema.NamingStrategy); ok && ns.IdentifierMaxLength > 0 {
		max = ns.IdentifierMaxLength
	}
	return Builder{db: db, MaxIdentifier: max, EscapeBackslash: db.Dialector.Name() == "mysql"}
}

// DB returns the database the builder compiles for.
func (b Builder) DB() *gorm.DB { return b.db }

// Quote quotes an identifier with the dialect's rules; a dotted name is
// quoted part by part, as GORM does.
func (b Builder) Quote(name string) string {
	var sb strings.Builder
	b.db.Dialector.QuoteTo(&sb, name)
	return sb.String()
}

// List quotes names and joins them with commas, in parentheses.
func (b Builder) List(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = b.Quote(n)
	}
	return "(" + strings.Join(q, ",") + ")"
}

// ShortName returns the name the dialect gives an index or constraint:
// GORM shortens names it derived to the identifier limit with a hash.
func (b Builder) ShortName(name string, derived bool) string {
	return schema.ShortName(name, derived, b.MaxIdentifier)
}

// Name returns ShortName quoted.
func (b Builder) Name(name string, derived bool) string {
	return b.Quote(b.ShortName(name, derived))
}

// Alter returns "ALTER TABLE <table> rest".
func (b Builder) Alter(table, rest string) string {
	return "ALTER TABLE " + b.Quote(table) + " " + rest
}

// Backfill returns the UPDATE that fills a column's NULLs with value
// before it becomes NOT NULL.
func (b Builder) Backfill(table, column, value string) string {
	col := b.Quote(column)
	return fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL", b.Quote(table), col, value, col)
}

// String returns s as a string literal.
func (b Builder) String(s string) string {
	s = strings.ReplaceAll(s, "'", "''")
	if b.EscapeBackslash {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + s + "'"
}

// Literal renders a default value: strings through String, anything else
// (numbers, booleans, times) through Explain.
func (b Builder) Literal(v any) string {
	if s, ok := v.(string); ok {
		return b.String(s)
	}
	return b.Explain(v)
}

// Explain renders v as GORM's dialect renders a bound value.
func (b Builder) Explain(v any) string {
	stmt := &gorm.Statement{DB: b.db, Vars: []any{v}}
	b.db.Dialector.BindVarTo(stmt, stmt, v)
	return b.db.Dialector.Explain(stmt.SQL.String(), v)
}

// Type returns col's SQL type: what GORM's migrator DataTypeOf gives the
// model's field on this dialect.
func (b Builder) Type(col *schema.Column) string {
	return gormfield.DataTypeOf(b.db, col)
}

// Default returns col's DEFAULT clause value, or "" when it has none
// (schema.Column.HasDefaultClause, GORM's FullDataTypeOf rule): a default
// that parses as its kind is a literal, escaped (an empty string default
// included); other text (an expression such as now()) is used verbatim.
func (b Builder) Default(col *schema.Column) (string, error) {
	return b.defaultWith(col, b.Literal)
}

func (b Builder) defaultWith(col *schema.Column, literal func(any) string) (string, error) {
	if !col.HasDefaultClause() {
		return "", nil
	}
	v, err := gormfield.DefaultValue(col)
	if err != nil {
		return "", err
	}
	if v != nil {
		return literal(v), nil
	}
	return col.Default, nil
}

// Definition returns col's type with NOT NULL and DEFAULT, as GORM's
// FullDataTypeOf writes them; dialects append what they add (MySQL's
// COMMENT).
func (b Builder) Definition(col *schema.Column) (string, error) {
	return b.DefinitionWith(col, b.Literal)
}

// DefinitionWith is Definition with literal defaults rendered by literal,
// for a dialect whose GORM migrator compares the default's text.
func (b Builder) DefinitionWith(col *schema.Column, literal func(any) string) (string, error) {
	def := b.Type(col)
	if col.NotNull {
		def += " NOT NULL"
	}
	d, err := b.defaultWith(col, literal)
	if err != nil {
		return "", err
	}
	if d != "" {
		def += " DEFAULT " + d
	}
	return def, nil
}

// IndexColumns renders an index's column list without the parentheses:
// an expression verbatim, else the quoted column with its prefix length
// (when withLength), collation and sort order.
func (b Builder) IndexColumns(ix *schema.Index, withLength bool) string {
	parts := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		s := b.Quote(c.Column)
		if c.Expression != "" {
			s = c.Expression
		} else if withLength && c.Length > 0 {
			s += fmt.Sprintf("(%d)", c.Length)
		}
		if c.Collate != "" {
			s += " COLLATE " + c.Collate
		}
		if c.Sort != "" {
			s += " " + c.Sort
		}
		parts[i] = s
	}
	return strings.Join(parts, ",")
}

// ForeignKey renders a foreign key as GORM's Constraint.Build does.
func (b Builder) ForeignKey(fk *schema.ForeignKey) string {
	s := fmt.Sprintf("CONSTRAINT %s FOREIGN KEY %s REFERENCES %s%s",
		b.Name(fk.Name, fk.Derived), b.List(fk.Columns), b.Quote(fk.RefTable), b.List(fk.RefColumns))
	if fk.OnDelete != "" {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != "" {
		s += " ON UPDATE " + fk.OnUpdate
	}
	return s
}

// Unique renders a unique constraint as GORM's UniqueConstraint.Build does.
func (b Builder) Unique(u *schema.Unique) string {
	return fmt.Sprintf("CONSTRAINT %s UNIQUE (%s)", b.Name(u.Name, u.Derived), b.Quote(u.Column))
}

// Check renders a check constraint as GORM's CheckConstraint.Build does.
func (b Builder) Check(k *schema.Check) string {
	return fmt.Sprintf("CONSTRAINT %s CHECK (%s)", b.Name(k.Name, k.Derived), k.Expr)
}

// TableOptions returns what GORM appends to CREATE TABLE from the
// "gorm:table_options" setting of db, as AutoMigrate would.
func (b Builder) TableOptions() string {
	if v, ok := b.db.Get("gorm:table_options"); ok {
		return fmt.Sprint(v)
	}
	return ""
}

// CreateTableOptions say how a dialect's CREATE TABLE differs from GORM's
// base migrator's.
type CreateTableOptions struct {
	// Definition renders a column (defaults to Builder.Definition).
	Definition func(*schema.Column) (string, error)
	// InlineIndex renders an index inside CREATE TABLE, for dialects whose
	// GORM migrator does so (MySQL); nil means indexes are created after
	// the table with CreateIndex.
	InlineIndex func(*schema.Index) string
	// CreateIndex renders a CREATE INDEX statement for an index created
	// after the table.
	CreateIndex func(table string, ix *schema.Index) string
}

// CreateTable renders the statements GORM's base migrator CreateTable
// issues for t: the columns in order, the primary key unless a column type
// declares it, indexes (inline or after), t's foreign keys, uniques and
// checks, and the table options.
func (b Builder) CreateTable(t *schema.Table, o CreateTableOptions) ([]string, error) {
	define := o.Definition
	if define == nil {
		define = b.Definition
	}
	var parts []string
	pkInType := false
	for _, c := range t.Columns {
		def, err := define(c)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
		pkInType = pkInType || strings.Contains(strings.ToUpper(b.Type(c)), "PRIMARY KEY")
		parts = append(parts, b.Quote(c.Name)+" "+def)
	}
	if pk := t.PrimaryKey(); !pkInType && len(pk) > 0 {
		parts = append(parts, "PRIMARY KEY "+b.List(pk))
	}
	var after []string
	for _, ix := range t.Indexes {
		if o.InlineIndex != nil {
			parts = append(parts, o.InlineIndex(ix))
		} else {
			after = append(after, o.CreateIndex(t.Name, ix))
		}
	}
	for _, fk := range t.ForeignKeys {
		parts = append(parts, b.ForeignKey(fk))
	}
	for _, u := range t.Uniques {
		parts = append(parts, b.Unique(u))
	}
	for _, k := range t.Checks {
		parts = append(parts, b.Check(k))
	}
	create := "CREATE TABLE " + b.Quote(t.Name) + " (" + strings.Join(parts, ",") + ")" + b.TableOptions()
	return append([]string{create}, after...), nil
}
