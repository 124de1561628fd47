package dialect

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/migragen/migragen/schema"
)

// SampleSize is how many offending rows a CheckQuery's Sample returns.
const SampleSize = 5

// CheckSyntax is how one dialect's SQL differs in the queries that verify
// preconditions. Check writes the queries once for every dialect; a
// dialect's check.go fills this in with its functions and type names.
type CheckSyntax struct {
	// Name is the dialect's name, for messages and for the per-dialect
	// types (schema.Column.DBTypes) of a column.
	Name string
	// Text casts an expression to the dialect's text type.
	Text func(expr string) string
	// Concat joins text expressions (at least two).
	Concat func(parts []string) string
	// Length is the length of the text expression expr in the unit
	// toType's size counts: characters, or SQL Server's byte pairs.
	Length func(expr, toType string) string
	// Top returns "SELECT selectList rest" limited to its first n rows.
	Top func(selectList, rest string, n int) string
	// Exact turns a number into an exact one before it is rounded, for
	// PostgreSQL, whose round(x, s) takes only numeric; nil keeps it.
	Exact func(expr string) string
	// Convert returns the predicate that a non-NULL value expr of SQL type
	// from does not survive a conversion to SQL type to, for the type
	// changes that the size, range and precision rules do not cover. An
	// empty predicate with ok means every value survives; !ok means the
	// dialect cannot tell, and the check is an error.
	Convert func(expr, from, to string) (pred string, ok bool)
	// Types describes the dialect's type names (lower case, without
	// arguments) that a value can be checked against. A name it lacks is
	// a type the checks know nothing about.
	Types map[string]SQLType
	// NullsEqual says unique indexes treat NULLs as equal (SQL Server), so
	// rows with NULLs can be duplicates.
	NullsEqual bool
	// NoPartialIndexes says the dialect creates a partial index's where
	// over every row (MySQL has no partial indexes), so duplicates count
	// in every row.
	NoPartialIndexes bool
}

// TypeKind is the family of a SQL type, as far as the checks need it.
type TypeKind int

// The type families the checks know.
const (
	OtherType TypeKind = iota
	TextType
	IntegerType
	DecimalType
	FloatType
)

// SQLType is what the checks know of a SQL type name.
type SQLType struct {
	Kind TypeKind
	// Bits is an integer's width, or a float's mantissa bits.
	Bits     int
	Unsigned bool
	// Chars is a text type's limit when the type has no argument (CHAR is
	// CHAR(1)); 0 means unlimited. An argument (varchar(32)) wins.
	Chars int
	// Precision and Scale are a decimal's when the type has no arguments
	// (MySQL's DECIMAL is DECIMAL(10,0)); Precision 0 means unbounded.
	Precision, Scale int
}

// StandardTypes are the SQL type names that mean the same on every
// built-in dialect; a dialect's Types start from them.
func StandardTypes(extra map[string]SQLType) map[string]SQLType {
	m := map[string]SQLType{
		"varchar": {Kind: TextType}, "character varying": {Kind: TextType},
		"char": {Kind: TextType, Chars: 1}, "character": {Kind: TextType, Chars: 1},
		"nvarchar": {Kind: TextType}, "nchar": {Kind: TextType, Chars: 1},
		"smallint": {Kind: IntegerType, Bits: 16}, "integer": {Kind: IntegerType, Bits: 32},
		"int": {Kind: IntegerType, Bits: 32}, "bigint": {Kind: IntegerType, Bits: 64},
		"decimal": {Kind: DecimalType}, "numeric": {Kind: DecimalType},
		"double precision": {Kind: FloatType, Bits: 53},
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// Check returns the queries that verify p with syntax, for the dialects
// that implement Checker. See CheckQuery for what they return.
func Check(ctx *Context, syntax CheckSyntax, p schema.Precondition) (CheckQuery, error) {
	c := checker{b: ctx.SQL(), s: syntax, ctx: ctx}
	switch p := p.(type) {
	case schema.ValuesFit:
		return c.valuesFit(p)
	case schema.NoDuplicates:
		return c.noDuplicates(p)
	case schema.NoNulls:
		pred := "c." + c.b.Quote(p.Column) + " IS NULL"
		if p.FilledFrom != "" {
			pred += " AND c." + c.b.Quote(p.FilledFrom) + " IS NULL"
		}
		return c.rows(p.Table, pred)
	case schema.NoRows:
		return c.rows(p.Table, "")
	case schema.NoOrphans:
		return c.noOrphans(p)
	}
	return CheckQuery{}, fmt.Errorf("%s cannot check %T %q", syntax.Name, p, p.String())
}

// Limit is CheckSyntax.Top for the dialects that end a query with LIMIT.
func Limit(selectList, rest string, n int) string {
	return fmt.Sprintf("SELECT %s%s LIMIT %d", selectList, rest, n)
}

type checker struct {
	b   Builder
	s   CheckSyntax
	ctx *Context
}

// rows counts the rows of table (aliased "c") where pred holds (every row
// when pred is ""), and samples their keys.
func (c checker) rows(table, pred string) (CheckQuery, error) {
	t, err := c.ctx.Table(table)
	if err != nil {
		return CheckQuery{}, err
	}
	from := " FROM " + c.b.Quote(table) + " c"
	if pred != "" {
		from += " WHERE " + pred
	}
	keys := rowKey(t)
	return CheckQuery{
		Count:  "SELECT COUNT(*)" + from,
		Sample: c.s.Top(c.describe("c.", keys), from+" ORDER BY "+c.columns("c.", keys), SampleSize),
	}, nil
}

// rowKey returns the columns that name a row in a sample: the primary
// key, or every column of a table without one.
func rowKey(t *schema.Table) []string {
	if pk := t.PrimaryKey(); len(pk) > 0 {
		return pk
	}
	cols := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		cols[i] = col.Name
	}
	return cols
}

// columns quotes names, each after prefix (an alias and a dot), joined by
// commas.
func (c checker) columns(prefix string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = prefix + c.b.Quote(n)
	}
	return strings.Join(q, ", ")
}

// describe is the text expression "a=1, b=x" (then the suffix parts) for
// the columns names, NULL spelled out.
func (c checker) describe(prefix string, names []string, suffix ...string) string {
	var parts []string
	for i, n := range names {
		label := n + "="
		if i > 0 {
			label = ", " + label
		}
		parts = append(parts, c.b.String(label), "COALESCE("+c.s.Text(prefix+c.b.Quote(n))+", 'NULL')")
	}
	return c.s.Concat(append(parts, suffix...))
}

// notNull is "a IS NOT NULL AND b IS NOT NULL" for names after prefix.
func (c checker) notNull(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + c.b.Quote(n) + " IS NOT NULL"
	}
	return out
}

// noDuplicates groups the rows the unique index covers by its columns: a
// single scan and an aggregate. The sample names the duplicated values
// and how many rows hold each.
func (c checker) noDuplicates(p schema.NoDuplicates) (CheckQuery, error) {
	if _, err := c.ctx.Table(p.Table); err != nil {
		return CheckQuery{}, err
	}
	if len(p.Columns) == 0 {
		return CheckQuery{}, fmt.Errorf("%s: no columns to check", p.String())
	}
	var where []string
	if !c.s.NullsEqual {
		where = c.notNull("", p.Columns)
	}
	if p.Where != "" && !c.s.NoPartialIndexes {
		where = append(where, "("+p.Where+")")
	}
	from := " FROM " + c.b.Quote(p.Table)
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}
	cols := c.columns("", p.Columns)
	groups := from + " GROUP BY " + cols + " HAVING COUNT(*) > 1"
	return CheckQuery{
		Count:  "SELECT COUNT(*) FROM (SELECT 1 AS dup" + groups + ") dups",
		Sample: c.s.Top(c.describe("", p.Columns, "' ('", c.s.Text("COUNT(*)"), "' rows)'"), groups+" ORDER BY "+cols, SampleSize),
	}, nil
}

// noOrphans finds the rows whose key columns are all set and match no row
// of the referenced table: an index lookup per row in the referenced
// table's key. A referenced table the schema does not hold yet (one the
// migration creates) has no rows, so every such row is an orphan.
func (c checker) noOrphans(p schema.NoOrphans) (CheckQuery, error) {
	fk := p.ForeignKey
	if fk == nil || len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
		return CheckQuery{}, fmt.Errorf("no orphans in %s: the foreign key's columns and referenced columns do not pair up", p.Table)
	}
	conds := c.notNull("c.", fk.Columns)
	if c.ctx.Before.Table(fk.RefTable) != nil {
		match := make([]string, len(fk.Columns))
		for i := range fk.Columns {
			match[i] = "p." + c.b.Quote(fk.RefColumns[i]) + " = c." + c.b.Quote(fk.Columns[i])
		}
		conds = append(conds, "NOT EXISTS (SELECT 1 FROM "+c.b.Quote(fk.RefTable)+" p WHERE "+strings.Join(match, " AND ")+")")
	}
	return c.rows(p.Table, strings.Join(conds, " AND "))
}

// valuesFit counts the non-NULL values of the column that do not fit the
// new definition, in one scan.
func (c checker) valuesFit(p schema.ValuesFit) (CheckQuery, error) {
	if p.From == nil || p.To == nil {
		return CheckQuery{}, fmt.Errorf("%s: the precondition lacks the column's old or new definition", p.String())
	}
	col := "c." + c.b.Quote(p.Column)
	pred, err := c.misfit(col, p.From, p.To)
	if err != nil {
		return CheckQuery{}, fmt.Errorf("%s cannot check %q: %w; check the data yourself, then set Waived on this precondition in the migration file to a reason to skip it", c.s.Name, p.String(), err)
	}
	if pred == "" {
		// Every value fits, whatever the rows hold: no scan at all.
		return CheckQuery{Count: NothingToCheck}, nil
	}
	return c.rows(p.Table, col+" IS NOT NULL AND ("+pred+")")
}

// misfit returns the predicate that a non-NULL value expr of column from
// does not fit column to, or "" when every value fits. A value fits when
// both the column type on this dialect and the logical type (what the Go
// field holds, and what the other dialects store) hold it, so that a
// migration set refuses the same rows on every engine.
func (c checker) misfit(expr string, from, to *schema.Column) (string, error) {
	fromType, toType := c.b.Type(from), c.b.Type(to)
	fs, ts := c.shape(from, fromType), c.shape(to, toType)
	switch {
	case ts.kind == TextType && fs.kind != bytesKind:
		return c.textMisfit(expr, fs, ts, toType), nil
	case ts.kind == IntegerType && fs.numeric():
		return orJoin(c.rangeMisfit(expr, fs, ts), c.fractionMisfit(expr, fs, 0)), nil
	case ts.kind == DecimalType && fs.numeric():
		return c.decimalMisfit(expr, fs, ts), nil
	case ts.kind == FloatType && fs.kind == IntegerType:
		// Integers are exact in a float up to 2^mantissa.
		limit := new(big.Int).Lsh(big.NewInt(1), uint(ts.bits))
		return c.rangeMisfit(expr, fs, shape{kind: IntegerType, lo: new(big.Int).Neg(limit), hi: limit}), nil
	case ts.kind == FloatType && fs.kind == DecimalType && fs.precision > 0 && fs.precision <= floatDigits(ts.bits):
		return "", nil
	case ts.kind == FloatType && fs.kind == FloatType && fs.bits <= ts.bits:
		return "", nil
	case sameType(fromType, toType) && fs.kind == ts.kind:
		// The runtime skips an ALTER that changes nothing here.
		return "", nil
	}
	if c.s.Convert != nil {
		if pred, ok := c.s.Convert(expr, baseType(fromType), baseType(toType)); ok {
			return pred, nil
		}
	}
	return "", fmt.Errorf("no rule says which values of %s survive a change to %s here", fromType, toType)
}

// floatDigits is how many significant decimal digits a float with the
// given mantissa bits round-trips: 15 for a double, 6 for a single.
func floatDigits(bits int) int {
	if bits >= 53 {
		return 15
	}
	return 6
}

// textMisfit compares the text length with the new limit; a non-text
// value is measured as the text the conversion makes of it.
func (c checker) textMisfit(expr string, fs, ts shape, toType string) string {
	if ts.chars == 0 {
		return ""
	}
	if fs.kind == TextType && fs.chars > 0 && fs.chars <= ts.chars {
		return ""
	}
	if fs.kind != TextType {
		expr = c.s.Text(expr)
	}
	return fmt.Sprintf("%s > %d", c.s.Length(expr, toType), ts.chars)
}

// rangeMisfit compares an integer with the bounds of ts that fs can
// exceed.
func (c checker) rangeMisfit(expr string, fs, ts shape) string {
	var out []string
	if fs.kind != IntegerType || fs.lo.Cmp(ts.lo) < 0 {
		out = append(out, expr+" < "+ts.lo.String())
	}
	if fs.kind != IntegerType || fs.hi.Cmp(ts.hi) > 0 {
		out = append(out, expr+" > "+ts.hi.String())
	}
	return orJoin(out...)
}

// fractionMisfit finds values with more than scale decimals, unless fs
// has none to lose.
func (c checker) fractionMisfit(expr string, fs shape, scale int) string {
	if fs.kind == IntegerType || (fs.kind == DecimalType && fs.precision > 0 && fs.scale <= scale) {
		return ""
	}
	if c.s.Exact != nil {
		expr = c.s.Exact(expr)
	}
	return fmt.Sprintf("%s <> ROUND(%s, %d)", expr, expr, scale)
}

// decimalMisfit finds values with more integer digits than ts has room
// for, or more decimals than its scale.
func (c checker) decimalMisfit(expr string, fs, ts shape) string {
	if ts.precision == 0 {
		return ""
	}
	digits := ts.precision - ts.scale
	var out []string
	if fromDigits := fs.intDigits(); fromDigits == 0 || fromDigits > digits {
		limit := "1" + strings.Repeat("0", digits)
		out = append(out, expr+" <= -"+limit, expr+" >= "+limit)
	}
	return orJoin(append(out, c.fractionMisfit(expr, fs, ts.scale))...)
}

func orJoin(preds ...string) string {
	var out []string
	for _, p := range preds {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " OR ")
}

// bytesKind marks logical byte columns, which no text rule covers.
const bytesKind TypeKind = -1

// shape is what a column can hold, as far as the checks know.
type shape struct {
	kind   TypeKind
	chars  int      // text: the limit, 0 for none
	lo, hi *big.Int // integer: the range
	bits   int      // float: mantissa bits
	// decimal: precision 0 means unbounded.
	precision, scale int
}

func (s shape) numeric() bool {
	return s.kind == IntegerType || s.kind == DecimalType || s.kind == FloatType
}

// intDigits is how many integer digits a value can have, 0 for any.
func (s shape) intDigits() int {
	switch {
	case s.kind == IntegerType:
		return len(maxBig(new(big.Int).Abs(s.lo), s.hi).String())
	case s.kind == DecimalType && s.precision > 0:
		return s.precision - s.scale
	}
	return 0
}

// shape returns what col, of SQL type sqlType on this dialect, can hold:
// both the SQL type and the logical type must hold a value. A column with
// a raw type has no logical type to add.
func (c checker) shape(col *schema.Column, sqlType string) shape {
	sql := c.sqlShape(sqlType)
	if col.Type != "" || col.DBTypes[c.s.Name] != "" {
		return sql
	}
	logical := logicalShape(col)
	if logical.kind != sql.kind || sql.kind == OtherType {
		return logical
	}
	switch logical.kind {
	case TextType:
		if sql.chars > 0 && (logical.chars == 0 || sql.chars < logical.chars) {
			logical.chars = sql.chars
		}
	case IntegerType:
		logical.lo, logical.hi = maxBig(logical.lo, sql.lo), minBig(logical.hi, sql.hi)
	case FloatType:
		logical.bits = min(logical.bits, sql.bits)
	}
	return logical
}

// logicalShape is what the Go field of a column holds, from GORM's
// logical type, size, precision and scale.
func logicalShape(col *schema.Column) shape {
	switch col.DataType {
	case schema.String:
		return shape{kind: TextType, chars: col.Size}
	case schema.Int, schema.Uint:
		bits := col.Size
		if bits <= 0 || bits > 64 {
			bits = 64
		}
		return intShape(bits, col.DataType == schema.Uint)
	case schema.Float:
		if col.Precision > 0 {
			return shape{kind: DecimalType, precision: col.Precision, scale: col.Scale}
		}
		if col.Size == 32 {
			return shape{kind: FloatType, bits: 24}
		}
		return shape{kind: FloatType, bits: 53}
	case schema.Bytes:
		return shape{kind: bytesKind}
	}
	return shape{kind: OtherType}
}

func intShape(bits int, unsigned bool) shape {
	one := big.NewInt(1)
	if unsigned {
		hi := new(big.Int).Lsh(one, uint(bits))
		return shape{kind: IntegerType, lo: big.NewInt(0), hi: hi.Sub(hi, one)}
	}
	hi := new(big.Int).Lsh(one, uint(bits-1))
	lo := new(big.Int).Neg(hi)
	return shape{kind: IntegerType, lo: lo, hi: hi.Sub(hi, one)}
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

func minBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// typePattern splits a base type into its name and up to two arguments.
var typePattern = regexp.MustCompile(`^([a-z][a-z0-9 ]*?)\s*(?:\(\s*(\w+)\s*(?:,\s*(\d+)\s*)?\))?$`)

// sqlShape parses a compiled column type with the dialect's type names.
func (c checker) sqlShape(sqlType string) shape {
	base := strings.ToLower(baseType(sqlType))
	unsigned := strings.HasSuffix(base, " unsigned")
	base = strings.TrimSuffix(base, " unsigned")
	m := typePattern.FindStringSubmatch(base)
	if m == nil {
		return shape{kind: OtherType}
	}
	t, ok := c.s.Types[m[1]]
	if !ok {
		return shape{kind: OtherType}
	}
	arg1, arg2 := m[2], m[3]
	switch t.Kind {
	case TextType:
		chars := t.Chars
		if arg1 != "" {
			chars, _ = strconv.Atoi(arg1) // MAX is no limit
		}
		return shape{kind: TextType, chars: chars}
	case IntegerType:
		return intShape(t.Bits, t.Unsigned || unsigned)
	case DecimalType:
		p, s := t.Precision, t.Scale
		if arg1 != "" {
			p, _ = strconv.Atoi(arg1)
			s, _ = strconv.Atoi(arg2)
		}
		return shape{kind: DecimalType, precision: p, scale: s}
	case FloatType:
		if arg1 == "" {
			return shape{kind: FloatType, bits: t.Bits}
		}
	}
	return shape{kind: OtherType}
}

// typeSuffixes start the parts of a compiled column type that are not the
// stored type: nullability, auto-increment, identity, generation.
var typeSuffixes = regexp.MustCompile(`(?i)\s+(not\s+null|null|auto_increment|identity\b|generated\b|primary\s+key).*$`)

// baseType is sqlType without what follows the stored type, for casts and
// comparison.
func baseType(sqlType string) string {
	return strings.TrimSpace(typeSuffixes.ReplaceAllString(strings.TrimSpace(sqlType), ""))
}

// sameType reports whether two compiled types store values alike.
func sameType(a, b string) bool {
	return strings.EqualFold(Collapse(baseType(a)), Collapse(baseType(b)))
}
