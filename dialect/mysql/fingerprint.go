package mysql

import (
	"strings"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.Fingerprinter = Dialect{}

// FingerprintQuery reads the columns (full type, nullability, default,
// extra such as auto_increment), the index columns, the foreign keys with
// their actions and the check constraints of tables from
// information_schema. Bare names are looked up in DATABASE(). It serves
// MariaDB too.
func (Dialect) FingerprintQuery(tables []string) (string, []any) {
	var args []any
	scope := func(schemaCol, tableCol string) string {
		cond, a := dialect.TableScope(schemaCol, tableCol, "DATABASE()", concat, tables)
		args = append(args, a...)
		return cond
	}
	q := `SELECT CONCAT_WS('|', 'c', c.table_schema, c.table_name, c.column_name, c.column_type, c.is_nullable, IFNULL(c.column_default, '<none>'), c.extra) AS line
FROM information_schema.columns c WHERE ` + scope("c.table_schema", "c.table_name") + `
UNION ALL
SELECT CONCAT_WS('|', 'i', s.table_schema, s.table_name, s.index_name, s.non_unique, s.seq_in_index, IFNULL(s.column_name, '<expr>'), IFNULL(s.sub_part, ''), IFNULL(s.collation, ''))
FROM information_schema.statistics s WHERE ` + scope("s.table_schema", "s.table_name") + `
UNION ALL
SELECT CONCAT_WS('|', 'f', k.table_schema, k.table_name, k.constraint_name, k.ordinal_position, k.column_name, k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule)
FROM information_schema.key_column_usage k
JOIN information_schema.referential_constraints r ON r.constraint_schema = k.constraint_schema AND r.table_name = k.table_name AND r.constraint_name = k.constraint_name
WHERE k.referenced_table_name IS NOT NULL AND ` + scope("k.table_schema", "k.table_name") + `
UNION ALL
SELECT CONCAT_WS('|', 'k', t.table_schema, t.table_name, t.constraint_name, cc.check_clause)
FROM information_schema.table_constraints t
JOIN information_schema.check_constraints cc ON cc.constraint_schema = t.constraint_schema AND cc.constraint_name = t.constraint_name
WHERE t.constraint_type = 'CHECK' AND ` + scope("t.table_schema", "t.table_name") + `
ORDER BY 1`
	return q, args
}

func concat(parts ...string) string { return "CONCAT(" + strings.Join(parts, ", ") + ")" }
