package sqlite

import (
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

var _ dialect.Checker = Dialect{}

// CheckQuery compiles a precondition with dialect.Check. SQLite stores any
// value in any column, so sizes, ranges and precisions are checked against
// the model's types, as the other engines enforce them: a migration set
// refuses the same rows everywhere. Other type changes are checked by the
// column affinity the rebuild copies the values into.
func (Dialect) CheckQuery(ctx *dialect.Context, p schema.Precondition) (dialect.CheckQuery, error) {
	return dialect.Check(ctx, checkSyntax, p)
}

var checkSyntax = dialect.CheckSyntax{
	Name:    "sqlite",
	Text:    func(expr string) string { return "CAST(" + expr + " AS TEXT)" },
	Concat:  func(parts []string) string { return strings.Join(parts, " || ") },
	Length:  func(expr, _ string) string { return "length(" + expr + ")" },
	Top:     dialect.Limit,
	Convert: sameAffinity,
	Types: dialect.StandardTypes(map[string]dialect.SQLType{
		// GORM declares every integer INTEGER, which holds 64 bits.
		"integer": {Kind: dialect.IntegerType, Bits: 64},
		"text":    {Kind: dialect.TextType}, "real": {Kind: dialect.FloatType, Bits: 53},
	}),
}

// sameAffinity says every value survives the copy into a column of the new
// type when the new column converts nothing: the same affinity, BLOB
// (which keeps every value as it is), or NUMERIC for INTEGER values.
// Other affinities convert values (REAL rounds large integers, TEXT
// prints reals with 15 digits, numeric ones turn '007' into 7), and the
// check cannot be expressed.
func sameAffinity(_, from, to string) (string, bool) {
	f, t := affinity(from), affinity(to)
	return "", f == t || t == "BLOB" || f == "INTEGER" && t == "NUMERIC"
}

// affinity is SQLite's rule for a declared type (section 3.1 of
// https://sqlite.org/datatype3.html).
func affinity(declared string) string {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "INT"):
		return "INTEGER"
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return "TEXT"
	case strings.Contains(t, "BLOB"), strings.TrimSpace(t) == "":
		return "BLOB"
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}
