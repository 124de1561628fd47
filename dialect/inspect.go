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

// AddIndexColumn adds col to ix's entry in list, catalogs listing an
// index one row per column in order: a row whose index is the previous
// row's extends it, another starts a new one.
func AddIndexColumn(list *[]CatalogIndex, ix CatalogIndex, col string) {
	if n := len(*list); n > 0 && (*list)[n-1].Name == ix.Name {
		(*list)[n-1].Columns = append((*list)[n-1].Columns, col)
		return
	}
	ix.Columns = []string{col}
	*list = append(*list, ix)
}

// AddForeignKeyColumn adds the pair col -> refCol to fk's entry in list,
// as AddIndexColumn does for index rows.
func AddForeignKeyColumn(list *[]CatalogForeignKey, fk CatalogForeignKey, col, refCol string) {
	if n := len(*list); n > 0 && (*list)[n-1].Name == fk.Name {
		last := &(*list)[n-1]
		last.Columns, last.RefColumns = append(last.Columns, col), append(last.RefColumns, refCol)
		return
	}
	fk.Columns, fk.RefColumns = []string{col}, []string{refCol}
	*list = append(*list, fk)
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
	// Method is the index's access method ("" for the engine's default)
	// and Where its partial predicate, where Canon.IndexPredicates says
	// the catalog reports them.
	Method, Where string
	// Invalid marks an index the engine does not use: PostgreSQL's
	// INVALID index a failed CREATE INDEX CONCURRENTLY leaves behind.
	Invalid bool
}

// CatalogCheck is a check constraint. NotValid marks one added NOT VALID
// and never validated: rows older than it may break it.
type CatalogCheck struct {
	Name, Expr string
	NotValid   bool
}

// CatalogForeignKey is a foreign key.
type CatalogForeignKey struct {
	Name               string
	Columns            []string
	RefTable           string
	RefColumns         []string
	OnUpdate, OnDelete string
	// NotValid: see CatalogCheck.
	NotValid bool
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
	// IndexPredicates says the catalog reports an index's access method
	// and partial predicate (PostgreSQL); elsewhere they are not compared.
	IndexPredicates bool
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
			ci := CatalogIndex{Name: b.ShortName(ix.Name, ix.Derived), Unique: strings.EqualFold(ix.Class, "UNIQUE"),
				Method: ix.Type, Where: ix.Where}
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

// predicate is an index's method and predicate in canonical form: btree,
// every engine's default, as none, and the predicate written as a check
// is. Where the catalog does not report them, both are none.
func (canon Canon) predicate(method, where string) (string, string) {
	if !canon.IndexPredicates {
		return "", ""
	}
	if method = strings.ToLower(method); method == "btree" {
		method = ""
	}
	if where != "" {
		where = canon.check(where)
	}
	return method, where
}

// check is a check expression in canonical form.
func (canon Canon) check(expr string) string {
	if canon.Check != nil {
		expr = canon.Check(expr)
	}
	return CanonicalExpr(expr)
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
			ix.Method, ix.Where = canon.predicate(ix.Method, ix.Where)
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
			k.Expr = canon.check(k.Expr)
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
	// A snapshot never wants a half-built object; whatever else matches,
	// an online phase that did not finish left it.
	for _, ix := range got.Indexes {
		if ix.Invalid {
			add("%s: index %s is INVALID (a CREATE INDEX CONCURRENTLY failed or was cut short; drop it, then build it again)", table, ix.Name)
		}
	}
	for _, k := range got.Checks {
		if k.NotValid {
			add("%s: check %s is NOT VALID (existing rows were never checked; VALIDATE CONSTRAINT it)", table, k.Name)
		}
	}
	for _, fk := range got.ForeignKeys {
		if fk.NotValid {
			add("%s: foreign key %s is NOT VALID (existing rows were never checked; VALIDATE CONSTRAINT it)", table, fk.Name)
		}
	}
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
	if i.Method != "" {
		s += " USING " + i.Method
	}
	if i.Where != "" {
		s += " WHERE " + i.Where
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
	spaces = regexp.MustCompile(`\s+`)
	// currentTimestamp matches the function's spellings with parentheses.
	currentTimestamp = regexp.MustCompile(`current_timestamp\(\d*\)`)
)

// CanonicalDefault is a default's text in the form every engine shares: no
// PostgreSQL casts, NULL as none, an unquoted number in Go's shortest form,
// SQL outside string literals in lower case, CURRENT_TIMESTAMP without the
// parentheses MariaDB adds. A string literal is kept as written: '007' is
// not 7.
func CanonicalDefault(s string) string {
	s = strings.TrimSpace(s)
	// SQLite keeps a default as GORM wrote it, a string in double quotes.
	if len(s) > 1 && s[0] == '"' && s[len(s)-1] == '"' {
		s = "'" + strings.ReplaceAll(strings.ReplaceAll(s[1:len(s)-1], `""`, `"`), "'", "''") + "'"
	}
	tokens := canonicalTokens(s)
	if len(tokens) == 1 && tokens[0] == "null" {
		return ""
	}
	// A number, negative as two tokens, is compared as a number.
	if n := len(tokens); n == 1 || n == 2 && tokens[0] == "-" {
		if f, err := strconv.ParseFloat(strings.Join(tokens, ""), 64); err == nil && isNumber(tokens[n-1]) {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	// MariaDB writes the precision of the column into the function.
	return currentTimestamp.ReplaceAllString(renderTokens(tokens), "current_timestamp")
}

// CanonicalExpr is an expression (a check, an index expression) in a form
// that survives the rewriting engines do when they store one: identifiers
// unquoted and in lower case, string literals exactly as written, no
// PostgreSQL casts to a known type, no parentheses that precedence makes
// redundant (PostgreSQL and MariaDB both drop those), no blanks but the
// ones that separate words.
func CanonicalExpr(s string) string { return renderTokens(canonicalTokens(s)) }

// canonicalTokens splits s into tokens, drops the casts to known types and
// the redundant parentheses.
func canonicalTokens(s string) []string {
	tokens := dropCasts(exprTokens(s))
	for {
		next := dropRedundantParens(tokens)
		if len(next) == len(tokens) {
			return tokens
		}
		tokens = next
	}
}

// exprTokens splits an SQL expression into tokens: string literals as
// written, identifiers (quoted or not) and keywords in lower case, numbers,
// operators, and single punctuation.
func exprTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'':
			j := i + 1
			for j < len(s) && (s[j] != '\'' || j+1 < len(s) && s[j+1] == '\'') {
				if s[j] == '\'' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			out, i = append(out, s[i:j]), j
		case c == '"' || c == '`':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				j = len(s) - i - 1
			}
			out, i = append(out, strings.ToLower(s[i+1:i+1+j])), min(i+2+j, len(s))
		case isWordByte(c):
			j := i
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.') {
				j++
			}
			out, i = append(out, strings.ToLower(s[i:j])), j
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			out, i = append(out, "::"), i+2
		case strings.IndexByte(operatorBytes, c) >= 0:
			j := i
			for j < len(s) && strings.IndexByte(operatorBytes, s[j]) >= 0 {
				j++
			}
			// As PostgreSQL lexes them: "<-2" is "<" and "-2".
			op := s[i:j]
			for len(op) > 1 && strings.ContainsAny(op[len(op)-1:], "+-") && !strings.ContainsAny(op, "~!@#%^&|`?") {
				op = op[:len(op)-1]
			}
			out, i = append(out, operatorSpellings.Replace(op)), i+len(op)
		default:
			out, i = append(out, s[i:i+1]), i+1
		}
	}
	return out
}

const operatorBytes = "+-*/<>=~!@#%^&|?"

var operatorSpellings = strings.NewReplacer("!=", "<>", "==", "=")

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isNumber(tok string) bool { return tok != "" && tok[0] >= '0' && tok[0] <= '9' }

// castTypes are the type names a PostgreSQL cast is dropped for, as word
// sequences; a cast to any other type is kept, with what follows it.
var castTypes = [][]string{
	{"character", "varying"}, {"double", "precision"}, {"bit", "varying"},
	{"timestamp", "without", "time", "zone"}, {"timestamp", "with", "time", "zone"},
	{"time", "without", "time", "zone"}, {"time", "with", "time", "zone"},
	{"text"}, {"varchar"}, {"character"}, {"char"}, {"bpchar"}, {"name"}, {"citext"},
	{"integer"}, {"int"}, {"int2"}, {"int4"}, {"int8"}, {"smallint"}, {"bigint"},
	{"numeric"}, {"decimal"}, {"real"}, {"float4"}, {"float8"}, {"boolean"}, {"bool"},
	{"date"}, {"time"}, {"timestamp"}, {"timestamptz"}, {"timetz"}, {"interval"},
	{"uuid"}, {"json"}, {"jsonb"}, {"bytea"}, {"inet"}, {"cidr"}, {"regclass"}, {"bit"},
}

// numericTypes are the cast types under which PostgreSQL quotes a
// negative number ('-2'::integer), which is the number.
var numericTypes = map[string]bool{"integer": true, "int": true, "int2": true, "int4": true, "int8": true,
	"smallint": true, "bigint": true, "numeric": true, "decimal": true, "real": true, "float4": true, "float8": true, "double": true}

// dropCasts drops each "::type" whose type is one of castTypes, with its
// size and array brackets.
func dropCasts(tokens []string) []string {
	var out []string
	for i := 0; i < len(tokens); i++ {
		if tokens[i] != "::" {
			out = append(out, tokens[i])
			continue
		}
		n := castTypeLength(tokens[i+1:])
		if n == 0 {
			out = append(out, tokens[i])
			continue
		}
		typ := tokens[i+1]
		i += n
		if i+1 < len(tokens) && tokens[i+1] == "(" {
			if end := slices.Index(tokens[i+1:], ")"); end > 0 {
				i += end + 1
			}
		}
		for i+2 < len(tokens) && tokens[i+1] == "[" && tokens[i+2] == "]" {
			i += 2
		}
		if last := len(out) - 1; last >= 0 && numericTypes[typ] && strings.HasPrefix(out[last], "'") {
			if inner := strings.Trim(out[last], "'"); inner != "" {
				if _, err := strconv.ParseFloat(inner, 64); err == nil {
					out = append(out[:last], exprTokens(inner)...)
				}
			}
		}
	}
	return out
}

// castTypeLength is the number of tokens at the start of tokens that name
// one of castTypes, 0 for none.
func castTypeLength(tokens []string) int {
	for _, typ := range castTypes {
		if len(tokens) >= len(typ) && slices.Equal(tokens[:len(typ)], typ) {
			return len(typ)
		}
	}
	return 0
}

// precedences are the binary (and NOT's) operators' binding strength,
// shared by PostgreSQL and MySQL. A parenthesis next to an operator not
// listed is kept.
var precedences = map[string]int{
	"or": 1, "and": 2, "not": 3,
	"=": 4, "<>": 4, "<": 4, ">": 4, "<=": 4, ">=": 4, "is": 4, "like": 4, "ilike": 4, "in": 4, "between": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
}

// delimiters end an operand: a parenthesis next to one is redundant as far
// as that side goes.
var delimiters = map[string]bool{"(": true, ")": true, "[": true, "]": true, ",": true,
	"case": true, "when": true, "then": true, "else": true, "end": true}

// dropRedundantParens removes the first pair of parentheses that changes
// nothing: around an operand, or an expression whose operators all bind
// tighter than the one on its left and at least as tight as the one on
// its right. A pair after a word (a call, IN,
// ANY) or holding a list is kept.
func dropRedundantParens(tokens []string) []string {
	for i, t := range tokens {
		if t != "(" || i > 0 && isWordByte(tokens[i-1][0]) && !logicalWords[tokens[i-1]] {
			continue
		}
		end := closing(tokens, i)
		if end < 0 {
			return tokens
		}
		inner := innerPrecedence(tokens[i+1 : end])
		// Operators group from the left: (a - b) - c is a - b - c.
		if inner > sidePrecedence(tokens, i-1) && inner >= sidePrecedence(tokens, end+1) {
			return slices.Concat(tokens[:i], tokens[i+1:end], tokens[end+1:])
		}
	}
	return tokens
}

// logicalWords are the words a parenthesis may follow as an operand's;
// after any other word it belongs to the syntax (a call, IN's list, ANY).
var logicalWords = map[string]bool{"and": true, "or": true, "not": true}

func isOperatorWord(w string) bool {
	_, ok := precedences[w]
	return ok
}

// closing is the index of the parenthesis that closes the one at open, -1
// if none does.
func closing(tokens []string, open int) int {
	depth := 0
	for j := open; j < len(tokens); j++ {
		switch tokens[j] {
		case "(":
			depth++
		case ")":
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// innerPrecedence is the weakest binding of the operators at the top level
// of tokens: high for an operand, -1 for a list or an unknown operator.
func innerPrecedence(tokens []string) int {
	weakest, depth := 100, 0
	for _, t := range tokens {
		switch {
		case t == "(" || t == "[":
			depth++
		case t == ")" || t == "]":
			depth--
		case depth > 0 || isWordByte(t[0]) && !isOperatorWord(t) || t[0] == '\'' || t == "." || delimiters[t] && t != ",":
		case t == ",":
			return -1
		default:
			p, ok := precedences[t]
			if !ok {
				return -1
			}
			weakest = min(weakest, p)
		}
	}
	return weakest
}

// sidePrecedence is how tightly the token at i binds the parenthesised
// expression next to it: 0 at an end or a delimiter, the operator's
// precedence, or more than any for anything else.
func sidePrecedence(tokens []string, i int) int {
	if i < 0 || i >= len(tokens) || delimiters[tokens[i]] {
		return 0
	}
	if p, ok := precedences[tokens[i]]; ok {
		return p
	}
	return 100
}

// renderTokens joins tokens with a blank only where two words or two
// operators would otherwise run together.
func renderTokens(tokens []string) string {
	var b strings.Builder
	for i, t := range tokens {
		if i > 0 {
			prev := tokens[i-1]
			if wordish(prev[len(prev)-1]) && wordish(t[0]) || isOperatorToken(prev) && isOperatorToken(t) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

func wordish(c byte) bool { return isWordByte(c) || c == '\'' || c == '.' }

func isOperatorToken(t string) bool { return strings.IndexByte(operatorBytes, t[0]) >= 0 }

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

// QueryChecks runs query, whose rows are a table's name, a check's name and
// its expression, and adds each check to its table in c.
func (c Catalog) QueryChecks(ctx context.Context, db *gorm.DB, query string, args ...any) error {
	return QueryRows(ctx, db, func(r *sql.Rows) error {
		var table string
		var k CatalogCheck
		if err := r.Scan(&table, &k.Name, &k.Expr); err != nil {
			return err
		}
		t := c.Table(table)
		t.Checks = append(t.Checks, k)
		return nil
	}, query, args...)
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
