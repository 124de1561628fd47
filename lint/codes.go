package lint

// The codes, one per rule. They are stable: a nolint directive names them.
const (
	BadNolint          = "MG100" // a nolint directive without a reason, an unknown code, or where it silences nothing
	BlockingIndex      = "MG101" // PostgreSQL index built or dropped without CONCURRENTLY on an existing table
	ValidatingAdd      = "MG102" // PostgreSQL foreign key or check added without NOT VALID + VALIDATE
	SetNotNull         = "MG103" // SET NOT NULL on an existing column
	RewritingType      = "MG104" // a column type change that rewrites or copies the table
	VolatileDefault    = "MG105" // PostgreSQL new column whose default is computed per row
	UniqueOnRows       = "MG106" // a new unique index or constraint over existing rows
	BreaksOldBinary    = "MG107" // a rename or drop that breaks a running older binary
	MySQLCopy          = "MG108" // a MySQL/MariaDB change that cannot run INPLACE or INSTANT
	EnumNotAppend      = "MG109" // an ENUM change that is not an append
	ConcurrentlyInTx   = "MG110" // an index with option CONCURRENTLY in a migration run in a transaction
	SQLiteRebuild      = "MG111" // informational: a change SQLite does by rebuilding the table
	DialectSpecificSQL = "MG112" // SQL in tags that a declared dialect rejects
	OnlineBackfill     = "MG113" // informational: a NOT NULL backfill in the transaction, with online DDL
)

// Rule describes one code.
type Rule struct {
	Code string
	// Finds says, in a line, what the rule finds.
	Finds string
	// Dialects names the dialects the rule looks at; "" means all.
	Dialects string
}

// Rules lists every code in order. The README's Lint section lists each
// one with its reason and its fix.
var Rules = []Rule{
	{BadNolint, "a //migragen:nolint directive without a reason, with an unknown code, or where it silences nothing", ""},
	{BlockingIndex, "an index created or dropped, or a unique constraint added, without CONCURRENTLY on an existing table: with online DDL off, or a unique one on a table a foreign key of the same migration references", "postgres"},
	{ValidatingAdd, "a foreign key or check added to an existing table without NOT VALID + VALIDATE, with online DDL off", "postgres"},
	{SetNotNull, "an existing column made NOT NULL: a scan under ACCESS EXCLUSIVE on PostgreSQL with online DDL off or with a type change; a table rebuild on MySQL (informational)", "postgres, mysql"},
	{RewritingType, "a column type change that rewrites (PostgreSQL) or copies (MySQL; informational where that depends on the character set) the table", "postgres, mysql"},
	{VolatileDefault, "a column added with a volatile default, an auto-increment or a stored generated column, which rewrites the table", "postgres"},
	{UniqueOnRows, "a unique index or constraint added to a table that has rows: duplicates possible, or certain (a new column's one default, or NULLs where the dialect counts them equal)", ""},
	{BreaksOldBinary, "a table or column dropped or renamed outside a contraction revision", ""},
	{MySQLCopy, "a change MySQL and MariaDB cannot do INPLACE or INSTANT, so they copy the table", "mysql"},
	{EnumNotAppend, "an ENUM whose old values are not the start of its new ones", "mysql"},
	{ConcurrentlyInTx, "an index with option CONCURRENTLY created where the runtime builds it inside the migration's transaction (plain DDL, a new table, or a unique index a new foreign key needs), which PostgreSQL refuses", "postgres"},
	{SQLiteRebuild, "informational: a change SQLite can only make by rebuilding the table", "sqlite"},
	{DialectSpecificSQL, "SQL in a type:, default:, check or index tag that one of the declared dialects rejects", "the declared ones"},
	{OnlineBackfill, "informational: with online DDL, a column of an existing table made NOT NULL whose NULLs one UPDATE fills in the migration's transaction", "postgres"},
}

// known reports whether code is one of Rules.
func known(code string) bool {
	for _, r := range Rules {
		if r.Code == code {
			return true
		}
	}
	return false
}
