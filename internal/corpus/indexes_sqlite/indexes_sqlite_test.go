package indexes_sqlite

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.CheckRoots(t, Models())
	corpustest.CheckParse(t, Models())
	corpustest.Case{
		Models:   Models(),
		Dialects: []corpustest.Dialect{corpustest.SQLite},
		Tables:   []string{"notes"},
	}.Run(t)
}
