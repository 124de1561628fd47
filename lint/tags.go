package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/migragen/migragen/schema"
)

// Where SQL a user wrote sits in a tag.
type part int

const (
	inType      part = iota // a type: tag, verbatim
	inDefault               // a default: tag that is SQL text, not a literal
	inExpr                  // a check, an index's where or an index column's expression
	inIndexType             // an index's type (USING ...)
)

// dialectSQL is SQL that only some dialects accept. TestDialectSQL holds
// each entry with a probe to PostgreSQL, MariaDB and SQLite; what SQL
// Server accepts is from its documentation.
type dialectSQL struct {
	// what names the SQL in a message: "type jsonb".
	what  string
	parts []part
	re    *regexp.Regexp
	// unless, when set, matches text re matches that is portable after
	// all ("double precision" for "double").
	unless *regexp.Regexp
	// accepts are the dialects that accept it; every other one rejects it.
	accepts []string
	// instead is the portable way to say it.
	instead string
	// probe is, for the oracle test, a column definition that uses the
	// SQL, or a table constraint with a column c; "" for an entry that
	// cannot be probed here (it needs an extension, or only the compiler
	// decides).
	probe string
}

const (
	portableType    = "use a type every declared dialect accepts, or a Go type whose GormDBDataType chooses one per dialect (gorm.io/datatypes.JSON is jsonb on PostgreSQL and json on MySQL)"
	portableDefault = "fill the value in Go (a BeforeCreate hook, or the code that creates the row) rather than with a database default"
)

// dialectSQLs lists the SQL MG112 knows to be specific to some dialects.
var dialectSQLs = []dialectSQL{
	{"default now()", []part{inDefault}, regexp.MustCompile(`(?i)\bnow\s*\(`), nil, []string{postgres, mysql},
		"write default:CURRENT_TIMESTAMP, which every dialect accepts", "c timestamp DEFAULT now()"},
	{"gen_random_uuid()", []part{inDefault, inExpr}, regexp.MustCompile(`(?i)\bgen_random_uuid\s*\(`), nil, []string{postgres},
		portableDefault, "c varchar(40) DEFAULT gen_random_uuid()"},
	// uuid_generate_v4() needs PostgreSQL's uuid-ossp extension.
	{"uuid_generate_v*()", []part{inDefault, inExpr}, regexp.MustCompile(`(?i)\buuid_generate_v\w+\s*\(`), nil, []string{postgres},
		portableDefault, ""},
	{"uuid()", []part{inDefault, inExpr}, regexp.MustCompile(`(?i)\buuid\s*\(`), nil, []string{mysql},
		portableDefault, "c varchar(40) DEFAULT uuid()"},
	{"SQL Server's newid()/getdate()", []part{inDefault, inExpr}, regexp.MustCompile(`(?i)\b(newid|newsequentialid|getdate|getutcdate|sysdatetime|sysutcdatetime)\s*\(`), nil, []string{sqlserver},
		"write default:CURRENT_TIMESTAMP for a time, and fill other values in Go", "c timestamp DEFAULT getdate()"},
	{"a :: cast", []part{inDefault, inExpr}, regexp.MustCompile(`::`), nil, []string{postgres},
		"write CAST(value AS type), which every dialect accepts", "c integer DEFAULT '0'::integer"},
	{"ILIKE", []part{inExpr}, regexp.MustCompile(`(?i)\bilike\b`), nil, []string{postgres},
		"compare LOWER(x) with LIKE", "c varchar(10), CHECK (c ILIKE 'a%')"},
	{"type jsonb", []part{inType}, regexp.MustCompile(`(?i)\bjsonb\b`), nil, []string{postgres, sqlite}, portableType, "c jsonb"},
	{"type json", []part{inType}, regexp.MustCompile(`(?i)\bjson\b`), nil, []string{postgres, mysql, sqlite}, portableType, "c json"},
	{"type timestamptz", []part{inType}, regexp.MustCompile(`(?i)\btimestamptz\b`), nil, []string{postgres, sqlite}, portableType, "c timestamptz"},
	{"type bytea", []part{inType}, regexp.MustCompile(`(?i)\bbytea\b`), nil, []string{postgres, sqlite}, portableType, "c bytea"},
	{"PostgreSQL's network and text-search types", []part{inType}, regexp.MustCompile(`(?i)\b(inet|cidr|macaddr|tsvector)\b`), nil, []string{postgres, sqlite}, portableType, "c inet"},
	{"type bigserial", []part{inType}, regexp.MustCompile(`(?i)\b(big|small)serial\b`), nil, []string{postgres, sqlite},
		"leave auto-increment to GORM (an integer primary key, or an autoIncrement tag)", "c bigserial"},
	{"an array type", []part{inType}, regexp.MustCompile(`\[\s*\]`), nil, []string{postgres, sqlite}, portableType, "c integer[]"},
	{"type datetime", []part{inType}, regexp.MustCompile(`(?i)\bdatetime\b`), nil, []string{mysql, sqlite, sqlserver},
		"leave the type to GORM (a time.Time field is timestamptz on PostgreSQL and datetime on MySQL)", "c datetime"},
	{"type tinyint", []part{inType}, regexp.MustCompile(`(?i)\btinyint\b`), nil, []string{mysql, sqlite, sqlserver}, portableType, "c tinyint"},
	{"type mediumint", []part{inType}, regexp.MustCompile(`(?i)\bmediumint\b`), nil, []string{mysql, sqlite}, portableType, "c mediumint"},
	{"type double", []part{inType}, regexp.MustCompile(`(?i)\bdouble\b`), regexp.MustCompile(`(?i)\bdouble\s+precision\b`), []string{mysql, sqlite}, portableType, "c double"},
	{"MySQL's text and blob types", []part{inType}, regexp.MustCompile(`(?i)\b(tiny|medium|long)(text|blob)\b`), nil, []string{mysql, sqlite}, portableType, "c longtext"},
	{"type blob", []part{inType}, regexp.MustCompile(`(?i)\bblob\b`), nil, []string{mysql, sqlite}, portableType, "c blob"},
	{"UNSIGNED", []part{inType}, regexp.MustCompile(`(?i)\bunsigned\b`), nil, []string{mysql, sqlite},
		"use an unsigned Go integer field, which GORM makes unsigned where the dialect has such types", "c int unsigned"},
	{"AUTO_INCREMENT", []part{inType}, regexp.MustCompile(`(?i)\bauto_increment\b`), nil, []string{mysql, sqlite},
		"leave auto-increment to GORM (an integer primary key, or an autoIncrement tag)", "c integer AUTO_INCREMENT UNIQUE"},
	{"ON UPDATE CURRENT_TIMESTAMP", []part{inType}, regexp.MustCompile(`(?i)\bon\s+update\b`), nil, []string{mysql},
		"set the time in Go (GORM's autoUpdateTime does)", "c timestamp ON UPDATE CURRENT_TIMESTAMP"},
	{"type enum", []part{inType}, regexp.MustCompile(`(?i)\benum\s*\(`), nil, []string{mysql},
		"use a string column with a check constraint listing the values, which every dialect accepts", "c enum('a','b')"},
	{"type nvarchar", []part{inType}, regexp.MustCompile(`(?i)\bn(var)?char\b`), nil, []string{mysql, sqlite, sqlserver}, portableType, "c nvarchar(10)"},
	{"SQL Server's types", []part{inType}, regexp.MustCompile(`(?i)\b(datetime2|datetimeoffset|smalldatetime|uniqueidentifier)\b`), nil, []string{sqlite, sqlserver}, portableType, "c datetime2"},
	{"type boolean", []part{inType}, regexp.MustCompile(`(?i)\bbool(ean)?\b`), nil, []string{postgres, mysql, sqlite},
		"use a bool Go field, which GORM makes bit on SQL Server", "c boolean"},
	// MySQL's indexes are BTREE or HASH (RTREE for SPATIAL); the SQLite and
	// SQL Server compilers leave the index type out.
	{"index type", []part{inIndexType}, regexp.MustCompile(`(?i)\b(gin|gist|brin|spgist)\b`), nil, []string{postgres, sqlite, sqlserver},
		"drop the type on a model set that also runs on MySQL, or give MySQL an index of its own", ""},
}

// rejects returns the declared dialects that reject text found in part,
// with what each rejects and how to say it instead, one per entry.
func (w *walker) rejects(p part, text string) []rejection {
	if text == "" {
		return nil
	}
	var out []rejection
	for _, e := range dialectSQLs {
		if !slices.Contains(e.parts, p) || !e.re.MatchString(text) || e.unless != nil && e.unless.MatchString(text) {
			continue
		}
		for _, d := range w.opts.Settings.Dialects {
			if !slices.Contains(e.accepts, d) {
				out = append(out, rejection{dialect: d, entry: e})
			}
		}
	}
	return out
}

type rejection struct {
	dialect string
	entry   dialectSQL
}

// checkDialectSQL finds SQL written in tags that a dialect the model set
// declares (Settings.Dialects) rejects. It looks only at what the change
// brings: a new table's columns, indexes and checks, a new or altered
// column, a new index or check. With no dialect declared it finds
// nothing: SQL for the one dialect an application runs on is fine.
func checkDialectSQL(w *walker, c schema.Change) {
	if len(w.opts.Settings.Dialects) == 0 {
		return
	}
	switch c := c.(type) {
	case schema.CreateTable:
		for _, col := range c.Table.Columns {
			w.columnSQL(c.Table.Name, col, nil)
		}
		for _, ix := range c.Table.Indexes {
			w.indexSQL(ix)
		}
		for _, k := range c.Table.Checks {
			w.reportSQL("check "+k.Name, w.rejects(inExpr, k.Expr))
		}
	case schema.AddColumn:
		w.columnSQL(c.Table, c.Column, nil)
	case schema.AlterColumn:
		w.columnSQL(c.Table, c.To, c.From)
	case schema.CreateIndex:
		w.indexSQL(c.Index)
	case schema.AddCheck:
		w.reportSQL("check "+c.Check.Name, w.rejects(inExpr, c.Check.Expr))
	}
}

// columnSQL reports the SQL of col's type: and default: tags, those of
// them that differ from was's when the column is altered.
func (w *walker) columnSQL(table string, col, was *schema.Column) {
	where := "column " + table + "." + col.Name
	if was == nil || col.Type != was.Type {
		w.reportSQL(where, w.rejects(inType, col.Type))
	}
	if col.DefaultKind == "" && col.HasDefaultClause() && (was == nil || col.Default != was.Default || was.DefaultKind != "") {
		w.reportSQL(where, w.rejects(inDefault, col.Default))
	}
}

// indexSQL reports the SQL of an index's type, where and expressions.
func (w *walker) indexSQL(ix *schema.Index) {
	where := "index " + ix.Name
	w.reportSQL(where, w.rejects(inIndexType, ix.Type))
	w.reportSQL(where, w.rejects(inExpr, ix.Where))
	for _, ic := range ix.Columns {
		w.reportSQL(where, w.rejects(inExpr, ic.Expression))
	}
}

func (w *walker) reportSQL(where string, found []rejection) {
	for _, r := range found {
		w.report(DialectSpecificSQL, r.dialect,
			fmt.Sprintf("%s rejects %s in %s, and the model set declares %s (-dialects %s)", r.dialect, r.entry.what, where, r.dialect, strings.Join(w.opts.Settings.Dialects, ",")),
			r.entry.instead)
	}
}
