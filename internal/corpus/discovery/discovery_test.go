package discovery

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// TestCorpus runs GORM's parse and AutoMigrate on the models Migrate
// passes. The discovery rule's check (corpustest.CheckRoots) does not
// apply: the AutoMigrate calls, not the rule, name these roots.
func TestCorpus(t *testing.T) {
	c := corpustest.Case{
		Models: Models(),
		Tables: []string{"items", "accounts", "orders", "billing_plans", "customers"},
	}
	corpustest.CheckParse(t, c.Models)
	c.Run(t)
}
