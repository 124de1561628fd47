package checks

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"members", "rooms", "bookings"},
	}.CheckAll(t)
}
