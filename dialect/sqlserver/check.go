package sqlserver

import (
	"fmt"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

var _ dialect.Checker = Dialect{}

// CheckQuery compiles a precondition with dialect.Check. A unique index
// treats NULLs as equal, so rows with NULLs can be duplicates. Type
// changes no size, range or precision rule covers are checked by a round
// trip with TRY_CAST (SQL Server 2012 and later): a value the new type
// rejects or changes does not fit.
func (Dialect) CheckQuery(ctx *dialect.Context, p schema.Precondition) (dialect.CheckQuery, error) {
	return dialect.Check(ctx, checkSyntax, p)
}

var checkSyntax = dialect.CheckSyntax{
	Name:       "sqlserver",
	Text:       func(expr string) string { return "CAST(" + expr + " AS nvarchar(max))" },
	Concat:     func(parts []string) string { return "CONCAT(" + strings.Join(parts, ", ") + ")" },
	Length:     length,
	Top:        func(list, rest string, n int) string { return fmt.Sprintf("SELECT TOP %d %s%s", n, list, rest) },
	Convert:    tryCastRoundTrip,
	NullsEqual: true,
	Types: dialect.StandardTypes(map[string]dialect.SQLType{
		// varchar and char hold the collation's code page, not Unicode:
		// an nvarchar value may not survive (it becomes '?'), so only the
		// TRY_CAST round trip judges them.
		"varchar": {Kind: dialect.OtherType}, "char": {Kind: dialect.OtherType},
		"tinyint": {Kind: dialect.IntegerType, Bits: 8, Unsigned: true},
		"real":    {Kind: dialect.FloatType, Bits: 24}, "float": {Kind: dialect.FloatType, Bits: 53},
		"decimal": {Kind: dialect.DecimalType, Precision: 18}, "numeric": {Kind: dialect.DecimalType, Precision: 18},
	}),
}

// length measures text in the unit of the new type's size: byte pairs for
// nvarchar(n), bytes for varchar(n). LEN would ignore trailing spaces,
// which still count against the size; DATALENGTH does not.
func length(expr, toType string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(toType)), "n") {
		return "DATALENGTH(CAST(" + expr + " AS nvarchar(max))) / 2"
	}
	return "DATALENGTH(CAST(" + expr + " AS varchar(max)))"
}

// tryCastRoundTrip is true for a value that the new type rejects or that
// comes back changed when cast to it and back.
func tryCastRoundTrip(expr, from, to string) (string, bool) {
	back := "TRY_CAST(TRY_CAST(" + expr + " AS " + to + ") AS " + from + ")"
	return "(" + back + " IS NULL OR " + back + " <> " + expr + ")", true
}
