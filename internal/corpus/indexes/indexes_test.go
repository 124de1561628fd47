package indexes

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"books", "loans", "members", "branches", "magazines"},
	}.CheckAll(t)
}
