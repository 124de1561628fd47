package dialect

import "strings"

// Fingerprinter is implemented by dialects that can read, in one query,
// what the catalog says about some tables: their columns (type,
// nullability, default), indexes and constraints. The runtime hashes the
// rows into a fingerprint when it applies a revision and compares it at
// start-up (migrate.WithDriftCheck), so the rows must not hold anything
// that changes while the schema does not, such as OIDs or timestamps.
type Fingerprinter interface {
	// FingerprintQuery returns the query, with ? placeholders, and its
	// arguments. Each row is one text column describing one fact; the
	// rows are ordered. tables are the tables' names as the migrations
	// spell them, possibly qualified by a schema ("sales.orders").
	FingerprintQuery(tables []string) (query string, args []any)
}

// SplitQualified separates the names a schema qualifies ("sales.orders")
// from the bare ones, which live in the connection's current schema.
func SplitQualified(tables []string) (bare, qualified []string) {
	for _, t := range tables {
		if strings.Contains(t, ".") {
			qualified = append(qualified, t)
		} else {
			bare = append(bare, t)
		}
	}
	return bare, qualified
}

// TableScope is the WHERE condition that limits a catalog query to
// tables, for catalogs that name a table by a schema column and a table
// column, and its arguments: bare names are looked up in current (the SQL
// of the connection's current schema); qualified ones by schema.name,
// which the condition builds with concat. A catalog finds a table fastest
// by an equality on both columns, so the qualified branch is added only
// when a name needs it.
func TableScope(schemaCol, tableCol, current string, concat func(...string) string, tables []string) (string, []any) {
	bare, qualified := SplitQualified(tables)
	cond := "((" + schemaCol + " = " + current + " AND " + tableCol + " IN ?)"
	args := []any{bare} // GORM writes an empty list as (NULL)
	if len(qualified) > 0 {
		cond += " OR " + concat(schemaCol, "'.'", tableCol) + " IN ?"
		args = append(args, qualified)
	}
	return cond + ")", args
}
