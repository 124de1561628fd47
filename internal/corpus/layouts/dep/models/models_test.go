package models

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{Models: Models(), Tables: []string{"users"}}.CheckAll(t)
}
