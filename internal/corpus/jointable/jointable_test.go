package jointable

import (
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.CheckRoots(t, Models())
	corpustest.CheckParse(t, Models())
}

// Setup makes the SetupJoinTable call the application would make.
func setup(db *gorm.DB) error { return db.SetupJoinTable(&Member{}, "Clubs", &Membership{}) }

func TestSetupJoinTable(t *testing.T) {
	corpustest.Case{Models: Models(), Setup: setup, Tables: []string{"members", "clubs", "memberships"}}.Run(t)
}
