package jointable

import (
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// setup makes the SetupJoinTable call the application would make.
func setup(db *gorm.DB) error { return db.SetupJoinTable(&Member{}, "Clubs", &Membership{}) }

func TestCorpus(t *testing.T) {
	corpustest.Case{Models: Models(), Setup: setup, Tables: []string{"members", "clubs", "memberships"}}.CheckAll(t)
}
