// Package checkdata fills a table with n generated rows in one set-based
// INSERT ... SELECT on PostgreSQL, MariaDB or SQLite, and says in Go which
// of them break each pre-migration check, independently of the SQL the
// checks compile to. The engine tests of dialect.Check and the narrowing
// benchmark in bench share it.
package checkdata

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Owner is the table Row.OwnerID points to (without a foreign key: the
// check is for one about to be added).
type Owner struct{ ID uint }

// TableName is fixed so that the SQL below can name it.
func (Owner) TableName() string { return "check_owners" }

// Row is the generated table. Row n (n = 1..count) holds the values the
// functions below compute from n.
type Row struct {
	ID      uint
	Name    string `gorm:"size:64"`
	Qty     int64
	Slot    int64
	Note    *int64
	OwnerID *uint
}

// TableName is fixed so that the SQL below can name it.
func (Row) TableName() string { return "check_rows" }

// Owners is how many owners Load creates (ids 1..Owners).
const Owners = 100

// The value rules, each once in SQL (a CASE on the row number n, portable
// to the three engines) and once in Go.
const (
	nameSQL  = "CASE WHEN n % 1000 = 0 THEN '" + longName + "' ELSE '" + shortName + "' END"
	qtySQL   = "CASE WHEN n % 700 = 0 THEN 100000 ELSE n % 1000 END"
	slotSQL  = "CASE WHEN n % 1000 = 1 THEN n - 1 ELSE n END"
	noteSQL  = "CASE WHEN n % 2000 = 0 THEN NULL ELSE n END"
	ownerSQL = "CASE WHEN n % 3000 = 0 THEN NULL WHEN n % 500 = 0 THEN n + 1000000 ELSE n % 100 + 1 END"

	longName  = "llllllllllllllllllllllllllllllllllllllll" // 40 characters
	shortName = "ssssssssss"
)

// LongName reports whether row n's name has more than 32 characters.
func LongName(n int) bool { return n%1000 == 0 }

// Qty is row n's qty.
func Qty(n int) int64 {
	if n%700 == 0 {
		return 100000
	}
	return int64(n % 1000)
}

// Slot is row n's slot: rows 1000k and 1000k+1 share one.
func Slot(n int) int64 {
	if n%1000 == 1 {
		return int64(n - 1)
	}
	return int64(n)
}

// NoteNull reports whether row n's note is NULL.
func NoteNull(n int) bool { return n%2000 == 0 }

// Orphan reports whether row n's owner is set and does not exist.
func Orphan(n int) bool { return n%3000 != 0 && n%500 == 0 }

// Load creates the tables on db and fills them: Owners owners and count
// rows, whose ids are 1..count.
func Load(db *gorm.DB, count int) error {
	if err := db.AutoMigrate(&Owner{}, &Row{}); err != nil {
		return err
	}
	if err := db.Exec("INSERT INTO check_owners (id) SELECT n FROM " + series(db, Owners)).Error; err != nil {
		return err
	}
	cols := []string{"n", nameSQL, qtySQL, slotSQL, noteSQL, ownerSQL}
	insert := "INSERT INTO check_rows (id, name, qty, slot, note, owner_id) SELECT " + strings.Join(cols, ", ") + " FROM " + series(db, count)
	if err := db.Exec(insert).Error; err != nil {
		return fmt.Errorf("loading %d rows: %w", count, err)
	}
	// Statistics for the plans, and on PostgreSQL a scan that does not
	// first set hint bits on every page, as on a table that has been in use.
	analyze := map[string]string{"postgres": "VACUUM ANALYZE check_rows", "mysql": "ANALYZE TABLE check_rows"}[db.Dialector.Name()]
	if analyze == "" {
		analyze = "ANALYZE check_rows"
	}
	return db.Exec(analyze).Error
}

// series is a derived table of the numbers 1..count in a column n.
// MariaDB caps recursive CTEs (max_recursive_iterations) where they are
// configured as on these machines, so it cross-joins digits instead.
func series(db *gorm.DB, count int) string {
	switch db.Dialector.Name() {
	case "postgres":
		return fmt.Sprintf("generate_series(1, %d) AS s(n)", count)
	case "mysql":
		digits := "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4" +
			" UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
		var tables, sum []string
		for i, scale := 0, 1; scale < count; i, scale = i+1, scale*10 {
			tables = append(tables, fmt.Sprintf("%s d%d", digits, i))
			sum = append(sum, fmt.Sprintf("d%d.d * %d", i, scale))
		}
		return fmt.Sprintf("(SELECT %s + 1 AS n FROM %s) AS s WHERE n <= %d", strings.Join(sum, " + "), strings.Join(tables, " CROSS JOIN "), count)
	}
	return fmt.Sprintf("(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %d) SELECT n FROM s) AS s", count)
}
