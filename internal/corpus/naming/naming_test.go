package naming

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"credentials",
			"people", "categories", "statuses", "children", "mice", "data",
			"indices", "matrices", "buses", "quizzes", "equipment", "criterions",
			"campus", "analyses",
			"billing_invoices", "billing_receipts", "gl_ledger", "archived_orders", "tblMember",
			"v2_items", "item2",
			"distribution_centers", "warehouse_replenishment_requests",
		},
	}.CheckAll(t)
}
