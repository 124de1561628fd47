package dialect

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/schema"
)

// Inspector is implemented by dialects that can read a live database's
// schema from its catalog. The runtime's Verify refuses a dialect without
// one. Inspection and the comparison are kept apart: a dialect reads its
// catalog as the engine writes it, and Canon says how that writing maps to
// one canonical form, which the schema the migrations describe is brought
// to as well (Expect), so both sides of Compare read the same.
type Inspector interface {
	// Inspect reads every base table of db's current schema (database),
	// and of the other schemas that a dotted name in tables names.
	Inspect(ctx context.Context, db *gorm.DB, tables []string) (Catalog, error)
	// Canon is the dialect's canonical form.
	Canon() Canon
}

// Catalog is a schema as a catalog reports it, by table name.
type Catalog map[string]*CatalogTable

// CatalogTable is one table.
type CatalogTable struct {
	Columns     []CatalogColumn
	Indexes     []CatalogIndex
	Uniques     []CatalogIndex // Unique is true
	Checks      []CatalogCheck
	ForeignKeys []CatalogForeignKey
}

// CatalogColumn is one column.
type CatalogColumn struct {
	Name, Type string
	// Default is the default's text, "" for none.
	Default       string
	NotNull       bool
	PrimaryKey    bool
	AutoIncrement bool
}

// CatalogIndex is an index, or a unique constraint.
type CatalogIndex struct {
	Name string
	// Columns are column names or expressions, " DESC" appended to a
	// descending one.
	Columns []string
	Unique  bool
}

// CatalogCheck is a check constraint.
type CatalogCheck struct{ Name, Expr string }

// CatalogForeignKey is a foreign key.
type CatalogForeignKey struct {
	Name               string
	Columns            []string
	RefTable           string
	RefColumns         []string
	OnUpdate, OnDelete string
}

// Canon is how one dialect's catalog writes what a snapshot states. Each
// function maps text of either side to the canonical text; nil keeps it.
type Canon struct {
	// Column brings a column to canonical form: its type's spelling, an
	// auto-increment spelled in the type or the default, and the
	// default's spelling.
	Column func(*CatalogColumn)
	// Check canonicalises a check expression.
	Check func(string) string
	// Action canonicalises a foreign key action; "" is the engine's
	// default action.
	Action func(string) string
	// Expression canonicalises an index expression after CanonicalExpr.
	Expression func(string) string
	// UniqueIsIndex says the engine keeps a unique constraint as a unique
	// index (MySQL), so the expected uniques are compared as indexes.
	UniqueIsIndex bool
	// ImplicitForeignKeyIndex says the engine indexes a foreign key's
	// columns by itself, under the key's name (MySQL).
	ImplicitForeignKeyIndex bool
}

// Expect renders s, the schema the migrations describe, as b's dialect
// would write it into its catalog (before canonical form): the types
// DataTypeOf gives, the defaults as the compilers write them, and index and
// constraint names shortened as GORM shortens them.
func Expect(b Builder, s *schema.Snapshot) (Catalog, error) {
	out := Catalog{}
	for _, t := range s.Tables {
		ct := &CatalogTable{}
		for _, c := range t.Columns {
			def, err := b.Default(c)
			if err != nil {
				return nil, fmt.Errorf("table %s: column %s: %w", t.Name, c.Name, err)
			}
			ct.Columns = append(ct.Columns, CatalogColumn{Name: c.Name, Type: b.Type(c), Default: def,
				NotNull: c.NotNull, PrimaryKey: c.PrimaryKey, AutoIncrement: c.AutoIncrement})
		}
		for _, ix := range t.Indexes {
			ci := CatalogIndex{Name: b.ShortName(ix.Name, ix.Derived), Unique: strings.EqualFold(ix.Class, "UNIQUE")}
			for _, c := range ix.Columns {
				col := c.Column
				if c.Expression != "" {
					col = c.Expression
				}
				// A sort may carry NULLS FIRST or LAST, which the catalogs
				// read here do not report.
				if sort := strings.Fields(c.Sort); len(sort) > 0 && strings.EqualFold(sort[0], "DESC") {
					col += " DESC"
				}
				ci.Columns = append(ci.Columns, col)
			}
			ct.Indexes = append(ct.Indexes, ci)
		}
		for _, u := range t.Uniques {
			ct.Uniques = append(ct.Uniques, CatalogIndex{Name: b.ShortName(u.Name, u.Derived), Columns: []string{u.Column}, Unique: true})
		}
		for _, k := range t.Checks {
			ct.Checks = append(ct.Checks, CatalogCheck{Name: b.ShortName(k.Name, k.Derived), Expr: k.Expr})
		}
		for _, fk := range t.ForeignKeys {
			ct.ForeignKeys = append(ct.ForeignKeys, CatalogForeignKey{Name: b.ShortName(fk.Name, fk.Derived),
				Columns: fk.Columns, RefTable: fk.RefTable, RefColumns: fk.RefColumns, OnUpdate: fk.OnUpdate, OnDelete: fk.OnDelete})
		}
		out[t.Name] = ct
	}
	return out, nil
}

// expression is an index expression in canonical form.
func (canon Canon) expression(s string) string {
	s = CanonicalExpr(s)
	if canon.Expression != nil {
		s = canon.Expression(s)
	}
	return s
}

// canonical returns a copy of c in canon's form.
func (canon Canon) canonical(c Catalog) Catalog {
	out := Catalog{}
	for name, t := range c {
		ct := &CatalogTable{Uniques: slices.Clone(t.Uniques)}
		for _, ix := range t.Indexes {
			ix.Columns = slices.Clone(ix.Columns)
			for i, c := range ix.Columns {
				if strings.ContainsAny(c, "(<") {
					ix.Columns[i] = canon.expression(c)
				}
			}
			ct.Indexes = append(ct.Indexes, ix)
		}
		for _, col := range t.Columns {
			col.Type = strings.ToLower(strings.TrimSpace(col.Type))
			col.Default = CanonicalDefault(col.Default)
			// A primary key column holds no NULL on any engine, whatever
			// its catalog says (SQLite reports such columns nullable).
			col.NotNull = col.NotNull || col.PrimaryKey
			if canon.Column != nil {
				canon.Column(&col)
			}
			ct.Columns = append(ct.Columns, col)
		}
		if canon.UniqueIsIndex {
			ct.Indexes, ct.Uniques = append(ct.Indexes, ct.Uniques...), nil
		}
		for _, k := range t.Checks {
			if canon.Check != nil {
				k.Expr = canon.Check(k.Expr)
			}
			k.Expr = CanonicalExpr(k.Expr)
			ct.Checks = append(ct.Checks, k)
		}
		for _, fk := range t.ForeignKeys {
			fk.OnUpdate, fk.OnDelete = strings.ToUpper(fk.OnUpdate), strings.ToUpper(fk.OnDelete)
			if canon.Action != nil {
				fk.OnUpdate, fk.OnDelete = canon.Action(fk.OnUpdate), canon.Action(fk.OnDelete)
			}
			ct.ForeignKeys = append(ct.ForeignKeys, fk)
		}
		out[name] = ct
	}
	return out
}

// Compare lists how got, a live database's catalog, differs from want, the
// schema the migrations describe (from Expect), both brought to canon's
// form first: the differences, one line each, naming the table and the
// object, and notes for differences that do not matter. Column order is
// not compared: GORM appends a column it adds.
func Compare(want, got Catalog, canon Canon) (differences, notes []string) {
	want, got = canon.canonical(want), canon.canonical(got)
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g := got[name]
		if g == nil {
			differences = append(differences, "missing table "+name)
			continue
		}
		d, n := compareTable(name, want[name], g, canon)
		differences, notes = append(differences, d...), append(notes, n...)
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if want[name] == nil {
			differences = append(differences, "extra table "+name)
		}
	}
	return differences, notes
}

func compareTable(table string, want, got *CatalogTable, canon Canon) (differences, notes []string) {
	add := func(format string, args ...any) { differences = append(differences, fmt.Sprintf(format, args...)) }
	compareNamed(want.Columns, got.Columns, func(c CatalogColumn) string { return c.Name },
		func(w CatalogColumn) { add("%s: missing column %s", table, w) },
		func(g CatalogColumn) { add("%s: extra column %s", table, g) },
		func(w, g CatalogColumn) {
			at := table + "." + w.Name
			if w.Type != g.Type {
				add("%s: type %s, want %s", at, g.Type, w.Type)
			}
			if w.NotNull != g.NotNull {
				add("%s: %s, want %s", at, nullability(g.NotNull), nullability(w.NotNull))
			}
			if w.Default != g.Default {
				add("%s: default %s, want %s", at, orNone(g.Default), orNone(w.Default))
			}
			if w.PrimaryKey != g.PrimaryKey {
				add("%s: primary key %t, want %t", at, g.PrimaryKey, w.PrimaryKey)
			}
			if w.AutoIncrement != g.AutoIncrement {
				add("%s: auto-increment %t, want %t", at, g.AutoIncrement, w.AutoIncrement)
			}
		})
	gotIndexes := got.Indexes
	if canon.ImplicitForeignKeyIndex {
		gotIndexes, notes = implicitIndexes(table, want, got)
	}
	compareNamed(want.Indexes, gotIndexes, func(i CatalogIndex) string { return i.Name },
		func(w CatalogIndex) { add("%s: missing index %s", table, w) },
		func(g CatalogIndex) { add("%s: extra index %s", table, g) },
		func(w, g CatalogIndex) {
			if w.String() != g.String() {
				add("%s: index %s, want %s", table, g, w)
			}
		})
	compareNamed(want.Uniques, got.Uniques, func(i CatalogIndex) string { return i.Name },
		func(w CatalogIndex) { add("%s: missing unique %s", table, w.constraint()) },
		func(g CatalogIndex) { add("%s: extra unique %s", table, g.constraint()) },
		func(w, g CatalogIndex) {
			if !slices.Equal(w.Columns, g.Columns) {
				add("%s: unique %s, want %s", table, g.constraint(), w.constraint())
			}
		})
	compareNamed(want.Checks, got.Checks, func(k CatalogCheck) string { return k.Name },
		func(w CatalogCheck) { add("%s: missing check %s", table, w) },
		func(g CatalogCheck) { add("%s: extra check %s", table, g) },
		func(w, g CatalogCheck) {
			if w.Expr != g.Expr {
				add("%s: check %s, want %s", table, g, w)
			}
		})
	compareNamed(want.ForeignKeys, got.ForeignKeys, func(f CatalogForeignKey) string { return f.Name },
		func(w CatalogForeignKey) { add("%s: missing foreign key %s", table, w) },
		func(g CatalogForeignKey) { add("%s: extra foreign key %s", table, g) },
		func(w, g CatalogForeignKey) {
			if w.String() != g.String() {
				add("%s: foreign key %s, want %s", table, g, w)
			}
		})
	return differences, notes
}

// implicitIndexes returns got's indexes without the ones MySQL made for a
// foreign key by itself (named as a key of the table, on its columns), and
// a note for each such index whose name is chance: GORM creates a table's
// keys in map order, and the first key on the columns names the index.
func implicitIndexes(table string, want, got *CatalogTable) ([]CatalogIndex, []string) {
	var kept []CatalogIndex
	var notes []string
	for _, ix := range got.Indexes {
		if slices.ContainsFunc(want.Indexes, func(w CatalogIndex) bool { return w.Name == ix.Name }) || ix.Unique {
			kept = append(kept, ix)
			continue
		}
		var onColumns []string
		for _, fk := range append(slices.Clone(got.ForeignKeys), want.ForeignKeys...) {
			if slices.Equal(fk.Columns, ix.Columns) && !slices.Contains(onColumns, fk.Name) {
				onColumns = append(onColumns, fk.Name)
			}
		}
		switch {
		case !slices.Contains(onColumns, ix.Name):
			kept = append(kept, ix)
		case len(onColumns) > 1:
			notes = append(notes, fmt.Sprintf("%s: index %s is MySQL's own index for the foreign keys %s; which key names it depends on GORM's map order",
				table, ix, strings.Join(onColumns, ", ")))
		}
	}
	return kept, notes
}

// compareNamed matches want and got by name and reports what only one side
// has, and each pair to same.
func compareNamed[T any](want, got []T, name func(T) string, missing, extra func(T), same func(w, g T)) {
	for _, w := range want {
		if i := slices.IndexFunc(got, func(g T) bool { return name(g) == name(w) }); i >= 0 {
			same(w, got[i])
		} else {
			missing(w)
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(want, func(w T) bool { return name(w) == name(g) }) {
			extra(g)
		}
	}
}

func (c CatalogColumn) String() string {
	s := c.Name + " " + c.Type
	if c.NotNull {
		s += " NOT NULL"
	}
	if c.Default != "" {
		s += " DEFAULT " + c.Default
	}
	if c.PrimaryKey {
		s += " PRIMARY KEY"
	}
	return s
}

func (i CatalogIndex) String() string {
	s := i.Name + " (" + strings.Join(i.Columns, ", ") + ")"
	if i.Unique {
		s += " UNIQUE"
	}
	return s
}

func (i CatalogIndex) constraint() string { return i.Name + " (" + strings.Join(i.Columns, ", ") + ")" }

func (k CatalogCheck) String() string { return k.Name + " CHECK (" + k.Expr + ")" }

func (f CatalogForeignKey) String() string {
	return fmt.Sprintf("%s (%s) REFERENCES %s(%s) ON UPDATE %s ON DELETE %s", f.Name, strings.Join(f.Columns, ", "),
		f.RefTable, strings.Join(f.RefColumns, ", "), f.OnUpdate, f.OnDelete)
}

func nullability(notNull bool) string {
	if notNull {
		return "NOT NULL"
	}
	return "nullable"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

var (
	pgCast = regexp.MustCompile(`::("[^"]+"|[a-z_][a-z0-9_ ]*)(\(\d+(,\s*\d+)?\))?(\[\])?`)
	spaces = regexp.MustCompile(`\s+`)
	// currentTimestamp matches the function's spellings with parentheses.
	currentTimestamp = regexp.MustCompile(`current_timestamp\(\d*\)`)
)

// CanonicalDefault is a default's text in the form every engine shares: no
// PostgreSQL casts, NULL as none, a number in Go's shortest form, SQL
// outside string literals in lower case, CURRENT_TIMESTAMP without the
// parentheses MariaDB adds.
func CanonicalDefault(s string) string {
	s = strings.TrimSpace(s)
	// SQLite keeps a default as GORM wrote it, a string in double quotes.
	if len(s) > 1 && s[0] == '"' && s[len(s)-1] == '"' {
		s = "'" + strings.ReplaceAll(s[1:len(s)-1], `""`, `"`) + "'"
	}
	if !strings.HasPrefix(s, "'") {
		s = strings.ToLower(s)
	}
	s = pgCast.ReplaceAllString(s, "")
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' && balanced(s[1:len(s)-1]) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.EqualFold(s, "null") {
		return ""
	}
	// An expression is compared as CanonicalExpr compares checks: engines
	// add parentheses and casts when they store one.
	if strings.Contains(s, "(") && !strings.HasPrefix(s, "'") {
		return CanonicalExpr(currentTimestamp.ReplaceAllString(s, "current_timestamp"))
	}
	// PostgreSQL quotes a negative number ('-1'::integer); a number is
	// compared as a number, quoted or not.
	if f, err := strconv.ParseFloat(strings.Trim(s, "'"), 64); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	// MariaDB writes the precision of the column into the function.
	return currentTimestamp.ReplaceAllString(s, "current_timestamp")
}

// CanonicalExpr is an expression (a check) in a form that survives the
// rewriting engines do when they store one: no identifier quotes, no
// PostgreSQL casts, no parentheses, no blanks, lower case.
func CanonicalExpr(s string) string {
	s = strings.ToLower(s)
	s = pgCast.ReplaceAllString(s, "")
	return strings.NewReplacer("`", "", `"`, "", "(", "", ")", "", " ", "", "\t", "", "\n", "").Replace(s)
}

// balanced reports whether s's parentheses pair up, so that "(a) + (b)"
// is not taken for one parenthesised expression.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// Collapse folds runs of blanks into one space.
func Collapse(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// QueryRows runs query on db and calls scan for each row.
func QueryRows(ctx context.Context, db *gorm.DB, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Table returns c's table name, adding it when new.
func (c Catalog) Table(name string) *CatalogTable {
	t := c[name]
	if t == nil {
		t = &CatalogTable{}
		c[name] = t
	}
	return t
}

// SplitList splits a comma-separated list, trimming each part; "" is none.
func SplitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// SplitTopLevel splits a list at the commas outside parentheses and
// quotes, as a CREATE TABLE's definitions.
func SplitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			quote = r
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
