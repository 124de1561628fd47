package postgres

import (
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

var _ dialect.Checker = Dialect{}

// CheckQuery compiles a precondition with dialect.Check. Type changes no
// size, range or precision rule covers are checked by a round trip through
// the new type: the value must come back unchanged.
//
// A narrowing check also locks its table against writes (SHARE mode, which
// reads still pass) for the rest of the migration's transaction: ALTER
// ... TYPE ... USING, as GORM writes it, truncates a value written after
// the check instead of failing. The other checks need no lock: a
// duplicate, a NULL or an orphan written after them makes the statement
// fail, and the transaction roll back.
func (Dialect) CheckQuery(ctx *dialect.Context, p schema.Precondition) (dialect.CheckQuery, error) {
	q, err := dialect.Check(ctx, checkSyntax, p)
	if fit, ok := p.(schema.ValuesFit); ok && err == nil && q.Count != dialect.NothingToCheck {
		q.Lock = "LOCK TABLE " + ctx.SQL().Quote(fit.Table) + " IN SHARE MODE"
	}
	return q, err
}

var checkSyntax = dialect.CheckSyntax{
	Name:   "postgres",
	Text:   func(expr string) string { return "CAST(" + expr + " AS text)" },
	Concat: func(parts []string) string { return strings.Join(parts, " || ") },
	// char_length counts characters; for char(n) it ignores the padding,
	// as char(n) itself does.
	Length: func(expr, _ string) string { return "char_length(" + expr + ")" },
	Top:    dialect.Limit,
	// round(x, s) exists for numeric only.
	Exact:   func(expr string) string { return "CAST(" + expr + " AS numeric)" },
	Convert: roundTrip,
	Types: dialect.StandardTypes(map[string]dialect.SQLType{
		"text": {Kind: dialect.TextType}, "bpchar": {Kind: dialect.TextType},
		"int2": {Kind: dialect.IntegerType, Bits: 16}, "int4": {Kind: dialect.IntegerType, Bits: 32},
		"int8": {Kind: dialect.IntegerType, Bits: 64}, "smallserial": {Kind: dialect.IntegerType, Bits: 16},
		"serial": {Kind: dialect.IntegerType, Bits: 32}, "bigserial": {Kind: dialect.IntegerType, Bits: 64},
		"real": {Kind: dialect.FloatType, Bits: 24}, "float4": {Kind: dialect.FloatType, Bits: 24},
		"float8": {Kind: dialect.FloatType, Bits: 53}, "float": {Kind: dialect.FloatType, Bits: 53},
	}),
}

// roundTrip is true for a value that changes when cast to the new type
// and back, as ALTER COLUMN ... TYPE would change it. A value the new type
// rejects makes the cast, and so the check, fail with PostgreSQL's error:
// the migration would fail on it too.
func roundTrip(expr, from, to string) (string, bool) {
	from, to = storageType(from), storageType(to)
	return "CAST(CAST(" + expr + " AS " + to + ") AS " + from + ") IS DISTINCT FROM " + expr, true
}
