package relations

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"users", "profiles", "credit_cards", "passports", "posts", "comments",
			"customers", "orders", "order_items", "refunds", "warehouses", "shelves",
			"teams", "players", "transfers", "audit_logs", "entries",
			// Added by AutoMigrate as belongs-to targets.
			"companies", "wallets",
			// Not created: actors (constraint:-), blogs (has-many parent),
			// order_lines (has-many child).
		},
	}.CheckAll(t)
}
