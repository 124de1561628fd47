package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// inspectQueries read information_schema once per kind of object, whatever
// the number of tables.
var inspectQueries = struct{ columns, indexes, foreignKeys, checks, checksMySQL string }{
	columns: `SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE = 'NO', c.COLUMN_DEFAULT, c.COLUMN_KEY = 'PRI', c.EXTRA
	FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
	WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
	ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
	indexes: `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE = 0, coalesce(COLUMN_NAME, ''), coalesce(COLLATION, '')
	FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
	ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
	foreignKeys: `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
	FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
	  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
	WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
	ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
	// MariaDB names a check per table and keeps a JSON column's
	// json_valid() as a column-level check of its own, which is not one
	// the migrations made.
	checks: `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
	WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Table'`,
	checksMySQL: `SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS t
	JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
	WHERE t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_SCHEMA = DATABASE()`,
}

// Inspect reads the current database's tables.
func (Dialect) Inspect(ctx context.Context, db *gorm.DB, _ []string) (dialect.Catalog, error) {
	out := dialect.Catalog{}
	err := dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, extra string
		var def sql.NullString
		var c dialect.CatalogColumn
		if err := r.Scan(&table, &c.Name, &c.Type, &c.NotNull, &def, &c.PrimaryKey, &extra); err != nil {
			return err
		}
		c.Default = def.String
		// information_schema keeps ON UPDATE apart from the default; GORM's
		// default tag says both.
		if i := strings.Index(strings.ToLower(extra), "on update "); i >= 0 {
			c.Default += " " + extra[i:]
		}
		c.AutoIncrement = strings.Contains(strings.ToLower(extra), "auto_increment")
		t := out.Table(table)
		t.Columns = append(t.Columns, c)
		return nil
	}, inspectQueries.columns)
	if err != nil {
		return nil, fmt.Errorf("reading columns: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, name, col, collation string
		var unique bool
		if err := r.Scan(&table, &name, &unique, &col, &collation); err != nil {
			return err
		}
		if collation == "D" {
			col += " DESC"
		}
		dialect.AddIndexColumn(&out.Table(table).Indexes, dialect.CatalogIndex{Name: name, Unique: unique}, col)
		return nil
	}, inspectQueries.indexes)
	if err != nil {
		return nil, fmt.Errorf("reading indexes: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, name, col, refTable, refCol, onUpdate, onDelete string
		if err := r.Scan(&table, &name, &col, &refTable, &refCol, &onUpdate, &onDelete); err != nil {
			return err
		}
		dialect.AddForeignKeyColumn(&out.Table(table).ForeignKeys,
			dialect.CatalogForeignKey{Name: name, RefTable: refTable, OnUpdate: onUpdate, OnDelete: onDelete}, col, refCol)
		return nil
	}, inspectQueries.foreignKeys)
	if err != nil {
		return nil, fmt.Errorf("reading foreign keys: %w", err)
	}
	checks := inspectQueries.checksMySQL
	var version string
	if err := db.WithContext(ctx).Raw("SELECT VERSION()").Row().Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the server version: %w", err)
	}
	if strings.Contains(strings.ToLower(version), "mariadb") {
		checks = inspectQueries.checks
	}
	if err := out.QueryChecks(ctx, db, checks); err != nil {
		return nil, fmt.Errorf("reading checks: %w", err)
	}
	return out, nil
}

var (
	// displayWidth is an integer type's display width, which MariaDB and
	// MySQL 5 print and MySQL 8 does not; tinyint(1) is the boolean.
	displayWidth = regexp.MustCompile(`^(tinyint|smallint|mediumint|int|bigint|year)\(\d+\)`)
	typeAliases  = map[string]string{"bool": "tinyint(1)", "boolean": "tinyint(1)", "integer": "int", "numeric": "decimal",
		"decimal": "decimal(10,0)", "double precision": "double", "real": "double", "json": "longtext"}
)

// Canon is MySQL's canonical form: the type without display widths or
// AUTO_INCREMENT, aliases as information_schema spells them, booleans as
// the integers MySQL stores, unique constraints as the unique indexes they
// are, RESTRICT as the NO ACTION it is in InnoDB.
func (Dialect) Canon() dialect.Canon {
	return dialect.Canon{
		Column: func(c *dialect.CatalogColumn) {
			if t, ok := strings.CutSuffix(c.Type, " auto_increment"); ok {
				c.Type, c.AutoIncrement = t, true
			}
			// GORM's type of a nullable time says NULL.
			c.Type = strings.TrimSuffix(strings.ReplaceAll(dialect.Collapse(c.Type), ", ", ","), " null")
			if d, ok := strings.CutPrefix(c.Type, "decimal("); ok && !strings.Contains(d, ",") {
				c.Type = "decimal(" + strings.TrimSuffix(d, ")") + ",0)"
			}
			if c.Type != "tinyint(1)" {
				c.Type = displayWidth.ReplaceAllString(c.Type, "$1")
			}
			if a, ok := typeAliases[c.Type]; ok {
				c.Type = a
			}
			switch c.Default {
			case "true":
				c.Default = "1"
			case "false":
				c.Default = "0"
			}
		},
		Action: func(a string) string {
			if a == "" || a == "RESTRICT" {
				return "NO ACTION"
			}
			return a
		},
		UniqueIsIndex:           true,
		ImplicitForeignKeyIndex: true,
	}
}
