package postgres

import (
	"testing"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/schema"
)

// TestOnlineForm holds OnlineForm to the decisions written next to each
// case, and Compile to OnlineForm: a change compiled in its online form
// leaves statements for after the transaction (ctx.Outside), and one
// compiled plainly leaves none.
func TestOnlineForm(t *testing.T) {
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	before := schema.New(schema.Settings{})
	for _, c := range []schema.Change{
		schema.CreateTable{Table: &schema.Table{Name: "users", Columns: []*schema.Column{
			{Name: "id", DataType: schema.Int, Size: 64, PrimaryKey: true},
			{Name: "email", DataType: schema.String, Size: 100},
			{Name: "age", DataType: schema.Int, Size: 32},
		}, Indexes: []*schema.Index{{Name: "idx_users_age", Columns: []*schema.IndexColumn{{Column: "age"}}}}}},
	} {
		if err := schema.ApplyInPlace(before, c); err != nil {
			t.Fatal(err)
		}
	}
	uniqueEmail := schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: "email"}}}}
	plainIndex := schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_email", Columns: []*schema.IndexColumn{{Column: "email"}}}}
	notNull := func(fromSize, toSize int) schema.AlterColumn {
		return schema.AlterColumn{Table: "users",
			From: &schema.Column{Name: "email", DataType: schema.String, Size: fromSize},
			To:   &schema.Column{Name: "email", DataType: schema.String, Size: toSize, NotNull: true}}
	}
	referenced := map[string]bool{"users": true}
	created := map[string]bool{"users": true}
	for _, tc := range []struct {
		name       string
		c          schema.Change
		online     bool
		created    map[string]bool
		referenced map[string]bool
		want       bool
	}{
		{"an index on an existing table, online DDL on", plainIndex, true, nil, nil, true},
		{"the same with plain DDL", plainIndex, false, nil, nil, false},
		{"an index on a table the migration created: no one sees it yet", plainIndex, true, created, nil, false},
		{"a unique index", uniqueEmail, true, nil, nil, true},
		// A foreign key the migration adds needs the unique index on the
		// table it references when it is added, in the transaction.
		{"a unique index on a table a new foreign key references", uniqueEmail, true, nil, referenced, false},
		{"a plain index on a table a new foreign key references", plainIndex, true, nil, referenced, true},
		{"a unique constraint on a table a new foreign key references",
			schema.AddUnique{Table: "users", Unique: &schema.Unique{Name: "uni_users_email", Column: "email"}}, true, nil, referenced, false},
		{"a dropped index", schema.DropIndex{Table: "users", Index: &schema.Index{Name: "idx_users_age", Columns: []*schema.IndexColumn{{Column: "age"}}}}, true, nil, nil, true},
		{"a check", schema.AddCheck{Table: "users", Check: &schema.Check{Name: "chk_users_age", Expr: "age > 0", Column: "age"}}, true, nil, nil, true},
		{"NOT NULL on the same type: the validated check", notNull(100, 100), true, nil, nil, true},
		// The type changes (varchar(100) to varchar(200)): the compiler
		// sets NOT NULL plainly, after the ALTER TYPE, even though this
		// widening rewrites nothing.
		{"NOT NULL with a varchar widening", notNull(100, 200), true, nil, nil, false},
		{"NOT NULL with plain DDL", notNull(100, 100), false, nil, nil, false},
		{"a new column: no online form", schema.AddColumn{Table: "users", Column: &schema.Column{Name: "bio", DataType: schema.String}}, true, nil, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := &dialect.Context{DB: dbs["postgres"], Before: before, InTransaction: true, Online: tc.online, CreatedHere: tc.created, Referenced: tc.referenced}
			if got := OnlineForm(ctx, tc.c); got != tc.want {
				t.Errorf("OnlineForm = %v, want %v", got, tc.want)
			}
			if _, err := (Dialect{}).Compile(ctx, tc.c); err != nil {
				t.Fatal(err)
			}
			if compiledOnline := len(ctx.Outside) > 0; compiledOnline != tc.want {
				t.Errorf("Compile left %d statements for after the transaction; OnlineForm says the online form is %v", len(ctx.Outside), tc.want)
			}
		})
	}
}
