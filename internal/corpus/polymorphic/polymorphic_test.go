package polymorphic

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"toys", "dogs", "cats", "hamsters", "images", "products", "reviews"},
	}.CheckAll(t)
}
