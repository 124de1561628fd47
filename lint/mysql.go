package lint

import (
	"fmt"
	"slices"
	"strings"

	my "github.com/migragen/migragen/dialect/mysql"
	"github.com/migragen/migragen/schema"
)

// onlineTool is the fix for a change MySQL can only make by copying.
const onlineTool = "run it with an online schema-change tool (gh-ost, pt-online-schema-change) or while the table is small or quiet"

// checkMySQL finds what MySQL and MariaDB cannot do without copying the
// table, by asking the dialect which ALGORITHM clause the change gets
// (mysql.OnlineClause; none means a copy). Each change gets at most one
// of these findings, the most specific: a reordered ENUM (MG109), a type
// change (MG104), a NOT NULL rebuild (MG103, informational), else the
// copy itself (MG108). The finding holds whatever the setting: with plain
// DDL the server picks the same algorithm by itself, silently.
func checkMySQL(w *walker, c schema.Change) {
	switch c.(type) {
	case schema.CreateTable, schema.DropTable:
		return
	}
	table := tableBefore(c)
	if !w.on(mysql) || !w.existing(table) {
		return
	}
	clause := my.OnlineClause(w.context(mysql), c)
	if alter, ok := c.(schema.AlterColumn); ok {
		from, to := w.sqlType(mysql, alter.From), w.sqlType(mysql, alter.To)
		switch {
		case appendsEnum(from, to) && alter.From.NotNull == alter.To.NotNull:
			// MySQL and MariaDB append ENUM values INSTANT (while the
			// list stays under 256 values); with no clause the server
			// picks that itself.
			return
		case reordersEnum(from, to):
			w.report(EnumNotAppend, mysql,
				fmt.Sprintf("%s.%s goes from %s to %s, which is not an append: MySQL copies the table to renumber the stored values, writes wait for the copy, and rows holding a removed value make it fail", table, alter.To.Name, from, to),
				"only append values at the end of the list, which MySQL and MariaDB do INSTANT; to remove or reorder values, update the rows first and "+onlineTool)
			return
		case clause == "" && !strings.EqualFold(from, to):
			w.typeCopy(table, alter, from, to)
			return
		case clause != "" && becomesNotNull(alter):
			w.inform(SetNotNull, mysql,
				fmt.Sprintf("making %s.%s NOT NULL rebuilds the table (ALGORITHM=INPLACE): writes go on, but the rebuild reads and writes all of it and replicas apply it only once it ends", table, alter.To.Name),
				"expect it to take as long as copying the table; on a big one, run it while the table is quiet")
			return
		}
	}
	if clause == "" {
		w.report(MySQLCopy, mysql,
			"MySQL and MariaDB cannot do this INPLACE or INSTANT"+copyReason(c)+": the server copies "+table+", and writes wait for the whole copy",
			onlineTool+"; then silence this with //migragen:nolint "+MySQLCopy+" and the reason")
	}
}

// typeCopy reports MODIFY COLUMN from the compiled type from to to, which
// the MySQL dialect gives no in-place clause: a copy, unless it is a
// VARCHAR widening that copies under some character sets only; then what
// happens depends on the column's character set, which the table options
// may name.
func (w *walker) typeCopy(table string, alter schema.AlterColumn, from, to string) {
	const fix = "expand/contract: add a column of the new type, fill it in batches, switch the application and drop the old one later (generate -split), or " + onlineTool +
		"; MySQL and MariaDB change a type in place only when a VARCHAR widens without changing its number of length bytes (1 up to 255 bytes, 2 from 256, at up to 4 bytes a character)"
	modify := fmt.Sprintf("MODIFY COLUMN %s.%s from %s to %s", table, alter.To.Name, from, to)
	copies, widening := varcharCopies(w.state.Table(table), alter, from, to)
	if !widening || len(copies) == 4 {
		w.report(RewritingType, mysql, modify+" copies the table (ALGORITHM=COPY): writes wait for the whole copy", fix)
		return
	}
	inPlace := inPlaceWidths(copies)
	name, width := settingsCharset(w.opts.Settings)
	switch {
	case width == 0:
		w.inform(RewritingType, mysql,
			fmt.Sprintf("%s may copy the table (depends on the column's character set: it copies, writes waiting for the whole copy, under %s, where the length crosses 255 bytes and needs a second length byte; it is in place under %s)",
				modify, widths(copies), widths(inPlace)),
			"check the column's character set (SHOW FULL COLUMNS FROM "+table+"); if it copies, "+onlineTool+
				"; when the model set's table options name the character set (-table-options, as db.Set(\"gorm:table_options\") does), lint decides")
	case slices.Contains(copies, width):
		w.report(RewritingType, mysql,
			fmt.Sprintf("%s copies the table (ALGORITHM=COPY) under the table options' character set %s (%d bytes a character): the length crosses 255 bytes and needs a second length byte, and writes wait for the whole copy", modify, name, width),
			fix)
	}
	// Otherwise in place under the table options' character set.
}

// copyReason says, in parentheses after a space, why MySQL copies the
// table for c, where the kind of change tells; "" otherwise.
func copyReason(c schema.Change) string {
	switch c := c.(type) {
	case schema.AddForeignKey:
		return " (a foreign key is added in place only with foreign_key_checks=0, which would leave the existing rows unchecked)"
	case schema.AddCheck:
		return " (the existing rows of a new check constraint are checked by copying them)"
	case schema.AddColumn:
		return " (a key, auto-increment or generated column, a NOT NULL column without a default, an expression default, or a table with a FULLTEXT or SPATIAL index)"
	case schema.CreateIndex:
		if c.Index.Class != "" && !strings.EqualFold(c.Index.Class, "UNIQUE") {
			return " (a " + strings.ToUpper(c.Index.Class) + " index)"
		}
	}
	return ""
}

// appendsEnum reports whether the compiled types from and to are ENUMs
// and to only adds values at the end of from's.
func appendsEnum(from, to string) bool {
	f, ok := enumValues(from)
	t, ok2 := enumValues(to)
	return ok && ok2 && len(t) > len(f) && !reordersEnum(from, to)
}

// reordersEnum reports whether the compiled types from and to are both
// ENUMs and the values of from are not the start of those of to.
func reordersEnum(from, to string) bool {
	f, ok := enumValues(from)
	t, ok2 := enumValues(to)
	switch {
	case !ok || !ok2:
		return false
	case len(f) > len(t):
		return true
	}
	for i := range f {
		if f[i] != t[i] {
			return true
		}
	}
	return false
}

// enumValues returns the quoted values of an enum('a','b') type as
// written, and whether typ is one.
func enumValues(typ string) ([]string, bool) {
	s := strings.TrimSpace(typ)
	if len(s) < 6 || !strings.EqualFold(s[:5], "enum(") {
		return nil, false
	}
	end := strings.LastIndexByte(s, ')')
	if end < 5 {
		return nil, false
	}
	var values []string
	var cur strings.Builder
	quoted := false
	body := s[5:end]
	for i := 0; i < len(body); i++ {
		ch := body[i]
		switch {
		case ch == '\'' && quoted && i+1 < len(body) && body[i+1] == '\'':
			cur.WriteString("''")
			i++
		case ch == '\'':
			quoted = !quoted
			cur.WriteByte(ch)
		case ch == ',' && !quoted:
			values = append(values, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(ch)
		}
	}
	return append(values, strings.TrimSpace(cur.String())), true
}
