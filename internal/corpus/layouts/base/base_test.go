package base

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// TestCorpus runs GORM's parse and AutoMigrate on Todo and Project.
// corpustest.CheckRoots does not apply: its syntax-only rule does not
// follow a primary key through an embedded struct, which is what makes
// Project a model.
func TestCorpus(t *testing.T) {
	c := corpustest.Case{Models: Models(), Tables: []string{"todos", "projects"}}
	corpustest.CheckParse(t, c.Models)
	c.Run(t)
}
