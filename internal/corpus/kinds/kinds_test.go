package kinds

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"products", "surveys", "legacy_customers", "shipments", "webhooks",
			"store_settings", "accounts", "countries", "order_lines",
			"product_translations", "sessions", "skus",
		},
	}.CheckAll(t)
}
