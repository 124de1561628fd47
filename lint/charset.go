package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// MySQL and MariaDB widen a VARCHAR in place when its number of length
// bytes stays the same: one up to 255 bytes, two from 256. The bytes are
// the length in characters times the character set's longest character,
// which the column type does not say: varchar(100) to varchar(200) is in
// place under latin1 (1 byte a character), utf8mb3 (3) and utf8mb4 (4), and
// a copy under ucs2 (2). The MySQL dialect claims no in-place clause
// unless it holds under every character set; lint says which copy, and
// reads the character set from the model set's table options when they
// name one.

// charsetBytes is the longest character, in bytes, of MySQL's and
// MariaDB's character sets (SHOW CHARACTER SET, column Maxlen).
var charsetBytes = map[string]int{
	"armscii8": 1, "ascii": 1, "binary": 1, "cp1250": 1, "cp1251": 1, "cp1256": 1, "cp1257": 1, "cp850": 1, "cp852": 1, "cp866": 1,
	"dec8": 1, "geostd8": 1, "greek": 1, "hebrew": 1, "hp8": 1, "keybcs2": 1, "koi8r": 1, "koi8u": 1, "latin1": 1, "latin2": 1,
	"latin5": 1, "latin7": 1, "macce": 1, "macroman": 1, "swe7": 1, "tis620": 1,
	"big5": 2, "cp932": 2, "euckr": 2, "gb2312": 2, "gbk": 2, "sjis": 2, "ucs2": 2,
	"eucjpms": 3, "ujis": 3, "utf8": 3, "utf8mb3": 3,
	"gb18030": 4, "utf16": 4, "utf16le": 4, "utf32": 4, "utf8mb4": 4,
}

// charsetExample names a common character set of each width.
var charsetExample = map[int]string{1: "latin1", 2: "ucs2", 3: "utf8mb3", 4: "utf8mb4"}

// tableCharset matches the character set in table options such as
// "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4".
var tableCharset = regexp.MustCompile(`(?i)\b(?:character\s+set|charset)\s*=?\s*['"]?(\w+)`)

var varcharLength = regexp.MustCompile(`(?i)^varchar\((\d+)\)$`)

// varcharCopies returns the widths (bytes a character, 1 to 4) under
// which MODIFY COLUMN from the compiled type from to to copies the table
// for its length bytes alone, and whether the change is such a widening:
// a VARCHAR grown, nothing else about the column changed that the MySQL
// dialect would refuse in place (nullability, a key, an index, a unique,
// check or foreign key on it).
func varcharCopies(t *schema.Table, c schema.AlterColumn, from, to string) ([]int, bool) {
	f, g := varcharLength.FindStringSubmatch(from), varcharLength.FindStringSubmatch(to)
	if f == nil || g == nil || t == nil || c.From.NotNull != c.To.NotNull || isKey(c.From) || isKey(c.To) || dialect.UsesColumn(t, c.From.Name) {
		return nil, false
	}
	n, _ := strconv.Atoi(f[1])
	m, _ := strconv.Atoi(g[1])
	if m <= n {
		return nil, false
	}
	var copies []int
	for width := 1; width <= 4; width++ {
		if (n*width <= 255) != (m*width <= 255) {
			copies = append(copies, width)
		}
	}
	return copies, true
}

func isKey(col *schema.Column) bool { return col.PrimaryKey || col.AutoIncrement }

// settingsCharset returns the character set the table options name and
// its width, or 0 when they name none lint knows.
func settingsCharset(s schema.Settings) (string, int) {
	m := tableCharset.FindStringSubmatch(s.TableOptions)
	if m == nil {
		return "", 0
	}
	name := strings.ToLower(m[1])
	return name, charsetBytes[name]
}

// widths names widths of character sets in a message: "2 bytes a
// character (ucs2)".
func widths(ws []int) string {
	nums, names := make([]string, len(ws)), make([]string, len(ws))
	for i, w := range ws {
		nums[i], names[i] = strconv.Itoa(w), charsetExample[w]
	}
	unit := "bytes"
	if len(ws) == 1 && ws[0] == 1 {
		unit = "byte"
	}
	return fmt.Sprintf("%s %s a character (%s)", joinOr(nums), unit, strings.Join(names, ", "))
}

func joinOr(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// inPlaceWidths are the widths not in copies.
func inPlaceWidths(copies []int) []int {
	var out []int
	for w := 1; w <= 4; w++ {
		if !slices.Contains(copies, w) {
			out = append(out, w)
		}
	}
	return out
}
