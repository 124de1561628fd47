package sqlserver

import (
	"strings"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.Fingerprinter = Dialect{}

// FingerprintQuery reads the columns (type, length, precision, scale,
// nullability, identity, default definition), the index columns, the
// foreign keys with their actions and the check constraints of tables
// from the sys catalog views, by name, never by object_id. Bare names are
// looked up in SCHEMA_NAME(), the user's default schema.
func (Dialect) FingerprintQuery(tables []string) (string, []any) {
	scope := inlineLists(dialect.TableScope("s.name", "o.name", "SCHEMA_NAME()", concat, tables))
	return `WITH t AS (
  SELECT o.object_id, s.name + '.' + o.name AS name
  FROM sys.tables o JOIN sys.schemas s ON s.schema_id = o.schema_id
  WHERE ` + scope + `
)
SELECT CONCAT('c|', t.name, '|', c.name, '|', ty.name, '|', c.max_length, '|', c.precision, '|', c.scale, '|', c.is_nullable, '|', c.is_identity, '|', COALESCE(dc.definition, '<none>')) AS line
FROM t JOIN sys.columns c ON c.object_id = t.object_id
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.default_constraints dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
UNION ALL
SELECT CONCAT('i|', t.name, '|', i.name, '|', i.is_unique, '|', i.is_primary_key, '|', i.is_unique_constraint, '|', ic.key_ordinal, '|', ic.is_included_column, '|', col.name, '|', ic.is_descending_key, '|', i.filter_definition)
FROM t JOIN sys.indexes i ON i.object_id = t.object_id AND i.type > 0
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
UNION ALL
SELECT CONCAT('f|', t.name, '|', fk.name, '|', fkc.constraint_column_id, '|', pc.name, '|', OBJECT_SCHEMA_NAME(fk.referenced_object_id), '.', OBJECT_NAME(fk.referenced_object_id), '|', rc.name, '|', fk.update_referential_action_desc, '|', fk.delete_referential_action_desc)
FROM t JOIN sys.foreign_keys fk ON fk.parent_object_id = t.object_id
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
UNION ALL
SELECT CONCAT('k|', t.name, '|', ck.name, '|', ck.definition)
FROM t JOIN sys.check_constraints ck ON ck.parent_object_id = t.object_id
ORDER BY 1`, nil
}

// inlineLists writes each list of names args holds into cond in place of
// its ? as string literals, N'...' with quotes doubled. SQL Server takes
// at most 2,100 parameters in a request, fewer than the tables of a large
// model set; literals have no such cap. An empty list is (NULL), as GORM
// writes one.
func inlineLists(cond string, args []any) string {
	var b strings.Builder
	for _, arg := range args {
		before, after, _ := strings.Cut(cond, "?")
		b.WriteString(before)
		names := arg.([]string) // TableScope's arguments are lists of names
		literals := make([]string, len(names))
		for i, n := range names {
			literals[i] = "N'" + strings.ReplaceAll(n, "'", "''") + "'"
		}
		if len(literals) == 0 {
			literals = []string{"NULL"}
		}
		b.WriteString("(" + strings.Join(literals, ", ") + ")")
		cond = after
	}
	return b.String() + cond
}

func concat(parts ...string) string { return strings.Join(parts, " + ") }
