package sqlserver

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

var _ dialect.Inspector = Dialect{}

// tableName names a table as GORM does: bare in the connection's default
// schema (SCHEMA_NAME()), schema-qualified in another.
func tableName(schemaAlias, tableAlias string) string {
	return "CASE WHEN " + schemaAlias + ".name = SCHEMA_NAME() THEN " + tableAlias + ".name ELSE " +
		schemaAlias + ".name + '.' + " + tableAlias + ".name END"
}

// tables are the user tables of the default schema and of the schemas
// bound to the one parameter (GORM writes an empty list as (NULL)).
const tables = `sys.tables o JOIN sys.schemas s ON s.schema_id = o.schema_id`
const scope = `o.is_ms_shipped = 0 AND (s.name = SCHEMA_NAME() OR s.name IN ?)`

// inspectQueries read the sys catalog views in four queries, whatever the
// number of tables. Columns are reported raw (sys.columns.max_length is in
// bytes); Inspect writes them as DDL declares them.
var inspectQueries = struct{ columns, indexes, foreignKeys, checks string }{
	columns: `SELECT ` + tableName("s", "o") + `, c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity,
		COALESCE(dc.definition, ''), CASE WHEN pk.column_id IS NULL THEN 0 ELSE 1 END
	FROM ` + tables + ` JOIN sys.columns c ON c.object_id = o.object_id
	JOIN sys.types ty ON ty.user_type_id = c.user_type_id
	LEFT JOIN sys.default_constraints dc ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id
	LEFT JOIN (sys.key_constraints k JOIN sys.index_columns pk ON pk.object_id = k.parent_object_id AND pk.index_id = k.unique_index_id)
	  ON k.parent_object_id = c.object_id AND k.type = 'PK' AND pk.column_id = c.column_id
	WHERE ` + scope + `
	ORDER BY 1, c.column_id`,
	// Unique constraints are kept as unique indexes, flagged; the primary
	// key's index is the key's. Included columns (key_ordinal 0) are not
	// keys.
	indexes: `SELECT ` + tableName("s", "o") + `, i.name, i.is_unique, i.is_unique_constraint, c.name, ic.is_descending_key
	FROM ` + tables + ` JOIN sys.indexes i ON i.object_id = o.object_id
	JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
	JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
	WHERE ` + scope + ` AND i.type > 0 AND i.is_primary_key = 0 AND i.is_hypothetical = 0 AND ic.key_ordinal > 0
	ORDER BY 1, i.name, ic.key_ordinal`,
	foreignKeys: `SELECT ` + tableName("s", "o") + `, fk.name, pc.name, ` + tableName("rs", "rt") + `, rc.name,
		fk.update_referential_action_desc, fk.delete_referential_action_desc
	FROM ` + tables + ` JOIN sys.foreign_keys fk ON fk.parent_object_id = o.object_id
	JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
	JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
	JOIN sys.tables rt ON rt.object_id = fk.referenced_object_id JOIN sys.schemas rs ON rs.schema_id = rt.schema_id
	JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
	WHERE ` + scope + `
	ORDER BY 1, fk.name, fkc.constraint_column_id`,
	checks: `SELECT ` + tableName("s", "o") + `, ck.name, ck.definition
	FROM ` + tables + ` JOIN sys.check_constraints ck ON ck.parent_object_id = o.object_id
	WHERE ` + scope + `
	ORDER BY 1, ck.name`,
}

// Inspect reads the default schema's tables, and those of the schemas a
// dotted name in tables names. No SQL Server runs where migragen is
// tested: the queries are tested against answers recorded by hand.
func (Dialect) Inspect(ctx context.Context, db *gorm.DB, tables []string) (dialect.Catalog, error) {
	schemas := []string{}
	for _, t := range tables {
		if s, _ := splitName(t); s != "" && !slices.Contains(schemas, s) {
			schemas = append(schemas, s)
		}
	}
	out := dialect.Catalog{}
	err := dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, typ, def string
		var maxLength, precision, scale int
		var c dialect.CatalogColumn
		var nullable bool
		if err := r.Scan(&table, &c.Name, &typ, &maxLength, &precision, &scale, &nullable, &c.AutoIncrement, &def, &c.PrimaryKey); err != nil {
			return err
		}
		c.Type, c.NotNull, c.Default = declaredType(typ, maxLength, precision, scale), !nullable, storedDefault(def)
		t := out.Table(table)
		t.Columns = append(t.Columns, c)
		return nil
	}, inspectQueries.columns, schemas)
	if err != nil {
		return nil, fmt.Errorf("reading columns: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, name, col string
		var unique, constraint, desc bool
		if err := r.Scan(&table, &name, &unique, &constraint, &col, &desc); err != nil {
			return err
		}
		if desc {
			col += " DESC"
		}
		t := out.Table(table)
		list := &t.Indexes
		if constraint {
			list = &t.Uniques
		}
		dialect.AddIndexColumn(list, dialect.CatalogIndex{Name: name, Unique: unique}, col)
		return nil
	}, inspectQueries.indexes, schemas)
	if err != nil {
		return nil, fmt.Errorf("reading indexes: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, name, col, refTable, refCol, onUpdate, onDelete string
		if err := r.Scan(&table, &name, &col, &refTable, &refCol, &onUpdate, &onDelete); err != nil {
			return err
		}
		// The _desc columns spell actions with underscores (SET_NULL).
		dialect.AddForeignKeyColumn(&out.Table(table).ForeignKeys, dialect.CatalogForeignKey{Name: name, RefTable: refTable,
			OnUpdate: strings.ReplaceAll(onUpdate, "_", " "), OnDelete: strings.ReplaceAll(onDelete, "_", " ")}, col, refCol)
		return nil
	}, inspectQueries.foreignKeys, schemas)
	if err != nil {
		return nil, fmt.Errorf("reading foreign keys: %w", err)
	}
	if err := out.QueryChecks(ctx, db, inspectQueries.checks, schemas); err != nil {
		return nil, fmt.Errorf("reading checks: %w", err)
	}
	return out, nil
}

// declaredType writes a sys.columns type as DDL declares it:
// sys.columns.max_length counts bytes, two a character for the n-types,
// and is -1 for MAX; decimal keeps precision and scale, the time types
// their fractional-second digits in scale.
func declaredType(name string, maxLength, precision, scale int) string {
	size := func(n int) string {
		if maxLength == -1 {
			return name + "(max)"
		}
		return name + "(" + strconv.Itoa(n) + ")"
	}
	switch strings.ToLower(name) {
	case "nvarchar", "nchar":
		return size(maxLength / 2)
	case "varchar", "char", "varbinary", "binary":
		return size(maxLength)
	case "decimal", "numeric":
		return fmt.Sprintf("%s(%d,%d)", name, precision, scale)
	case "datetimeoffset", "datetime2", "time":
		return fmt.Sprintf("%s(%d)", name, scale)
	}
	return name
}

// storedDefault is a default's definition as it was written: SQL Server
// wraps it in parentheses, a number in two pairs (((0))), and keeps a
// Unicode literal's N. The outer pair goes here, before CanonicalDefault,
// which keeps case only in text that starts with a quote.
func storedDefault(def string) string {
	if len(def) > 1 && def[0] == '(' && def[len(def)-1] == ')' {
		def = def[1 : len(def)-1]
	}
	if strings.HasPrefix(def, "N'") {
		def = def[1:]
	}
	return def
}

var (
	identitySuffix = regexp.MustCompile(` identity(\(\s*1\s*,\s*1\s*\))?$`)
	// sizeDefaults are the sizes SQL Server gives a type declared without
	// one, as sys.columns reports them.
	sizeDefaults = map[string]string{"nvarchar": "(1)", "nchar": "(1)", "varchar": "(1)", "char": "(1)", "varbinary": "(1)",
		"binary": "(1)", "decimal": "(18,0)", "numeric": "(18,0)", "datetimeoffset": "(7)", "datetime2": "(7)", "time": "(7)"}
	typeAliases = map[string]string{"integer": "int", "dec": "decimal", "double precision": "float", "float(53)": "float",
		"rowversion": "timestamp", "national character varying": "nvarchar", "character varying": "varchar", "character": "char"}
	bracketed = strings.NewReplacer("[", "", "]", "")
	between   = regexp.MustCompile(`(?i)([\w.]+)\s+between\s+(\S+)\s+and\s+(\S+)`)
	inList    = regexp.MustCompile(`(?i)([\w.]+)\s+in\s*\(([^()]*)\)`)
	orSplit   = regexp.MustCompile(`(?i)\s+or\s+`)
)

// canonType maps a type's spellings to the one declaredType writes.
func canonType(t string) string {
	t = strings.ReplaceAll(dialect.Collapse(t), ", ", ",")
	name, size, _ := strings.Cut(t, "(")
	if size != "" {
		size = "(" + size
	}
	if a, ok := typeAliases[name]; ok {
		name = a
	}
	switch {
	case size == "":
		size = sizeDefaults[name]
	case (name == "decimal" || name == "numeric") && !strings.Contains(size, ","):
		size = strings.TrimSuffix(size, ")") + ",0)"
	case name == "float" && size == "(53)":
		size = ""
	}
	return name + size
}

// canonCheck writes a check as SQL Server stores one: identifiers in
// brackets dropped, BETWEEN as two comparisons, IN as equalities joined by
// OR, and the alternatives of an OR in one order, since the server lists an
// IN's values back to front. The OR is split after CanonicalExpr has
// dropped the parentheses the server adds around each alternative.
func canonCheck(expr string) string {
	expr = bracketed.Replace(expr)
	expr = between.ReplaceAllString(expr, "$1 >= $2 AND $1 <= $3")
	expr = inList.ReplaceAllStringFunc(expr, func(m string) string {
		sub := inList.FindStringSubmatch(m)
		var alts []string
		for _, v := range dialect.SplitTopLevel(sub[2]) {
			alts = append(alts, sub[1]+" = "+strings.TrimSpace(v))
		}
		return strings.Join(alts, " OR ")
	})
	alts := orSplit.Split(dialect.CanonicalExpr(expr), -1)
	slices.Sort(alts)
	return strings.Join(alts, " OR ")
}

// Canon is SQL Server's canonical form: IDENTITY(1,1) as auto-increment,
// sizes SQL Server supplies written out, bit defaults as the 1 and 0 GORM
// writes, getdate() as the CURRENT_TIMESTAMP it stores it for, and the
// engine's default action as NO ACTION.
func (Dialect) Canon() dialect.Canon {
	return dialect.Canon{
		Column: func(c *dialect.CatalogColumn) {
			if loc := identitySuffix.FindStringIndex(c.Type); loc != nil {
				c.Type, c.AutoIncrement = c.Type[:loc[0]], true
			}
			c.Type = canonType(c.Type)
			switch c.Default {
			case "true":
				c.Default = "1"
			case "false":
				c.Default = "0"
			case "getdate", "getdate()", "current_timestamp":
				c.Default = "current_timestamp"
			}
		},
		Check: canonCheck,
		Action: func(a string) string {
			if a == "" {
				return "NO ACTION"
			}
			return a
		},
	}
}
