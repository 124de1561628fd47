package sqlserver

import (
	"fmt"
	"strings"
	"testing"
)

// TestFingerprintQueryGolden holds the drift check's catalog query, which
// no server here can run, to testdata/fingerprint.golden: one bare table,
// looked up in the default schema, and one a schema qualifies. Refresh
// with -update after reading the diff.
func TestFingerprintQueryGolden(t *testing.T) {
	q, args := Dialect{}.FingerprintQuery([]string{"users", "sales.orders"})
	got := fmt.Sprintf("%s\n-- args: %q\n", q, args)
	checkGolden(t, "fingerprint", got)
}

// TestFingerprintQueryManyTables sends the drift check's query for more
// tables than SQL Server takes parameters in a request (2,100) through
// GORM's sqlserver driver: the driver must receive no more than that, and
// every name, a quote included, as a literal the server reads back as
// the name.
func TestFingerprintQueryManyTables(t *testing.T) {
	tables := []string{"o'brien", "sales.orders"}
	for i := range 2500 {
		tables = append(tables, fmt.Sprintf("table_%d", i))
	}
	db, srv := openFake(t, nil, func(string, []any) any { return nil })
	q, args := Dialect{}.FingerprintQuery(tables)
	if err := db.Raw(q, args...).Scan(&[]string{}).Error; err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	last := calls[len(calls)-1]
	if len(last.Args) > 2100 {
		t.Fatalf("the driver received %d parameters; SQL Server takes at most 2,100", len(last.Args))
	}
	for _, want := range []string{"o.name IN (N'o''brien', N'table_0', ", "N'table_2499')", "s.name + '.' + o.name IN (N'sales.orders')"} {
		if !strings.Contains(last.Query, want) {
			t.Errorf("the query lacks %s", want)
		}
	}
	if q, _ := (Dialect{}).FingerprintQuery([]string{"sales.orders"}); !strings.Contains(q, "o.name IN (NULL)") {
		t.Error("no bare names must read as IN (NULL), which matches nothing")
	}
}
