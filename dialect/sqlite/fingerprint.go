package sqlite

import "github.com/migragen/migragen/dialect"

var _ dialect.Fingerprinter = Dialect{}

// FingerprintQuery reads tables' columns (declared type, NOT NULL,
// default, key position), indexes (uniqueness, origin, partial, key
// columns with order and collation) and foreign keys (columns, target,
// actions) through the pragma table functions, and the check constraints
// as the tail of the CREATE statement from its first CHECK on: SQLite has
// no catalog of them. Nothing is read from the statement before that,
// because the table name there is quoted anew by a rename, which a
// rebuild by hand or by migragen ends with, without changing the schema.
func (Dialect) FingerprintQuery(tables []string) (string, []any) {
	const owned = "m.type = 'table' AND m.name IN ?"
	return `SELECT 'c|' || m.name || '|' || p.name || '|' || p.type || '|' || p."notnull" || '|' || IFNULL(p.dflt_value, '<none>') || '|' || p.pk AS line
FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE ` + owned + `
UNION ALL
SELECT 'i|' || m.name || '|' || l.name || '|' || l."unique" || '|' || l.origin || '|' || l.partial || '|' || x.seqno || '|' || IFNULL(x.name, '<expr>') || '|' || x."desc" || '|' || IFNULL(x.coll, '')
FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x WHERE ` + owned + ` AND x.key
UNION ALL
SELECT 'f|' || m.name || '|' || f.id || '|' || f.seq || '|' || f."table" || '|' || f."from" || '|' || IFNULL(f."to", '') || '|' || f.on_update || '|' || f.on_delete
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE ` + owned + `
UNION ALL
SELECT 'k|' || m.name || '|' || substr(m.sql, instr(upper(m.sql), ' CHECK'))
FROM sqlite_master m WHERE ` + owned + ` AND instr(upper(m.sql), ' CHECK') > 0
ORDER BY 1`, []any{tables, tables, tables, tables}
}
