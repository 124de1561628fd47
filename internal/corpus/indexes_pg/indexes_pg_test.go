package indexes_pg

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models:   Models(),
		Dialects: []corpustest.Dialect{corpustest.PostgreSQL},
		Tables:   []string{"customers", "events", "tickets"},
	}.CheckAll(t)
}
