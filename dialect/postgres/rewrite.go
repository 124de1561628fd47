package postgres

import (
	"regexp"
	"strconv"
	"strings"
)

// RewritesTable reports whether PostgreSQL rewrites a table, and rebuilds
// every index on it, to change a column from SQL type from to type to the
// way this dialect compiles an AlterColumn (ALTER COLUMN ... TYPE to USING
// col::to). The rewrite holds ACCESS EXCLUSIVE on the table from start to
// end, so no session reads or writes it meanwhile. Types are written as
// the dialect compiles them (GORM's DataTypeOf, or a type: tag), in any
// case and with PostgreSQL's synonyms; a serial type counts as its
// integer type, which is how the column is stored.
//
// PostgreSQL skips the rewrite when the old values are valid values of
// the new type as they are stored (a binary-coercible cast), or when a
// length check is all the cast would do and the new limit is no tighter
// (the planner support functions of varchar, numeric, varbit and the
// time types drop the cast). So none of these rewrite:
//
//   - varchar(n) to varchar(m) with m >= n, and to varchar or text;
//   - text to varchar (without a length);
//   - numeric(p,s) to numeric(q,s) with q >= p, and to numeric;
//   - varbit(n) to varbit(m) with m >= n, and to varbit;
//   - timestamp, timestamptz, time, timetz and interval to a higher
//     precision of the same type, or to the type without a precision.
//
// Everything else rewrites: integer to bigint, any change of numeric
// scale, text to varchar(n), varchar to jsonb, and timestamp to
// timestamptz or back (PostgreSQL 12+ skips that one only while the
// session's TimeZone is UTC, which a migration cannot count on).
// TestRewritesTable compares every case above with PostgreSQL's own
// decision: a rewrite gives the table a new pg_class.relfilenode.
func RewritesTable(from, to string) bool {
	f, t := parseType(from), parseType(to)
	if f == t {
		return false
	}
	if f.name == t.name {
		return !widens(f, t)
	}
	switch {
	case f.name == "varchar" && t.name == "text":
		return false
	case f.name == "text" && t.name == "varchar" && t.mods == "":
		return false
	}
	return true
}

// pgType is a SQL type split into its canonical name and its modifiers,
// the numbers in parentheses as written ("10,2"); rest is whatever
// follows that the parser does not know (an array suffix, a collation),
// which makes the type compare equal to itself only.
type pgType struct {
	name, mods, rest string
}

// modifiers matches the numbers in a type's parentheses.
var modifiers = regexp.MustCompile(`^[0-9]+(,[0-9]+)?$`)

// synonyms maps PostgreSQL's other spellings of a type to one name.
var synonyms = map[string]string{
	"character varying":           "varchar",
	"char":                        "bpchar",
	"character":                   "bpchar",
	"int":                         "integer",
	"int4":                        "integer",
	"serial":                      "integer",
	"serial4":                     "integer",
	"int2":                        "smallint",
	"smallserial":                 "smallint",
	"serial2":                     "smallint",
	"int8":                        "bigint",
	"bigserial":                   "bigint",
	"serial8":                     "bigint",
	"decimal":                     "numeric",
	"bool":                        "boolean",
	"bit varying":                 "varbit",
	"float8":                      "double precision",
	"float4":                      "real",
	"timestamp with time zone":    "timestamptz",
	"timestamp without time zone": "timestamp",
	"time with time zone":         "timetz",
	"time without time zone":      "time",
}

// parseType reads a type as name[(mods)][ with[out] time zone][rest].
func parseType(s string) pgType {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	var zone string
	for _, z := range []string{" with time zone", " without time zone"} {
		if rest, ok := strings.CutSuffix(s, z); ok {
			s, zone = rest, z
		}
	}
	t := pgType{name: s}
	if open := strings.IndexByte(s, '('); open > 0 {
		if end := strings.IndexByte(s[open:], ')'); end > 0 {
			mods := strings.ReplaceAll(s[open+1:open+end], " ", "")
			if modifiers.MatchString(mods) {
				t = pgType{name: strings.TrimSpace(s[:open]), mods: mods, rest: strings.TrimSpace(s[open+end+1:])}
			}
		}
	}
	t.name += zone
	if n, ok := synonyms[t.name]; ok {
		t.name = n
	}
	return t
}

// numbers returns the modifiers as numbers: nil for none.
func (t pgType) numbers() []int {
	if t.mods == "" {
		return nil
	}
	var out []int
	for _, p := range strings.Split(t.mods, ",") {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}

// widens reports whether f and t, of one type name, differ only in a
// limit the type's support function lets PostgreSQL change without
// touching the rows.
func widens(f, t pgType) bool {
	if f.rest != "" || t.rest != "" {
		return false
	}
	fn, tn := f.numbers(), t.numbers()
	switch f.name {
	case "varchar", "varbit", "timestamp", "timestamptz", "time", "timetz", "interval":
		// Without a limit the type holds every value; with one, a larger
		// limit holds every value the smaller one did.
		return tn == nil || fn != nil && tn[0] >= fn[0]
	case "numeric":
		if tn == nil {
			return true
		}
		if fn == nil {
			return false
		}
		// numeric(p) is numeric(p,0).
		return scale(tn) == scale(fn) && tn[0] >= fn[0]
	}
	return false
}

func scale(mods []int) int {
	if len(mods) > 1 {
		return mods[1]
	}
	return 0
}
