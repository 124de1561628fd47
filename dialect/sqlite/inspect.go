package sqlite

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

// inspectQueries join the pragma table functions with sqlite_master, so
// each kind of object is one query whatever the number of tables.
var inspectQueries = struct{ tables, columns, indexes, foreignKeys, uniques string }{
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
	// Foreign keys and unique constraints as SQLite parsed them, named or
	// not, inline or not: the CREATE TABLE only supplies their names.
	foreignKeys: `SELECT m.name, f.id, f."table", f."from", coalesce(f."to", ''), f.on_update, f.on_delete
	FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, f.id, f.seq`,
	uniques: `SELECT m.name, l.name, coalesce(x.name, '')
	FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) x
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND l.origin = 'u'
	ORDER BY m.name, l.name, x.seqno`,
}

// unnamed is the name a constraint the CREATE TABLE does not name is
// reported under.
const unnamed = "<unnamed>"

// Inspect reads the database's tables. Constraints come from each table's
// CREATE TABLE, which SQLite keeps as written.
func (Dialect) Inspect(ctx context.Context, db *gorm.DB, _ []string) (dialect.Catalog, error) {
	out := dialect.Catalog{}
	named := map[string]*dialect.CatalogTable{}
	err := dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var name, create string
		if err := r.Scan(&name, &create); err != nil {
			return err
		}
		named[name] = &dialect.CatalogTable{}
		return tableConstraints(out.Table(name), named[name], create)
	}, inspectQueries.tables)
	if err != nil {
		return nil, fmt.Errorf("reading tables: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, refTable, from, to, onUpdate, onDelete string
		var id int
		if err := r.Scan(&table, &id, &refTable, &from, &to, &onUpdate, &onDelete); err != nil {
			return err
		}
		t := out.Table(table)
		// A key's columns are rows of one id, in order.
		if n := len(t.ForeignKeys); n > 0 && t.ForeignKeys[n-1].Name == strconv.Itoa(id) {
			fk := &t.ForeignKeys[n-1]
			fk.Columns, fk.RefColumns = append(fk.Columns, from), append(fk.RefColumns, to)
			return nil
		}
		t.ForeignKeys = append(t.ForeignKeys, dialect.CatalogForeignKey{Name: strconv.Itoa(id), Columns: []string{from},
			RefTable: refTable, RefColumns: []string{to}, OnUpdate: onUpdate, OnDelete: onDelete})
		return nil
	}, inspectQueries.foreignKeys)
	if err != nil {
		return nil, fmt.Errorf("reading foreign keys: %w", err)
	}
	err = dialect.QueryRows(ctx, db, func(r *sql.Rows) error {
		var table, index, col string
		if err := r.Scan(&table, &index, &col); err != nil {
			return err
		}
		t := out.Table(table)
		if n := len(t.Uniques); n > 0 && t.Uniques[n-1].Name == index {
			t.Uniques[n-1].Columns = append(t.Uniques[n-1].Columns, col)
		} else {
			t.Uniques = append(t.Uniques, dialect.CatalogIndex{Name: index, Columns: []string{col}, Unique: true})
		}
		return nil
	}, inspectQueries.uniques)
	if err != nil {
		return nil, fmt.Errorf("reading unique constraints: %w", err)
	}
	for name, t := range out {
		nameConstraints(t, named[name])
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
		dialect.AddIndexColumn(&out.Table(table).Indexes, dialect.CatalogIndex{Name: name, Unique: unique}, col)
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
)

// tableConstraints adds the checks of create to t, and its named foreign
// keys and unique constraints to named, whose names the pragmas lack.
func tableConstraints(t, named *dialect.CatalogTable, create string) error {
	open := strings.Index(create, "(")
	if open < 0 {
		return fmt.Errorf("no column list in %q", create)
	}
	for _, part := range dialect.SplitTopLevel(create[open+1 : strings.LastIndex(create, ")")]) {
		p := dialect.Collapse(strings.NewReplacer("`", "", `"`, "").Replace(part))
		t.Checks = append(t.Checks, checks(p)...)
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
			named.ForeignKeys = append(named.ForeignKeys, fk)
		} else if m := unique.FindStringSubmatch(p); m != nil {
			named.Uniques = append(named.Uniques, dialect.CatalogIndex{Name: m[1], Columns: dialect.SplitList(m[2]), Unique: true})
		}
	}
	return nil
}

// constraintName is the "CONSTRAINT name" that ends the text before a
// column constraint.
var constraintName = regexp.MustCompile(`(?i)CONSTRAINT\s+(\S+)\s*$`)

// checks are the CHECK constraints in one definition of a CREATE TABLE, a
// table constraint or a column's, named or not.
func checks(def string) []dialect.CatalogCheck {
	var out []dialect.CatalogCheck
	depth := 0
	var quote byte
	// open is the check whose expression, from body on, is being read.
	var open *dialect.CatalogCheck
	body := 0
	for i := 0; i < len(def); i++ {
		switch c := def[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 && open != nil {
				open.Expr = def[body:i]
				out, open = append(out, *open), nil
			}
		case depth == 0 && (i == 0 || def[i-1] == ' ') && len(def) >= i+5 && strings.EqualFold(def[i:i+5], "CHECK"):
			rest := strings.TrimLeft(def[i+5:], " ")
			if !strings.HasPrefix(rest, "(") {
				continue
			}
			open = &dialect.CatalogCheck{Name: unnamed}
			if m := constraintName.FindStringSubmatch(def[:i]); m != nil {
				open.Name = m[1]
			}
			// Go on at the parenthesis, which opens the expression.
			i = len(def) - len(rest)
			depth, body = 1, i+1
		}
	}
	return out
}

// nameConstraints names t's foreign keys and unique constraints, read from
// the pragmas, after the named ones of the CREATE TABLE that match them;
// the others are unnamed.
func nameConstraints(t, named *dialect.CatalogTable) {
	if named == nil {
		named = &dialect.CatalogTable{}
	}
	used := map[int]bool{}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		fk.Name = unnamed
		for j, n := range named.ForeignKeys {
			if !used[j] && sameForeignKey(*fk, n) {
				fk.Name, used[j] = n.Name, true
				break
			}
		}
	}
	clear(used)
	for i := range t.Uniques {
		u := &t.Uniques[i]
		u.Name = unnamed
		for j, n := range named.Uniques {
			if !used[j] && slices.EqualFunc(u.Columns, n.Columns, strings.EqualFold) {
				u.Name, used[j] = n.Name, true
				break
			}
		}
	}
}

// sameForeignKey reports whether the key the pragma read and the one the
// CREATE TABLE names are one: the same columns, target and actions.
func sameForeignKey(read, written dialect.CatalogForeignKey) bool {
	action := func(a string) string {
		if a == "" {
			return "NO ACTION"
		}
		return strings.ToUpper(a)
	}
	refColumns := slices.EqualFunc(read.RefColumns, written.RefColumns, strings.EqualFold) ||
		slices.Equal(read.RefColumns, make([]string, len(read.RefColumns)))
	return slices.EqualFunc(read.Columns, written.Columns, strings.EqualFold) && strings.EqualFold(read.RefTable, written.RefTable) &&
		refColumns && action(read.OnUpdate) == action(written.OnUpdate) && action(read.OnDelete) == action(written.OnDelete)
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
