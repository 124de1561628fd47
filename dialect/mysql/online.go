package mysql

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// The online-safe form on MySQL and MariaDB is the plain statement with an
// explicit ALGORITHM (and LOCK) clause. Without one the server picks the
// best algorithm it can, and when that is a table copy it copies silently,
// blocking every write to the table for as long as the copy takes. With
// one it refuses instead (ER_ALTER_OPERATION_NOT_SUPPORTED, 1845/1846),
// before it has changed anything, so a migration that would block a big
// table fails at once and says so.
//
// A clause is claimed only where both MySQL 8.0.29+ and MariaDB 10.6+
// accept it; an older server may refuse a statement it would have run
// (by copying) without one. The rules and their sources:
//
//   - ADD COLUMN at the end, nullable or with a literal default: INSTANT
//     (MySQL 8.0.12+, MariaDB 10.3+). Not for a table with a FULLTEXT or
//     SPATIAL index (a hidden FTS_DOC_ID column rules INSTANT out on both),
//     an auto-increment or key column, a NOT NULL column without a
//     default, an expression default, or a type: tag that says more than a
//     type. MySQL allows 64 instant column changes per table (row
//     versions) before it needs a rebuild, and then refuses with 4092.
//     INSTANT carries no LOCK clause: MySQL permits only LOCK=DEFAULT
//     with it, and it takes no lock beyond the metadata lock anyway.
//   - DROP COLUMN: INPLACE, LOCK=NONE (MySQL rebuilds the table online;
//     MariaDB drops it instantly where it can, since its INPLACE means "at
//     least INPLACE"). Not a key column, nor on a FULLTEXT/SPATIAL table.
//   - RENAME COLUMN, RENAME INDEX, a unique constraint's rename, DROP
//     INDEX (written as ALTER TABLE ... DROP INDEX, since MariaDB's DROP
//     INDEX statement takes no ALGORITHM clause), DROP FOREIGN KEY (and
//     the index MySQL made for it), DROP CHECK: INPLACE, LOCK=NONE; all
//     change metadata only.
//   - CREATE [UNIQUE] INDEX and ADD CONSTRAINT ... UNIQUE: INPLACE,
//     LOCK=NONE; the index is built while writes go on. Not FULLTEXT or
//     SPATIAL indexes (both servers need LOCK=SHARED), nor expression
//     indexes (MySQL adds a hidden generated column for them).
//   - RENAME TO: INSTANT (a metadata change on both; MariaDB refuses
//     LOCK=NONE for it).
//   - MODIFY COLUMN keeping the type and nullability (a new default or
//     comment): INPLACE, LOCK=NONE, metadata only. A VARCHAR widened
//     without changing its number of length bytes (under every character
//     set, from 1 to 4 bytes a character: varchar(40) to varchar(60), or
//     varchar(300) to varchar(400), but not varchar(50) to varchar(100),
//     which crosses 255 bytes in utf8mb4) on a column no index uses: INPLACE, LOCK=NONE, metadata
//     only. NULL to NOT NULL or back, same type, under a strict sql_mode
//     (the default of both; without it MySQL refuses INPLACE, since it
//     would have to turn NULLs into zeros silently): INPLACE, LOCK=NONE,
//     a rebuild during which writes go on; not a key column, nor on a
//     FULLTEXT/SPATIAL table.
//
// Everything else needs a table copy and gets no clause: any other type
// change, ADD FOREIGN KEY (INPLACE only with foreign_key_checks=0, which
// would skip checking the existing rows), ADD CHECK (its rows are checked
// by copying), a primary key, FULLTEXT and SPATIAL indexes. TestOnline
// runs every claimed clause, and shows each refusal, on a real MariaDB.

const (
	instant = "ALGORITHM=INSTANT"
	inplace = "ALGORITHM=INPLACE, LOCK=NONE"
)

// OnlineClause returns the ALGORITHM/LOCK clause that c's statements get in
// the online-safe form, "ALGORITHM=INSTANT" or "ALGORITHM=INPLACE,
// LOCK=NONE", or "" when the change needs a table copy on MySQL or MariaDB,
// or is not an ALTER of a table (CreateTable, DropTable). It does not read
// ctx.Online or ctx.CreatedHere, so lint can ask it whatever the setting;
// Compile adds the clause only when both ask for it. ctx.Before should hold
// c's table (without it, changes whose clause depends on the table's
// columns and indexes get none), and ctx.DB must be a MySQL *gorm.DB (a
// DryRun one does: the clause depends on the compiled column types, not on
// the server).
func OnlineClause(ctx *dialect.Context, c schema.Change) string {
	if ctx.DB == nil {
		return ""
	}
	b := ctx.SQL()
	var t *schema.Table // nil, without a schema: only changes that need none get a clause
	if ctx.Before != nil {
		t = ctx.Before.Table(tableBefore(c))
	}
	switch c := c.(type) {
	case schema.RenameTable:
		return instant
	case schema.AddColumn:
		if t != nil && addsInstantly(b, t, c.Column) {
			return instant
		}
	case schema.DropColumn:
		if t != nil && !rebuildBlocks(t) && !isKey(t.Column(c.Column.Name)) {
			return inplace
		}
	case schema.RenameColumn, schema.RenameIndex, schema.DropUnique, schema.DropCheck, schema.DropForeignKey:
		return inplace
	case schema.RenameConstraint:
		if c.Kind == schema.ConstraintUnique {
			return inplace
		}
	case schema.CreateIndex:
		if buildsOnline(c.Index) {
			return inplace
		}
	case schema.DropIndex:
		if buildsOnline(c.Index) {
			return inplace
		}
	case schema.AddUnique:
		return inplace
	case schema.AlterColumn:
		if t != nil && modifiesOnline(ctx, b, t, c) {
			return inplace
		}
	}
	return ""
}

// online returns the clause c's statements get when compiled with ctx:
// OnlineClause when ctx asks for the online form and the migration did
// not create c's table, which no other session can see yet.
func online(ctx *dialect.Context, c schema.Change) string {
	if !ctx.Online || ctx.Created(tableBefore(c)) {
		return ""
	}
	return OnlineClause(ctx, c)
}

// tableBefore names c's table as the schema before c knows it.
func tableBefore(c schema.Change) string {
	if r, ok := c.(schema.RenameTable); ok {
		return r.From
	}
	return schema.TableOf(c)
}

// withClause appends clause to each ALTER TABLE and CREATE INDEX of stmts
// (a backfill UPDATE keeps none). CREATE INDEX takes the options without
// commas.
func withClause(stmts []string, clause string) []string {
	if clause == "" {
		return stmts
	}
	out := make([]string, len(stmts))
	for i, s := range stmts {
		switch {
		case strings.HasPrefix(s, "ALTER TABLE "):
			s += ", " + clause
		case strings.HasPrefix(s, "CREATE ") && !strings.HasPrefix(s, "CREATE TABLE "):
			s += " " + strings.ReplaceAll(clause, ",", "")
		}
		out[i] = s
	}
	return out
}

// rebuildBlocks reports whether rebuilding t or adding a column to it
// instantly is refused online: a FULLTEXT index (its hidden FTS_DOC_ID
// column) or a SPATIAL index needs at least a shared lock.
func rebuildBlocks(t *schema.Table) bool {
	for _, ix := range t.Indexes {
		if !buildsOnline(ix) {
			return true
		}
	}
	return false
}

// buildsOnline reports whether ix can be built or dropped with writes
// going on: a plain or unique index on columns, with no ALGORITHM or LOCK
// of the user's own in its options.
func buildsOnline(ix *schema.Index) bool {
	if class := strings.ToUpper(ix.Class); class != "" && class != "UNIQUE" {
		return false
	}
	for _, c := range ix.Columns {
		if c.Expression != "" {
			return false
		}
	}
	opt := strings.ToUpper(ix.Option)
	return !strings.Contains(opt, "ALGORITHM") && !strings.Contains(opt, "LOCK")
}

// isKey reports whether col is part of the primary key or auto-increments;
// changing such a column rebuilds the clustered index, or (auto-increment)
// needs a shared lock.
func isKey(col *schema.Column) bool {
	return col != nil && (col.PrimaryKey || col.AutoIncrement)
}

// notJustAType matches a compiled column type that says more than a type,
// as a type: tag may: a key, a constraint, a generated column,
// auto-increment, or a spatial type; each rules INSTANT and LOCK=NONE
// out on at least one of the servers.
var notJustAType = regexp.MustCompile(`(?i)auto_increment|primary|unique|\bkey\b|references|check|generated|\bas\b|serial|geometry|point|linestring|polygon`)

// addsInstantly reports whether ADD COLUMN of col runs INSTANT on both
// servers.
func addsInstantly(b dialect.Builder, t *schema.Table, col *schema.Column) bool {
	switch {
	case rebuildBlocks(t), isKey(col), notJustAType.MatchString(b.Type(col)):
		return false
	case col.HasDefaultClause():
		return col.DefaultKind != "" // a literal, not an expression
	}
	return !col.NotNull
}

// modifiesOnline reports whether MODIFY COLUMN from c.From to c.To runs
// INPLACE with LOCK=NONE on both servers.
func modifiesOnline(ctx *dialect.Context, b dialect.Builder, t *schema.Table, c schema.AlterColumn) bool {
	from, to := b.Type(c.From), b.Type(c.To)
	if isKey(c.From) || isKey(c.To) || notJustAType.MatchString(from) || notJustAType.MatchString(to) {
		return false
	}
	switch {
	case c.From.NotNull != c.To.NotNull:
		return strings.EqualFold(from, to) && strictMode(ctx) && !rebuildBlocks(t)
	case strings.EqualFold(from, to):
		return true
	}
	return widensVarchar(from, to) && !dialect.UsesColumn(t, c.From.Name)
}

// varcharType matches a compiled VARCHAR type and captures its length.
var varcharType = regexp.MustCompile(`(?i)^varchar\((\d+)\)$`)

// widensVarchar reports whether from and to are VARCHARs that grow while
// keeping their number of length bytes: one byte up to 255 bytes, two
// from 256. The bytes are the length times the character set's longest
// character, 1 (latin1) to 4 (utf8mb4), which the compiler cannot see;
// the answer must hold for all of them.
func widensVarchar(from, to string) bool {
	f, t := varcharType.FindStringSubmatch(from), varcharType.FindStringSubmatch(to)
	if f == nil || t == nil {
		return false
	}
	n, _ := strconv.Atoi(f[1])
	m, _ := strconv.Atoi(t[1])
	if m <= n {
		return false
	}
	for bytesPerChar := 1; bytesPerChar <= 4; bytesPerChar++ {
		if (n*bytesPerChar <= 255) != (m*bytesPerChar <= 255) {
			return false
		}
	}
	return true
}

// strictMode reports whether the session's sql_mode is strict, as both
// servers' defaults are: only then may MySQL make a column NOT NULL
// INPLACE. Without a session (SQL written offline) it is the default.
func strictMode(ctx *dialect.Context) bool {
	s, ok := ctx.Session.(Session)
	if !ok {
		return true
	}
	for _, m := range strings.Split(s.SQLMode, ",") {
		switch strings.ToUpper(strings.TrimSpace(m)) {
		case "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES":
			return true
		}
	}
	return false
}
