package dialect_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/dialect"
	_ "github.com/migragen/migragen/dialect/mysql"
	_ "github.com/migragen/migragen/dialect/postgres"
	_ "github.com/migragen/migragen/dialect/sqlite"
	"github.com/migragen/migragen/internal/checkdata"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// The checked tables. item holds values of every kind a check reads; its
// rows come from newItem, and the expectations from the same values in Go.
type item struct {
	ID      uint
	Name    string  `gorm:"size:64"`
	Code    *string `gorm:"size:20"`
	Tenant  *int
	Qty     int64
	Ratio   float64
	Price   float64 `gorm:"precision:10;scale:3"`
	Digits  string  `gorm:"size:10"`
	Seen    time.Time
	OwnerID *uint
	Note    *string
}

type owner struct{ ID uint }

type empty struct{ ID uint }

const itemCount = 240

// The value cycles of item's columns: each holds values on both sides of
// the limits the checks test.
var (
	qtys = []int64{-40000, -32768, 32767, 32768, 5, 5000000000, -1, 4294967295, 4294967296, 999, 1000, -1000, -999}
	// ratios and prices (in thousandths) are exact in binary and decimal.
	ratios      = []float64{1.5, 2, -3, 40000, -0.25, 2147483647, 2147483648, 0}
	priceMillis = []int64{1234567, 1234560, 9999990, 10000000, -9999990, -10000000, 5, 0, 123000, 32767000, 32768000}
	digits      = []string{"007", "42", "0", "10"}
	seenMillis  = []int{0, 500, 123, 100, 999}
)

func newItem(i int) item {
	it := item{
		ID:     uint(i),
		Name:   fmt.Sprintf("name-%d", i),
		Qty:    qtys[i%len(qtys)],
		Ratio:  ratios[i%len(ratios)],
		Price:  float64(priceMillis[i%len(priceMillis)]) / 1000,
		Digits: digits[i%len(digits)],
		Seen:   time.Date(2024, 1, 2, 3, 4, 5, seenMillis[i%len(seenMillis)]*int(time.Millisecond), time.UTC),
	}
	switch {
	case i%7 == 0:
		it.Name = strings.Repeat("é", 40) // 40 characters, 80 bytes
	case i%7 == 1:
		it.Name = strings.Repeat("é", 30) // fits 32 characters, not 32 bytes
	case i%11 == 0:
		it.Name = strings.Repeat("a", 30) + "    " // trailing spaces count
	}
	if i%13 != 0 {
		code := fmt.Sprintf("c%03d", i%200)
		it.Code = &code
	}
	if i%3 != 0 {
		tenant := i % 2
		it.Tenant = &tenant
	}
	switch {
	case i%17 == 0:
	case i%10 == 0:
		o := uint(1000 + i)
		it.OwnerID = &o
	default:
		o := uint(i%5 + 1)
		it.OwnerID = &o
	}
	if i%6 != 0 {
		note := "n"
		it.Note = &note
	}
	return it
}

// checkCase is one precondition and, computed in Go from the rows, which
// rows break it on an engine.
type checkCase struct {
	name string
	p    schema.Precondition
	// offends says whether row it breaks the precondition on engine d;
	// nil means no row does (an empty table).
	offends func(d corpustest.Dialect, it item) bool
	// dupKey, for NoDuplicates, is the key the sample describes, or ""
	// when the row is not covered by the index on d.
	dupKey func(d corpustest.Dialect, it item) string
	// unsupported lists the engines where the check must be an error.
	unsupported []corpustest.Dialect
}

func checkCases(before *schema.Snapshot) []checkCase {
	col := func(name string) *schema.Column { return before.Table("items").Column(name) }
	fit := func(column string, edit func(to *schema.Column)) schema.ValuesFit {
		to := col(column).Clone()
		edit(to)
		return schema.ValuesFit{Table: "items", Column: column, From: col(column), To: to}
	}
	all := func(f func(item) bool) func(corpustest.Dialect, item) bool {
		return func(_ corpustest.Dialect, it item) bool { return f(it) }
	}
	chars := func(it item) int { return utf8.RuneCountInString(it.Name) }
	milli := func(it item) int64 { return int64(math.Round(it.Price * 1000)) }
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	ownerFK := &schema.ForeignKey{Name: "fk_items_owner", Columns: []string{"owner_id"}, RefTable: "owners", RefColumns: []string{"id"}}
	newTableFK := &schema.ForeignKey{Name: "fk_items_vendor", Columns: []string{"owner_id"}, RefTable: "vendors", RefColumns: []string{"id"}}
	return []checkCase{
		{name: "string size", p: fit("name", func(to *schema.Column) { to.Size = 32 }),
			offends: all(func(it item) bool { return chars(it) > 32 })},
		{name: "widening", p: fit("name", func(to *schema.Column) { to.Size = 100 })},
		{name: "raw varchar", p: fit("name", func(to *schema.Column) { to.DataType, to.Type = "varchar(35)", "varchar(35)" }),
			offends: all(func(it item) bool { return chars(it) > 35 })},
		{name: "int64 to int16", p: fit("qty", func(to *schema.Column) { to.Size = 16 }),
			offends: all(func(it item) bool { return it.Qty < math.MinInt16 || it.Qty > math.MaxInt16 })},
		{name: "int64 to uint32", p: fit("qty", func(to *schema.Column) { to.DataType, to.Size = schema.Uint, 32 }),
			offends: all(func(it item) bool { return it.Qty < 0 || it.Qty > math.MaxUint32 })},
		{name: "int64 to decimal(5,1)", p: fit("qty", func(to *schema.Column) { to.DataType, to.Precision, to.Scale = schema.Float, 5, 1 }),
			offends: all(func(it item) bool { return it.Qty <= -10000 || it.Qty >= 10000 })},
		{name: "float64 to int32", p: fit("ratio", func(to *schema.Column) { to.DataType, to.Size = schema.Int, 32 }),
			offends: all(func(it item) bool {
				return it.Ratio != math.Trunc(it.Ratio) || it.Ratio < math.MinInt32 || it.Ratio > math.MaxInt32
			})},
		{name: "decimal(10,3) to decimal(6,2)", p: fit("price", func(to *schema.Column) { to.Precision, to.Scale = 6, 2 }),
			offends: all(func(it item) bool { m := milli(it); return m%10 != 0 || m <= -10000000 || m >= 10000000 })},
		{name: "decimal(10,3) to int16", p: fit("price", func(to *schema.Column) { to.Precision, to.Scale, to.DataType, to.Size = 0, 0, schema.Int, 16 }),
			offends: all(func(it item) bool {
				m := milli(it)
				return m%1000 != 0 || m/1000 < math.MinInt16 || m/1000 > math.MaxInt16
			})},
		{name: "text to int round trip", p: fit("digits", func(to *schema.Column) { to.DataType, to.Size = schema.Int, 32 }),
			// '007' comes back as '7'.
			offends:     all(func(it item) bool { return it.Digits == "007" }),
			unsupported: []corpustest.Dialect{corpustest.MariaDB, corpustest.SQLite}},
		{name: "time precision", p: fit("seen", func(to *schema.Column) { to.Precision, to.PrecisionTag = 1, true }),
			offends: func(d corpustest.Dialect, it item) bool {
				// SQLite stores the text it is given: nothing changes.
				return d != corpustest.SQLite && it.Seen.Nanosecond()/int(time.Millisecond)%100 != 0
			}},
		{name: "unique code", p: schema.NoDuplicates{Table: "items", Name: "idx_items_code", Columns: []string{"code"}},
			dupKey: func(_ corpustest.Dialect, it item) string {
				if it.Code == nil {
					return ""
				}
				return "code=" + *it.Code
			}},
		{name: "unique tenant and code", p: schema.NoDuplicates{Table: "items", Name: "idx_items_tc", Columns: []string{"tenant", "code"}},
			dupKey: func(_ corpustest.Dialect, it item) string {
				if it.Tenant == nil || it.Code == nil {
					return ""
				}
				return fmt.Sprintf("tenant=%d, code=%s", *it.Tenant, *it.Code)
			}},
		{name: "partial unique code", p: schema.NoDuplicates{Table: "items", Name: "idx_items_code_pos", Columns: []string{"code"}, Where: "qty > 0"},
			dupKey: func(d corpustest.Dialect, it item) string {
				// MySQL creates the index over every row.
				if it.Code == nil || it.Qty <= 0 && d != corpustest.MariaDB {
					return ""
				}
				return "code=" + str(it.Code)
			}},
		{name: "no nulls", p: schema.NoNulls{Table: "items", Column: "note"},
			offends: all(func(it item) bool { return it.Note == nil })},
		{name: "no rows", p: schema.NoRows{Table: "items", Column: "added"},
			offends: all(func(item) bool { return true })},
		{name: "no rows in an empty table", p: schema.NoRows{Table: "empties", Column: "added"}},
		{name: "no orphans", p: schema.NoOrphans{Table: "items", ForeignKey: ownerFK},
			offends: all(func(it item) bool { return it.OwnerID != nil && *it.OwnerID > 5 })},
		{name: "no orphans in a new table", p: schema.NoOrphans{Table: "items", ForeignKey: newTableFK},
			offends: all(func(it item) bool { return it.OwnerID != nil })},
	}
}

// TestChecksOnEngines runs every kind of check on PostgreSQL, MariaDB and
// SQLite over rows on both sides of its limits, and compares the count
// and the sample with what Go computes from the same rows.
func TestChecksOnEngines(t *testing.T) {
	before, err := gormoracle.Snapshot([]any{&item{}, &owner{}, &empty{}}, gormoracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	items := make([]item, itemCount)
	for i := range items {
		items[i] = newItem(i + 1)
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d)
			if err := db.AutoMigrate(&item{}, &owner{}, &empty{}); err != nil {
				t.Fatal(err)
			}
			if err := db.Create([]owner{{1}, {2}, {3}, {4}, {5}}).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.CreateInBatches(items, 100).Error; err != nil {
				t.Fatal(err)
			}
			for _, c := range checkCases(before) {
				t.Run(c.name, func(t *testing.T) {
					q, err := checkerOf(t, db).CheckQuery(&dialect.Context{DB: db, Before: before}, c.p)
					if slices.Contains(c.unsupported, d) {
						if err == nil || !strings.Contains(err.Error(), "Waived") {
							t.Fatalf("want an error that says how to waive the check, got %v and %+v", err, q)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					wantCount, wantSample := expect(c, d, items)
					if (c.offends != nil || c.dupKey != nil) && !slices.ContainsFunc(corpustest.AllDialects, func(d corpustest.Dialect) bool {
						n, _ := expect(c, d, items)
						return n > 0
					}) {
						t.Fatal("no row breaks the precondition on any engine: the case tests nothing")
					}
					count, sample := runCheck(t, db, q)
					if count != wantCount || !slices.Equal(sample, wantSample) {
						t.Errorf("%s\ngot  %d %q\nwant %d %q\ncount:  %s\nsample: %s", c.p, count, sample, wantCount, wantSample, q.Count, q.Sample)
					}
				})
			}
		})
	}
}

// expect computes a case's count and sample from the rows in Go.
func expect(c checkCase, d corpustest.Dialect, items []item) (int64, []string) {
	if c.dupKey != nil {
		groups := map[string]int{}
		for _, it := range items {
			if k := c.dupKey(d, it); k != "" {
				groups[k]++
			}
		}
		var dups []string
		for k, n := range groups {
			if n > 1 {
				dups = append(dups, fmt.Sprintf("%s (%d rows)", k, n))
			}
		}
		slices.Sort(dups)
		return int64(len(dups)), dups[:min(len(dups), dialect.SampleSize)]
	}
	var keys []string
	count := int64(0)
	for _, it := range items { // in id order
		if c.offends != nil && c.offends(d, it) {
			count++
			if len(keys) < dialect.SampleSize {
				keys = append(keys, fmt.Sprintf("id=%d", it.ID))
			}
		}
	}
	return count, keys
}

func checkerOf(t testing.TB, db *gorm.DB) dialect.Checker {
	t.Helper()
	d, err := dialect.Lookup(db)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := d.(dialect.Checker)
	if !ok {
		t.Fatalf("%s does not implement dialect.Checker", d.Name())
	}
	return c
}

// runCheck runs a check as the runtime does: the count, then the sample
// only when the count is not 0.
func runCheck(t testing.TB, db *gorm.DB, q dialect.CheckQuery) (int64, []string) {
	t.Helper()
	var count int64
	if err := db.Raw(q.Count).Row().Scan(&count); err != nil {
		t.Fatalf("%s: %v", q.Count, err)
	}
	if count == 0 {
		return 0, nil
	}
	var sample []string
	if err := db.Raw(q.Sample).Scan(&sample).Error; err != nil {
		t.Fatalf("%s: %v", q.Sample, err)
	}
	return count, sample
}

// TestChecksOn100kRows shows the checks on a populated table on each
// engine, with their time: each count must agree with the rows' rules
// computed in Go, and on PostgreSQL its plan reads the table once.
func TestChecksOn100kRows(t *testing.T) {
	const n = 100_000
	before, err := gormoracle.Snapshot([]any{&checkdata.Owner{}, &checkdata.Row{}}, gormoracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := before.Table("check_rows")
	narrow := func(column string, edit func(*schema.Column)) schema.ValuesFit {
		from := rows.Column(column)
		to := from.Clone()
		edit(to)
		return schema.ValuesFit{Table: "check_rows", Column: column, From: from, To: to}
	}
	fk := &schema.ForeignKey{Name: "fk_rows_owner", Columns: []string{"owner_id"}, RefTable: "check_owners", RefColumns: []string{"id"}}
	cases := []struct {
		p schema.Precondition
		// offends says whether row i breaks p, or for NoDuplicates which
		// duplicated key it belongs to (a negative key is none).
		offends func(i int) bool
		dupKey  func(i int) int64
	}{
		{p: narrow("name", func(c *schema.Column) { c.Size = 32 }), offends: checkdata.LongName},
		{p: narrow("qty", func(c *schema.Column) { c.Size = 16 }), offends: func(i int) bool { return checkdata.Qty(i) > math.MaxInt16 }},
		{p: schema.NoDuplicates{Table: "check_rows", Name: "idx_slot", Columns: []string{"slot"}}, dupKey: checkdata.Slot},
		{p: schema.NoNulls{Table: "check_rows", Column: "note"}, offends: checkdata.NoteNull},
		{p: schema.NoOrphans{Table: "check_rows", ForeignKey: fk}, offends: checkdata.Orphan},
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d, func(cfg *gorm.Config) { cfg.Logger = logger.Discard })
			start := time.Now()
			if err := checkdata.Load(db, n); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: loaded %d rows in %v", d, n, time.Since(start).Round(time.Millisecond))
			for _, c := range cases {
				q, err := checkerOf(t, db).CheckQuery(&dialect.Context{DB: db, Before: before}, c.p)
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				count, sample := runCheck(t, db, q)
				took := time.Since(start)

				var want int64
				var wantSample []string
				if c.dupKey != nil {
					seen := map[int64]int{}
					for i := 1; i <= n; i++ {
						seen[c.dupKey(i)]++
					}
					var keys []int64
					for k, m := range seen {
						if m > 1 {
							keys = append(keys, k)
						}
					}
					slices.SortFunc(keys, cmp.Compare)
					want = int64(len(keys))
					for _, k := range keys[:min(len(keys), dialect.SampleSize)] {
						wantSample = append(wantSample, fmt.Sprintf("slot=%d (%d rows)", k, seen[k]))
					}
				} else {
					for i := 1; i <= n; i++ {
						if c.offends(i) {
							want++
							if len(wantSample) < dialect.SampleSize {
								wantSample = append(wantSample, fmt.Sprintf("id=%d", i))
							}
						}
					}
				}
				if count != want || !slices.Equal(sample, wantSample) {
					t.Errorf("%s: got %d %q, want %d %q", c.p, count, sample, want, wantSample)
				}
				t.Logf("%s: %-70s %6d offending, count+sample %v", d, c.p, count, took.Round(time.Microsecond))
				if d == corpustest.PostgreSQL {
					singleScan(t, db, q.Count)
				}
			}
		})
	}
}

// singleScan fails unless PostgreSQL's plan for query reads check_rows
// once.
func singleScan(t *testing.T, db *gorm.DB, query string) {
	t.Helper()
	var plan []string
	if err := db.Raw("EXPLAIN " + query).Scan(&plan).Error; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(plan, "\n"), " on check_rows"); n != 1 {
		t.Errorf("the plan reads check_rows %d times:\n%s", n, strings.Join(plan, "\n"))
	}
}
