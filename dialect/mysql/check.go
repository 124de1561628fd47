package mysql

import (
	"regexp"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

var _ dialect.Checker = Dialect{}

// CheckQuery compiles a precondition with dialect.Check. MySQL has no
// partial indexes (a unique index's where is not created), so duplicates
// count in every row. Type changes no size, range or precision rule covers
// are checked only between date and time types, with CAST; others are an
// error that says how to waive the check.
func (Dialect) CheckQuery(ctx *dialect.Context, p schema.Precondition) (dialect.CheckQuery, error) {
	return dialect.Check(ctx, checkSyntax, p)
}

var checkSyntax = dialect.CheckSyntax{
	Name: "mysql",
	Text: func(expr string) string { return "CAST(" + expr + " AS CHAR)" },
	// || is OR unless sql_mode has PIPES_AS_CONCAT.
	Concat:           func(parts []string) string { return "CONCAT(" + strings.Join(parts, ", ") + ")" },
	Length:           func(expr, _ string) string { return "CHAR_LENGTH(" + expr + ")" },
	Top:              dialect.Limit,
	Convert:          temporalCast,
	NoPartialIndexes: true,
	Types: dialect.StandardTypes(map[string]dialect.SQLType{
		"tinyint": {Kind: dialect.IntegerType, Bits: 8}, "mediumint": {Kind: dialect.IntegerType, Bits: 24},
		"float": {Kind: dialect.FloatType, Bits: 24}, "double": {Kind: dialect.FloatType, Bits: 53},
		"real":    {Kind: dialect.FloatType, Bits: 53},
		"decimal": {Kind: dialect.DecimalType, Precision: 10}, "numeric": {Kind: dialect.DecimalType, Precision: 10},
	}),
}

// temporal matches the date and time types CAST can convert to;
// timestampType the name CAST spells DATETIME.
var (
	temporal      = regexp.MustCompile(`(?i)^(datetime|date|time|timestamp)(\(\d\))?$`)
	timestampType = regexp.MustCompile(`(?i)^timestamp`)
)

// temporalCast is true for a date or time value that changes when cast to
// the new date or time type (fewer fractional digits, a date without its
// time), as the ALTER would change it. TIMESTAMP casts as DATETIME.
func temporalCast(expr, from, to string) (string, bool) {
	if !temporal.MatchString(from) || !temporal.MatchString(to) {
		return "", false
	}
	to = timestampType.ReplaceAllString(to, "DATETIME")
	return "CAST(" + expr + " AS " + to + ") <> " + expr, true
}
