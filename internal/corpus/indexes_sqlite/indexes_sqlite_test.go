package indexes_sqlite

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models:   Models(),
		Dialects: []corpustest.Dialect{corpustest.SQLite},
		Tables:   []string{"notes"},
	}.CheckAll(t)
}
