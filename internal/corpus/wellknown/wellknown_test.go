package wellknown

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"subscribers", "devices", "invoices", "locations", "preferences"},
	}.CheckAll(t)
}
