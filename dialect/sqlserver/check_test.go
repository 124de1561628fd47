package sqlserver

import (
	"strings"
	"testing"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// TestCheckGolden compiles one precondition of each kind, and the type
// changes that take each ValuesFit rule, into testdata/check_<case>.golden;
// -update rewrites the files. No SQL Server runs here: the engine tests in
// package dialect run the same query builder on PostgreSQL, MariaDB and
// SQLite, and these files pin what differs on SQL Server (TOP, CONCAT,
// DATALENGTH, TRY_CAST, NULLs that count as duplicates).
func TestCheckGolden(t *testing.T) {
	before, err := gormoracle.Snapshot([]any{&User{}, &Company{}, &Order{}}, gormoracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &dialect.Context{DB: dryRunDB(t, gormoracle.Options{}), Before: before}
	fit := func(column string, edit func(*schema.Column)) schema.ValuesFit {
		from := before.Table("users").Column(column)
		to := from.Clone()
		edit(to)
		return schema.ValuesFit{Table: "users", Column: column, From: from, To: to}
	}
	// users has no decimal column; pretend age is decimal(10,3).
	decimalFit := fit("age", func(c *schema.Column) { c.DataType, c.Precision, c.Scale = schema.Float, 6, 2 })
	decimalFit.From = decimalFit.From.Clone()
	decimalFit.From.DataType, decimalFit.From.Precision, decimalFit.From.Scale = schema.Float, 10, 3
	cases := []struct {
		name string
		p    schema.Precondition
	}{
		{"fit_string_size", fit("name", func(c *schema.Column) { c.Size = 32 })},
		{"fit_string_raw_varchar", fit("name", func(c *schema.Column) { c.DataType, c.Type = "varchar(20)", "varchar(20)" })},
		{"fit_int_range", fit("age", func(c *schema.Column) { c.Size = 16 })},
		{"fit_uint_to_int", fit("id", func(c *schema.Column) { c.DataType, c.Size = schema.Int, 32 })},
		{"fit_int_to_decimal", fit("age", func(c *schema.Column) { c.DataType, c.Precision, c.Scale = schema.Float, 6, 2 })},
		{"fit_decimal_to_decimal", decimalFit},
		{"fit_string_to_time", fit("email", func(c *schema.Column) { c.DataType, c.Size = schema.Time, 0 })},
		{"fit_widening", fit("name", func(c *schema.Column) { c.Size = 100 })},
		{"no_duplicates", schema.NoDuplicates{Table: "users", Name: "idx_users_code_company", Columns: []string{"code", "company_id"}}},
		{"no_duplicates_where", schema.NoDuplicates{Table: "users", Name: "idx_users_email", Columns: []string{"email"}, Where: "age > 0"}},
		{"no_nulls", schema.NoNulls{Table: "users", Column: "manager_id"}},
		{"no_rows", schema.NoRows{Table: "sales.orders", Column: "total"}},
		{"no_orphans", schema.NoOrphans{Table: "users", ForeignKey: before.Table("users").ForeignKeys[0]}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got strings.Builder
			got.WriteString("-- " + c.p.String() + "\n")
			q, err := Dialect{}.CheckQuery(ctx, c.p)
			if err != nil {
				got.WriteString("error: " + err.Error() + "\n")
			} else {
				got.WriteString("count: " + q.Count + "\nsample: " + q.Sample + "\n")
			}
			checkGolden(t, "check_"+c.name, got.String())
		})
	}
}
