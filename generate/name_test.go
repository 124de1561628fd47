package generate

import (
	"strings"
	"testing"

	"github.com/migragen/migragen/schema"
)

// TestSlugWordBoundary: a slug keeps whole words up to 40 characters.
// The expected slugs are counted by hand in the comments.
func TestSlugWordBoundary(t *testing.T) {
	for in, want := range map[string]string{
		"Add orders!":                  "add_orders",
		"  ":                           "",
		"Ünïcode & more":               "n_code_more",
		"add users.email, drop orders": "add_users_email_drop_orders",
		// 38 characters; "_column" would make 45.
		"add customers.email, drop orders.legacy column": "add_customers_email_drop_orders_legacy",
		// 39 characters; "_x" would make 41: the word is left out, not cut.
		strings.Repeat("a", 39) + " x": strings.Repeat("a", 39),
		// 37 + "_xy" is exactly 40, which fits.
		strings.Repeat("a", 37) + " xy": strings.Repeat("a", 37) + "_xy",
		// Only a first word longer than 40 is cut.
		strings.Repeat("b", 45) + " c": strings.Repeat("b", 40),
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDescribe names revisions after their changes.
func TestDescribe(t *testing.T) {
	col := func(name string) *schema.Column {
		return &schema.Column{Name: name, DataType: schema.String, GORMDataType: schema.String, Size: 100}
	}
	users := &schema.Table{Name: "users", Columns: []*schema.Column{col("id")}}
	for _, tt := range []struct {
		name          string
		changes       []schema.Change
		message, slug string
	}{
		{"add and drop", []schema.Change{
			schema.AddColumn{Table: "users", Column: col("email")},
			schema.DropColumn{Table: "orders", Column: col("legacy")},
		}, "add users.email, drop orders.legacy", "add_users_email_drop_orders_legacy"},
		{"a created table's index is part of it", []schema.Change{
			schema.CreateTable{Table: users},
			schema.CreateIndex{Table: "users", Index: &schema.Index{Name: "idx_users_id", Columns: []*schema.IndexColumn{{Column: "id"}}}},
			schema.CreateIndex{Table: "orders", Index: &schema.Index{Name: "idx_orders_user_id", Columns: []*schema.IndexColumn{{Column: "user_id"}}}},
		}, "create users, add index idx_orders_user_id", "create_users"}, // 12, and 29 more would make 41
		{"more than three", []schema.Change{
			schema.AddColumn{Table: "a", Column: col("b")},
			schema.AddColumn{Table: "a", Column: col("c")},
			schema.AddColumn{Table: "a", Column: col("d")},
			schema.AddColumn{Table: "a", Column: col("e")},
			schema.AddColumn{Table: "a", Column: col("f")},
		}, "add a.b, add a.c, add a.d and 2 more", "add_a_b_add_a_c_add_a_d_add_a_e_add_a_f"}, // 5 × 7 + 4 = 39
		{"one long change is cut", []schema.Change{
			schema.RenameColumn{Table: "customer_addresses", From: "street_name", To: "street_line_one"},
		}, "rename customer_addresses.street_name to street_line_one", "rename_customer_addresses_street_name_to"}, // 40
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg, slug := describe(tt.changes)
			if msg != tt.message || slug != tt.slug {
				t.Errorf("describe = %q, %q; want %q, %q", msg, slug, tt.message, tt.slug)
			}
			if len(slug) > slugMax {
				t.Errorf("slug %q is longer than %d", slug, slugMax)
			}
		})
	}
}
