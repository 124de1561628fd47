package edge

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"tenants", "users", "teams", "categories", "products", "orders",
			"order_items", "return_requests", "carriers", "shipments",
			"billing_invoices", "settings", "articles", "tags", "cms_pages",
			"events", "warehouses", "staff_users", "comments", "threads",
			"invoice_lines", "legacy_accounts",
			// Added by AutoMigrate: belongs-to targets and the join table.
			"fx_currencies", "regions", "article_tags",
		},
	}.CheckAll(t)
}
