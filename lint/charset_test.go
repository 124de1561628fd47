package lint

import (
	"fmt"
	"slices"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/schema"
)

// TestVarcharCopiesOnMariaDB holds varcharCopies to MariaDB: for each
// widening and character set, MODIFY COLUMN with ALGORITHM=INPLACE must be
// accepted where varcharCopies says in place. Where it says copy, the
// MySQL rule (the number of length bytes changes) refuses INPLACE; MariaDB
// is more lenient only for an old length of at most 127 bytes (its
// COMPACT and DYNAMIC rows store such a length in one byte either way),
// so the refusal is required above that.
func TestVarcharCopiesOnMariaDB(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	users := &schema.Table{Name: "probe", Columns: []*schema.Column{{Name: "c"}}}
	for _, pair := range [][2]int{{100, 200}, {40, 100}, {50, 60}, {60, 64}, {300, 600}, {80, 90}} {
		copies, ok := varcharCopies(users, schema.AlterColumn{From: &schema.Column{Name: "c"}, To: &schema.Column{Name: "c"}},
			fmt.Sprintf("varchar(%d)", pair[0]), fmt.Sprintf("varchar(%d)", pair[1]))
		if !ok {
			t.Fatalf("varchar(%d) -> varchar(%d) is not a widening", pair[0], pair[1])
		}
		for width := 1; width <= 4; width++ {
			cs := charsetExample[width]
			stmts := []string{
				"DROP TABLE IF EXISTS probe",
				fmt.Sprintf("CREATE TABLE probe (id int PRIMARY KEY, c varchar(%d)) DEFAULT CHARSET=%s", pair[0], cs),
				"INSERT INTO probe VALUES (1, 'a')",
			}
			for _, s := range stmts {
				if err := db.Exec(s).Error; err != nil {
					t.Fatal(err)
				}
			}
			err := db.Exec(fmt.Sprintf("ALTER TABLE probe MODIFY c varchar(%d), ALGORITHM=INPLACE, LOCK=NONE", pair[1])).Error
			switch copy := slices.Contains(copies, width); {
			case !copy && err != nil:
				t.Errorf("varchar(%d) -> varchar(%d) under %s: lint says in place; MariaDB refused INPLACE: %v", pair[0], pair[1], cs, err)
			case copy && err == nil && pair[0]*width > 127:
				t.Errorf("varchar(%d) -> varchar(%d) under %s: lint says copy; MariaDB did it INPLACE", pair[0], pair[1], cs)
			}
		}
	}
	db.Exec("DROP TABLE IF EXISTS probe")
}

// TestSettingsCharset reads the character set of table options as MySQL
// writes them.
func TestSettingsCharset(t *testing.T) {
	for opts, want := range map[string]int{
		"ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci": 4,
		"CHARACTER SET latin1":   1,
		"DEFAULT CHARSET = ucs2": 2,
		"charset='utf8'":         3,
		"ENGINE=InnoDB":          0,
		"CHARSET=klingon":        0,
	} {
		if _, got := settingsCharset(schema.Settings{TableOptions: opts}); got != want {
			t.Errorf("settingsCharset(%q) = %d bytes a character, want %d", opts, got, want)
		}
	}
}
