package a

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/corpus/crosspkg/b"
)

func TestCorpus(t *testing.T) {
	tables := []string{
		"stores", "price_lists",
		// Added by AutoMigrate from package b.
		"regions", "staffs", "currencies", "store_delivery_regions",
	}
	corpustest.Case{Models: Models(), Tables: tables}.CheckAll(t)
}

// TestCorpusWithB migrates the model set spanning both packages, as one
// migrations directory would: the same tables.
func TestCorpusWithB(t *testing.T) {
	models := append(Models(), b.Models()...)
	corpustest.CheckParse(t, models)
	corpustest.Case{
		Models: models,
		Tables: []string{
			"stores", "price_lists", "regions", "staffs", "currencies", "store_delivery_regions",
		},
	}.Run(t)
}
