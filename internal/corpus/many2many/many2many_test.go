package many2many

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"users", "languages", "roles", "articles", "projects", "courses",
			// Added by AutoMigrate.
			"tags",
			"user_languages", "user_friends", "user_roles", "article_tags",
			"project_members", "project_watchers", "course_students",
		},
	}.CheckAll(t)
}
