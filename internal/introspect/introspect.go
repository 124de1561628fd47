// Package introspect reads a live database's schema into a plain,
// comparable form, so that tests can demand that two databases — one built
// by migragen's migrations, one by GORM's AutoMigrate — are the same:
// tables, columns (type, nullability, default, key), indexes, and every
// named constraint (foreign keys with their actions, checks, uniques).
//
// Columns and indexes come from GORM's own migrator (ColumnTypes and
// index listings), constraints from each engine's catalog, rendered by the
// engine itself where it can (PostgreSQL's pg_get_constraintdef).
package introspect

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// Schema is a database's tables by name.
type Schema map[string]*Table

// Table is one table.
type Table struct {
	Columns     []string // one line per column, in table order
	Indexes     []string // one line per index, sorted
	Constraints []string // one line per constraint, sorted
}

// Read introspects every table of db's current database or schema except
// those named in skip (such as the version table).
func Read(db *gorm.DB, skip ...string) (Schema, error) {
	tables, err := db.Migrator().GetTables()
	if err != nil {
		return nil, fmt.Errorf("introspect: listing tables: %w", err)
	}
	out := Schema{}
	for _, name := range tables {
		if strings.HasPrefix(name, "sqlite_") || slices.Contains(skip, name) {
			continue
		}
		t := &Table{}
		if t.Columns, err = columns(db, name); err != nil {
			return nil, err
		}
		if t.Indexes, err = indexes(db, name); err != nil {
			return nil, err
		}
		if t.Constraints, err = constraints(db, name); err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// Diff lists the differences between want and got, one line each.
func Diff(want, got Schema) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g := got[name]
		if g == nil {
			out = append(out, "missing table "+name)
			continue
		}
		w := want[name]
		out = append(out, diffLines(name+" column", w.Columns, g.Columns, true)...)
		out = append(out, diffLines(name+" index", w.Indexes, g.Indexes, false)...)
		out = append(out, diffLines(name+" constraint", w.Constraints, g.Constraints, false)...)
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if want[name] == nil {
			out = append(out, "unexpected table "+name)
		}
	}
	return out
}

// diffLines reports lines missing from got and lines only in got; where
// order matters (columns) and the lines agree, a different order too.
func diffLines(what string, want, got []string, ordered bool) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, fmt.Sprintf("%s: want %s", what, w))
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			out = append(out, fmt.Sprintf("%s: got  %s", what, g))
		}
	}
	if len(out) == 0 && ordered && !slices.Equal(want, got) {
		out = append(out, fmt.Sprintf("%s order: want %q, got %q", what, want, got))
	}
	return out
}

func columns(db *gorm.DB, table string) ([]string, error) {
	cols, err := db.Migrator().ColumnTypes(table)
	if err != nil {
		return nil, fmt.Errorf("introspect: columns of %s: %w", table, err)
	}
	var out []string
	for _, c := range cols {
		typ, ok := c.ColumnType()
		if !ok || typ == "" {
			typ = c.DatabaseTypeName()
		}
		line := c.Name() + " " + strings.ToLower(typ)
		if n, ok := c.Nullable(); ok && !n {
			line += " not null"
		}
		if d, ok := c.DefaultValue(); ok && d != "" {
			line += " default " + d
		}
		if pk, ok := c.PrimaryKey(); ok && pk {
			line += " primary key"
		}
		if ai, ok := c.AutoIncrement(); ok && ai {
			line += " auto increment"
		}
		if cm, ok := c.Comment(); ok && cm != "" {
			line += fmt.Sprintf(" comment %q", cm)
		}
		out = append(out, line)
	}
	return out, nil
}

func indexes(db *gorm.DB, table string) ([]string, error) {
	var out []string
	if db.Dialector.Name() == "sqlite" {
		// GORM's SQLite GetIndexes logs through Debug(); read the pragmas
		// directly. Indexes SQLite makes for PRIMARY KEY and UNIQUE
		// constraints are numbered in constraint order, which GORM does
		// not keep stable, so they are named by their columns.
		var list []struct {
			Name   string
			Unique bool
			Origin string
		}
		if err := db.Raw("SELECT name, \"unique\", origin FROM pragma_index_list(?)", table).Scan(&list).Error; err != nil {
			return nil, fmt.Errorf("introspect: indexes of %s: %w", table, err)
		}
		for _, ix := range list {
			var cols []string
			if err := db.Raw("SELECT coalesce(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno", ix.Name).Scan(&cols).Error; err != nil {
				return nil, err
			}
			name := ix.Name
			if strings.HasPrefix(name, "sqlite_autoindex_") {
				name = "autoindex:" + ix.Origin
			}
			out = append(out, indexLine(name, cols, ix.Unique, ix.Origin == "pk")+sqliteIndexTail(db, ix.Name))
		}
	} else {
		list, err := db.Migrator().GetIndexes(table)
		if err != nil {
			return nil, fmt.Errorf("introspect: indexes of %s: %w", table, err)
		}
		var fkNames []string
		if db.Dialector.Name() == "mysql" {
			if err := db.Raw("SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?", table).Scan(&fkNames).Error; err != nil {
				return nil, err
			}
		}
		for _, ix := range list {
			unique, _ := ix.Unique()
			pk, _ := ix.PrimaryKey()
			name := ix.Name()
			if slices.Contains(fkNames, name) {
				// MySQL indexes a foreign key's columns under the name of
				// the first key created on them; GORM creates a table's
				// keys in map order, so which name wins is chance.
				name = "foreign-key index"
			}
			out = append(out, indexLine(name, ix.Columns(), unique, pk))
		}
		if db.Dialector.Name() == "postgres" {
			// GORM's listing leaves out the method, the predicate and
			// expressions; PostgreSQL prints the whole definition.
			var defs []string
			if err := db.Raw("SELECT replace(indexdef, ' ON ' || quote_ident(current_schema()) || '.', ' ON ') FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?", table).Scan(&defs).Error; err != nil {
				return nil, err
			}
			out = append(out, defs...)
		}
	}
	slices.Sort(out)
	return out, nil
}

func indexLine(name string, cols []string, unique, pk bool) string {
	line := name + " (" + strings.Join(cols, ",") + ")"
	if unique {
		line += " unique"
	}
	if pk {
		line += " primary"
	}
	return line
}

// sqliteIndexTail adds what the pragmas do not show: a partial index's
// WHERE, from the index's own SQL.
func sqliteIndexTail(db *gorm.DB, name string) string {
	var sqlText *string
	db.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", name).Row().Scan(&sqlText)
	if sqlText == nil {
		return ""
	}
	if i := strings.Index(strings.ToUpper(*sqlText), " WHERE "); i >= 0 {
		return " where" + normalize((*sqlText)[i+6:])
	}
	return ""
}

func constraints(db *gorm.DB, table string) ([]string, error) {
	var out []string
	var err error
	switch db.Dialector.Name() {
	case "postgres":
		err = db.Raw(`SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass AND contype <> 'n'`, table).Scan(&out).Error
	case "mysql":
		var fks []string
		err = db.Raw(`SELECT CONCAT(k.CONSTRAINT_NAME, ' FOREIGN KEY (', GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), ') REFERENCES ',
				k.REFERENCED_TABLE_NAME, '(', GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), ') ON UPDATE ', r.UPDATE_RULE, ' ON DELETE ', r.DELETE_RULE)
			FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
			  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
			WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
			GROUP BY k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE`, table).Scan(&fks).Error
		if err != nil {
			break
		}
		var checks []string
		err = db.Raw(`SELECT CONCAT(c.CONSTRAINT_NAME, ' CHECK ', c.CHECK_CLAUSE) FROM information_schema.CHECK_CONSTRAINTS c
			WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND c.TABLE_NAME = ?`, table).Scan(&checks).Error
		out = append(fks, checks...)
	case "sqlite":
		var create string
		if err = db.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Row().Scan(&create); err == nil {
			out = sqliteConstraints(create)
		}
	default:
		return nil, fmt.Errorf("introspect: no constraint reader for %s", db.Dialector.Name())
	}
	if err != nil {
		return nil, fmt.Errorf("introspect: constraints of %s: %w", table, err)
	}
	for i := range out {
		out[i] = normalize(out[i])
	}
	slices.Sort(out)
	return out, nil
}

// sqliteConstraints returns the named table constraints of a CREATE
// TABLE statement, which SQLite keeps as written.
func sqliteConstraints(create string) []string {
	open := strings.Index(create, "(")
	if open < 0 {
		return nil
	}
	var out []string
	for _, part := range dialect.SplitTopLevel(create[open+1 : strings.LastIndex(create, ")")]) {
		p := strings.TrimSpace(part)
		if strings.HasPrefix(strings.ToUpper(p), "CONSTRAINT ") {
			out = append(out, p[len("CONSTRAINT "):])
		}
	}
	return out
}

var spaces = regexp.MustCompile(`\s+`)

// normalize removes identifier quotes and folds whitespace, so that the
// same constraint written by two tools reads the same.
func normalize(s string) string {
	s = strings.NewReplacer("`", "", `"`, "").Replace(s)
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}
