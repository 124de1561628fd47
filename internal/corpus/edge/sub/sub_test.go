package sub

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.CheckRoots(t, Models())
	corpustest.CheckParse(t, Models())
	corpustest.Case{
		Models: Models(),
		Tables: []string{"fx_currencies"},
	}.Run(t)
}
