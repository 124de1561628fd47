package migratetest

import (
	"gorm.io/gorm"

	"github.com/migragen/migragen/migrate"
)

// Option configures [Check]. Options are passed among Check's models.
type Option func(*config)

type config struct {
	seeds   []seed
	migrate []migrate.Option
}

// seed is one WithSeed.
type seed struct {
	before string
	insert func(*gorm.DB) error
	verify func(*gorm.DB) error
}

// WithSeed runs insert on the database just before the revision
// beforeRevision (its full id) is applied, and verify right after it, so
// that a test can show a revision keeps or transforms existing rows as it
// should: a rename keeps the column's values, a data step fills a new
// column. Both see the schema of that moment, not the models', so write
// them with db.Table or db.Exec. An error from insert stops the check; an
// error from verify is reported as a failure of that revision. Either may
// be nil. The rows stay while the check rolls back to base, so every Down
// after that revision also runs on data. Seeding happens on the first
// pass only.
func WithSeed(beforeRevision string, insert, verify func(*gorm.DB) error) Option {
	return func(c *config) {
		c.seeds = append(c.seeds, seed{before: beforeRevision, insert: insert, verify: verify})
	}
}

// WithMigrateOptions passes options to migrate.New, such as
// migrate.WithVersionTable when the application names its own version
// table.
func WithMigrateOptions(opts ...migrate.Option) Option {
	return func(c *config) { c.migrate = append(c.migrate, opts...) }
}

// split separates Check's variadic arguments into options and models.
func split(args []any) (config, []any) {
	var cfg config
	var models []any
	for _, a := range args {
		if o, ok := a.(Option); ok {
			o(&cfg)
			continue
		}
		models = append(models, a)
	}
	return cfg, models
}
