package postgres

import (
	"strings"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.Fingerprinter = Dialect{}

// FingerprintQuery reads the columns (type with modifiers, NOT NULL,
// default expression), the indexes and the constraint definitions of
// tables from pg_catalog, printed by the server's own deparsers
// (format_type, pg_get_expr, pg_get_constraintdef), which print names,
// not OIDs. An index is read from pg_index's fields (method, uniqueness,
// key columns by name, their options, expressions, predicate) rather than
// through pg_get_indexdef, which deparses a whole statement per index.
// Bare names are looked up in
// current_schema(); the order is bytewise (COLLATE "C"), whatever the
// database's locale.
func (Dialect) FingerprintQuery(tables []string) (string, []any) {
	scope, args := dialect.TableScope("n.nspname", "c.relname", "current_schema()", concat, tables)
	return `WITH t AS (
  SELECT c.oid, n.nspname || '.' || c.relname AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND ` + scope + `
)
SELECT line FROM (
SELECT 'c|' || t.name || '|' || a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' || a.attnotnull::text || '|' || COALESCE(pg_get_expr(d.adbin, d.adrelid), '<none>') AS line
FROM t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
UNION ALL
SELECT 'i|' || t.name || '|' || ic.relname || '|' || am.amname || '|' || i.indisunique || '|' || i.indisprimary || '|' || COALESCE((SELECT string_agg(COALESCE(ka.attname, '<expr>'), ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n) LEFT JOIN pg_catalog.pg_attribute ka ON ka.attrelid = i.indrelid AND ka.attnum = k.attnum), '') || '|' || i.indoption::text || '|' || COALESCE(pg_get_expr(i.indexprs, i.indrelid), '') || '|' || COALESCE(pg_get_expr(i.indpred, i.indrelid), '')
FROM t JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = ic.relam
UNION ALL
SELECT 'k|' || t.name || '|' || co.conname || '|' || pg_get_constraintdef(co.oid)
FROM t JOIN pg_catalog.pg_constraint co ON co.conrelid = t.oid
) u ORDER BY line COLLATE "C"`, args
}

func concat(parts ...string) string { return strings.Join(parts, " || ") }
