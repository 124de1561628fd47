package generic

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"customers", "coupons", "orders", "settings", "notes"},
	}.CheckAll(t)
}
