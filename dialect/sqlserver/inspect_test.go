package sqlserver

import (
	"context"
	"database/sql/driver"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/checks"
	"github.com/migragen/migragen/internal/corpus/kinds"
	"github.com/migragen/migragen/internal/gormoracle"
)

// The answers a SQL Server would give the inspection queries for the
// tables Compile creates for inspectModels (the golden tests' models,
// three kinds corpus models, the checks corpus) in the default schema dbo,
// plus sales. Written by hand from the DDL (go test -run TestCreateMatchesGORM
// compares it with GORM's) and the catalog views' documented semantics,
// never from Inspect's output:
//   - sys.columns.max_length is in bytes: nvarchar(n) is 2n, (MAX) is -1;
//     bigint/int/smallint/bit/float are 8/4/2/1/8 with precision 19/10/5/1/53;
//     decimal(10,2) is 9 bytes, precision 10, scale 2; decimal(6) is
//     decimal(6,0); datetimeoffset is datetimeoffset(7): 10 bytes,
//     precision 34, scale 7 (33 and 6 for datetimeoffset(6)).
//   - a primary key and IDENTITY column is NOT NULL.
//   - sys.default_constraints.definition wraps the default in parentheses,
//     a number in two; CURRENT_TIMESTAMP is stored as (getdate()).
//   - sys.check_constraints.definition brackets identifiers, wraps numbers
//     and the whole, writes BETWEEN as >= AND <= and IN as = joined by OR,
//     the values back to front.
//   - a UNIQUE constraint is an index with is_unique_constraint = 1; the
//     _desc columns spell NO_ACTION with an underscore.
//
// Columns: table|column|type|max_length|precision|scale|is_nullable|is_identity|default|primary key.
const recordedColumns = `
bookings|id|bigint|8|19|0|0|1||1
bookings|room_id|bigint|8|19|0|1|0||0
bookings|starts_at|datetimeoffset|10|34|7|1|0||0
bookings|ends_at|datetimeoffset|10|34|7|1|0||0
bookings|seats|bigint|8|19|0|0|0|((1))|0
companies|id|int|4|10|0|0|1||1
companies|name|nvarchar|200|0|0|1|0||0
members|id|bigint|8|19|0|0|1||1
members|age|bigint|8|19|0|1|0||0
members|name|nvarchar|200|0|0|1|0||0
members|nickname|nvarchar|80|0|0|1|0||0
members|belay_level|bigint|8|19|0|1|0||0
members|shoe|float|8|53|0|1|0||0
products|id|bigint|8|19|0|0|1||1
products|name|nvarchar|400|0|0|0|0||0
products|active|bit|1|1|0|1|0||0
products|stock|bigint|8|19|0|1|0||0
products|shelf_row|smallint|2|5|0|1|0||0
products|aisle|int|4|10|0|1|0||0
products|reorder|bigint|8|19|0|1|0||0
products|barcode|bigint|8|19|0|1|0||0
products|views|bigint|8|19|0|1|0||0
products|rating|smallint|2|5|0|1|0||0
products|slot|int|4|10|0|1|0||0
products|batch|bigint|8|19|0|1|0||0
products|serial|bigint|8|19|0|1|0||0
products|weight|float|8|53|0|1|0||0
products|volume|float|8|53|0|1|0||0
products|price|decimal|9|10|2|1|0||0
products|discount|decimal|5|6|0|1|0||0
products|thumbnail|varbinary|-1|0|0|1|0||0
products|signature|varbinary|-1|0|0|1|0||0
products|manual|varbinary|-1|0|0|1|0||0
products|quantity|bigint|8|19|0|1|0||0
products|brand|nvarchar|160|0|0|1|0||0
products|description|nvarchar|-1|0|0|1|0||0
products|long_description|nvarchar|-1|0|0|1|0||0
products|status|nvarchar|40|0|0|1|0||0
products|level|smallint|2|5|0|1|0||0
products|net_weight|float|8|53|0|1|0||0
products|payload|varbinary|-1|0|0|1|0||0
rooms|id|bigint|8|19|0|0|1||1
rooms|capacity|bigint|8|19|0|1|0||0
rooms|kind|nvarchar|40|0|0|1|0||0
rooms|floor|bigint|8|19|0|1|0||0
sales.orders|id|bigint|8|19|0|0|1||1
sales.orders|note|nvarchar|-1|0|0|1|0||0
shipments|id|bigint|8|19|0|0|1||1
shipments|carrier|nvarchar|80|0|0|1|0||0
shipments|shipped_at|datetimeoffset|10|34|7|1|0||0
shipments|delivered_at|datetimeoffset|10|34|7|1|0||0
shipments|scanned_at|datetimeoffset|10|33|6|1|0||0
shipments|created_at|datetimeoffset|10|34|7|1|0||0
shipments|updated_at|datetimeoffset|10|34|7|1|0||0
shipments|deleted_at|datetimeoffset|10|34|7|1|0||0
shipments|created_unix|bigint|8|19|0|1|0||0
shipments|created_milli|bigint|8|19|0|1|0||0
shipments|updated_nano|bigint|8|19|0|1|0||0
shipments|touched|bigint|8|19|0|1|0||0
shipments|planned_at|datetimeoffset|10|34|7|1|0||0
store_settings|id|bigint|8|19|0|0|1||1
store_settings|name|nvarchar|200|0|0|0|0||0
store_settings|max_items|bigint|8|19|0|1|0|((50))|0
store_settings|min_balance|bigint|8|19|0|1|0|((-100))|0
store_settings|port|int|4|10|0|1|0|((8080))|0
store_settings|tax_rate|float|8|53|0|1|0|((0.19))|0
store_settings|enabled|bit|1|1|0|1|0|((1))|0
store_settings|archived|bit|1|1|0|1|0|((0))|0
store_settings|theme|nvarchar|-1|0|0|1|0|('light')|0
store_settings|locale|nvarchar|20|0|0|1|0|('en_US')|0
store_settings|currency|nvarchar|6|0|0|1|0|('EUR')|0
store_settings|footer|nvarchar|-1|0|0|1|0|(NULL)|0
store_settings|opened_at|datetimeoffset|10|34|7|1|0|(getdate())|0
store_settings|revision|bigint|8|19|0|1|0||0
store_settings|flags|bigint|8|19|0|1|0|((31))|0
store_settings|retries|bigint|8|19|0|1|0|((3))|0
store_settings|level|smallint|2|5|0|1|0|((2))|0
store_settings|motto|nvarchar|280|0|0|1|0||0
store_settings|country|nvarchar|4|0|0|0|0|('DE')|0
store_settings|email|nvarchar|382|0|0|0|0||0
users|id|bigint|8|19|0|0|1||1
users|name|nvarchar|128|0|0|0|0|('anon')|0
users|email|nvarchar|240|0|0|1|0||0
users|age|bigint|8|19|0|1|0|((0))|0
users|code|nvarchar|20|0|0|1|0||0
users|company_id|int|4|10|0|1|0||0
users|manager_id|bigint|8|19|0|1|0||0
`

// Indexes: table|index|is_unique|is_unique_constraint|column|is_descending_key.
const recordedIndexes = `
companies|idx_companies_name|1|0|name|0
shipments|idx_shipments_deleted_at|0|0|deleted_at|0
store_settings|idx_store_settings_name|1|0|name|0
users|idx_users_email|0|0|email|0
users|uni_users_code|1|1|code|0
`

// Foreign keys: table|key|column|referenced table|referenced column|on update|on delete.
const recordedForeignKeys = `
users|fk_users_company|company_id|companies|id|NO_ACTION|NO_ACTION
users|fk_users_manager|manager_id|users|id|NO_ACTION|NO_ACTION
`

// Checks: table|check|definition.
const recordedChecks = `
bookings|chk_bookings_ends_at|([ends_at]>[starts_at])
bookings|chk_bookings_seats|([seats]>(0))
members|chk_members_age|([age]>(13))
members|chk_members_belay_level|([belay_level]>=(0) AND [belay_level]<=(3))
members|chk_members_nickname|([nickname]<>'')
members|name_checker|([name]<>'jinzhu')
members|shoe-size|([shoe]>=(30))
rooms|chk_rooms_capacity|([capacity]=(40) OR [capacity]=(20) OR [capacity]=(10))
rooms|chk_rooms_floor|([floor]<=(5))
rooms|room_kind|([kind]='kids' OR [kind]='lead' OR [kind]='boulder')
users|chk_users_age|([age]>=(0))
`

// inspectModels are the model sets whose tables the recorded answers hold.
func inspectModels() [][]any {
	return [][]any{{&User{}, &Company{}, &Order{}}, {&kinds.StoreSetting{}, &kinds.Shipment{}, &kinds.Product{}}, checks.Models()}
}

// recorded is the fake server's answers, by query.
type recorded struct{ columns, indexes, foreignKeys, checks string }

func recordedAnswers() recorded {
	return recorded{recordedColumns, recordedIndexes, recordedForeignKeys, recordedChecks}
}

// rows parses recorded lines: numbers are int64, as go-mssqldb returns
// integers and bits alike for database/sql to convert.
func rows(text string) [][]driver.Value {
	var out [][]driver.Value
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		var row []driver.Value
		for _, f := range strings.Split(line, "|") {
			if n, err := strconv.ParseInt(f, 10, 64); err == nil {
				row = append(row, n)
			} else {
				row = append(row, f)
			}
		}
		out = append(out, row)
	}
	return out
}

// answer returns the table a server holding r answers query with.
func (r recorded) answer(query string, _ []any) ([][]driver.Value, bool) {
	for q, text := range map[string]string{inspectQueries.columns: r.columns, inspectQueries.indexes: r.indexes,
		inspectQueries.foreignKeys: r.foreignKeys, inspectQueries.checks: r.checks} {
		// GORM expands the schema list; the text before it is the query's.
		if before, _, _ := strings.Cut(q, "?"); strings.HasPrefix(query, before) {
			return rows(text), true
		}
	}
	return nil, false
}

// inspectRecorded expects the schema of inspectModels and inspects a fake
// server answering with r; it returns both and the statements sent.
func inspectRecorded(t *testing.T, r recorded) (want, got dialect.Catalog, calls []call) {
	t.Helper()
	want = dialect.Catalog{}
	b := dialect.NewBuilder(dryRunDB(t, gormoracle.Options{}))
	for _, models := range inspectModels() {
		snap, err := gormoracle.Snapshot(models, gormoracle.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := dialect.Expect(b, snap)
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(want, c)
	}
	db, srv := openFake(t, nil, nil)
	srv.table = r.answer
	got, err := Dialect{}.Inspect(context.Background(), db, slices.Sorted(maps.Keys(want)))
	if err != nil {
		t.Fatal(err)
	}
	return want, got, srv.Calls()
}

// TestInspectRecorded: the catalog a server would report for the tables
// Compile creates compares equal to the schema they were compiled from,
// in four queries whose text is testdata/inspect_queries.golden.
func TestInspectRecorded(t *testing.T) {
	want, got, calls := inspectRecorded(t, recordedAnswers())
	if len(got) != len(want) || len(want) != 9 {
		t.Errorf("inspected %d tables, expected %d; want 9 each", len(got), len(want))
	}
	diffs, notes := dialect.Compare(want, got, Dialect{}.Canon())
	if len(diffs) > 0 || len(notes) > 0 {
		t.Errorf("differences:\n\t%s\nnotes: %q", strings.Join(diffs, "\n\t"), notes)
	}
	var text strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&text, "%s\n-- args: %v\n\n", c.Query, c.Args)
	}
	if len(calls) != 4 {
		t.Errorf("%d queries, want 4", len(calls))
	}
	checkGolden(t, "inspect_queries", text.String())
}

// TestInspectDrift changes the recorded answers as each drift kind would
// change the server's catalog and requires exactly its line, written by
// hand in Compare's form.
func TestInspectDrift(t *testing.T) {
	edit := func(text, old, new string) string {
		if !strings.Contains(text, old) {
			t.Fatalf("no %q in the recorded answers", old)
		}
		return strings.Replace(text, old, new, 1)
	}
	for _, c := range []struct {
		name   string
		change func(*recorded)
		want   string
	}{
		{"extra column", func(r *recorded) {
			r.columns += "users|nickname|nvarchar|200|0|0|1|0||0\n"
		}, "users: extra column nickname nvarchar(100)"},
		{"missing index", func(r *recorded) {
			r.indexes = edit(r.indexes, "users|idx_users_email|0|0|email|0\n", "")
		}, "users: missing index idx_users_email (email)"},
		{"changed type", func(r *recorded) {
			r.columns = edit(r.columns, "users|email|nvarchar|240|", "users|email|nvarchar|400|")
		}, "users.email: type nvarchar(200), want nvarchar(120)"},
		{"dropped NOT NULL", func(r *recorded) {
			r.columns = edit(r.columns, "store_settings|email|nvarchar|382|0|0|0|", "store_settings|email|nvarchar|382|0|0|1|")
		}, "store_settings.email: nullable, want NOT NULL"},
		{"added foreign key", func(r *recorded) {
			r.foreignKeys += "sales.orders|fk_orders_user|id|users|id|NO_ACTION|CASCADE\n"
		}, "sales.orders: extra foreign key fk_orders_user (id) REFERENCES users(id) ON UPDATE NO ACTION ON DELETE CASCADE"},
		{"changed default", func(r *recorded) {
			r.columns = edit(r.columns, "('EUR')", "(N'eur')")
		}, "store_settings.currency: default 'eur', want 'EUR'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := recordedAnswers()
			c.change(&r)
			want, got, _ := inspectRecorded(t, r)
			diffs, notes := dialect.Compare(want, got, Dialect{}.Canon())
			if !slices.Equal(diffs, []string{c.want}) || len(notes) > 0 {
				t.Errorf("differences %q, notes %q; want exactly %q", diffs, notes, c.want)
			}
		})
	}
}
