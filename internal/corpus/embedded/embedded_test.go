package embedded

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"employees", "departments", "projects", "offices", "policies",
			"handbooks", "cost_centers", "badges", "memos",
		},
	}.CheckAll(t)
}
