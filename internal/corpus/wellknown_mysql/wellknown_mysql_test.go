package wellknown_mysql

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models:   Models(),
		Dialects: []corpustest.Dialect{corpustest.MariaDB},
		Tables:   []string{"posts"},
	}.CheckAll(t)
}
