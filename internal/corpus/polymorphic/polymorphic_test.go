package polymorphic

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.CheckRoots(t, Models())
	corpustest.CheckParse(t, Models())
	corpustest.Case{
		Models: Models(),
		Tables: []string{"toys", "dogs", "cats", "hamsters", "images", "products", "reviews"},
	}.Run(t)
}
