package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// inspectQueries join the pragma table functions with sqlite_master, so
// each kind of object is one query whatever the number of tables.
var inspectQueries = struct{ tables, columns, indexes string }{
	tables: `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
	columns: `SELECT m.name, p.name, p.type, p."notnull", coalesce(p.dflt_value, ''), p.pk > 0
	FROM sqlite_master m JOIN pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, p.cid`,
	// Only indexes made by CREATE INDEX (origin c): the others are the
	// primary key's and the unique constraints'.
	indexes: `SELECT m.name, l.name, l."unique", coalesce(x.name, ''), x."desc"
	FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND l.origin = 'c' AND x.key = 1
	ORDER BY m.name, l.name, x.seqno`,
}

// Inspect reads the database's tables. Constraints come from each table's
// CREATE TABLE, which SQLite keeps as written.
func (Dialect) Inspect(ctx context.Context, db *gorm.DB, _ []string) (dialect.Catalog, error) {
	out := dialect.Catalog{}
	err := dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var name, create string
		if err := r.Scan(&name, &create); err != nil {
			return err
		}
		return tableConstraints(out.Table(name), create)
	}, inspectQueries.tables)
	if err != nil {
		return nil, fmt.Errorf("reading tables: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table string
		var c dialect.CatalogColumn
		if err := r.Scan(&table, &c.Name, &c.Type, &c.NotNull, &c.Default, &c.PrimaryKey); err != nil {
			return err
		}
		t := out.Table(table)
		t.Columns = append(t.Columns, c)
		return nil
	}, inspectQueries.columns)
	if err != nil {
		return nil, fmt.Errorf("reading columns: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, name, col string
		var unique, desc bool
		if err := r.Scan(&table, &name, &unique, &col, &desc); err != nil {
			return err
		}
		if col == "" {
			col = "<expression>"
		}
		if desc {
			col += " DESC"
		}
		t := out.Table(table)
		if n := len(t.Indexes); n > 0 && t.Indexes[n-1].Name == name {
			t.Indexes[n-1].Columns = append(t.Indexes[n-1].Columns, col)
		} else {
			t.Indexes = append(t.Indexes, dialect.CatalogIndex{Name: name, Columns: []string{col}, Unique: unique})
		}
		return nil
	}, inspectQueries.indexes)
	if err != nil {
		return nil, fmt.Errorf("reading indexes: %w", err)
	}
	return out, nil
}

var (
	foreignKey = regexp.MustCompile(`(?is)^(\S+)\s+FOREIGN\s+KEY\s*\(([^)]*)\)\s*REFERENCES\s+(\S+?)\s*\(([^)]*)\)(.*)$`)
	action     = regexp.MustCompile(`(?i)ON\s+(UPDATE|DELETE)\s+(SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION)`)
	unique     = regexp.MustCompile(`(?is)^(\S+)\s+UNIQUE\s*\(([^)]*)\)`)
	check      = regexp.MustCompile(`(?is)^(\S+)\s+CHECK\s*\((.*)\)$`)
)

// tableConstraints adds the named table constraints of create to t.
func tableConstraints(t *dialect.CatalogTable, create string) error {
	open := strings.Index(create, "(")
	if open < 0 {
		return fmt.Errorf("no column list in %q", create)
	}
	for _, part := range dialect.SplitTopLevel(create[open+1 : strings.LastIndex(create, ")")]) {
		p := dialect.Collapse(strings.NewReplacer("`", "", `"`, "").Replace(part))
		if len(p) < len("CONSTRAINT ") || !strings.EqualFold(p[:len("CONSTRAINT ")], "CONSTRAINT ") {
			continue
		}
		p = p[len("CONSTRAINT "):]
		if m := foreignKey.FindStringSubmatch(p); m != nil {
			fk := dialect.CatalogForeignKey{Name: m[1], Columns: dialect.SplitList(m[2]), RefTable: m[3], RefColumns: dialect.SplitList(m[4])}
			for _, a := range action.FindAllStringSubmatch(m[5], -1) {
				if strings.EqualFold(a[1], "UPDATE") {
					fk.OnUpdate = dialect.Collapse(a[2])
				} else {
					fk.OnDelete = dialect.Collapse(a[2])
				}
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		} else if m := unique.FindStringSubmatch(p); m != nil {
			t.Uniques = append(t.Uniques, dialect.CatalogIndex{Name: m[1], Columns: dialect.SplitList(m[2]), Unique: true})
		} else if m := check.FindStringSubmatch(p); m != nil {
			t.Checks = append(t.Checks, dialect.CatalogCheck{Name: m[1], Expr: m[2]})
		}
	}
	return nil
}

// Canon is SQLite's canonical form: the declared type as written, without
// the PRIMARY KEY AUTOINCREMENT GORM's type carries. SQLite does not say
// which column auto-increments, so that is not compared.
func (Dialect) Canon() dialect.Canon {
	return dialect.Canon{
		Column: func(c *dialect.CatalogColumn) {
			c.Type = strings.TrimSuffix(dialect.Collapse(c.Type), " primary key autoincrement")
			c.AutoIncrement = false
		},
		// SQLite's pragmas do not show an index expression.
		Expression: func(string) string { return "<expression>" },
		Action: func(a string) string {
			if a == "" {
				return "NO ACTION"
			}
			return a
		},
	}
}
