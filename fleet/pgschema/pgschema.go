// Package pgschema turns PostgreSQL schemas of one database into fleet
// targets: one per schema, whose connections have that schema alone on
// their search_path, so that the migrations' tables and the version table
// go into the schema, and the migration lock, named after the database
// and the current schema, is the schema's own.
//
// It imports GORM's PostgreSQL driver, which package fleet does not; an
// application that uses this package has that driver already.
package pgschema

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/fleet"
)

// Targets returns one target per schema, named after it, each opened when
// its turn comes from db's DSN with search_path set to the schema, with
// db's naming strategy, logger, clock, foreign-key setting and
// gorm:table_options (the settings migrate.New compares with those the
// migrations were generated with). The fleet closes each schema's pool
// when it is done with it. The schemas must exist; migrate refuses a
// search_path that names none, with the CREATE SCHEMA that fixes it.
//
// db must have been opened from a DSN (postgres.Open, or postgres.New
// with Config.DSN), not from an existing *sql.DB, and its naming strategy
// must not put a schema in the TablePrefix ("app."): every tenant's
// tables would go to that one schema. For the same reason, give the fleet
// no migrate.WithSchema nor a schema-qualified migrate.WithVersionTable.
func Targets(db *gorm.DB, schemas []string, opts ...Option) ([]fleet.Target, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if prefix := tablePrefix(db.NamingStrategy); strings.Contains(prefix, ".") {
		return nil, fmt.Errorf("pgschema: the naming strategy's TablePrefix %q names a schema, so every tenant's tables would go there, not to its own schema; drop the schema from the prefix (search_path puts each tenant's tables in its schema)", prefix)
	}
	d, ok := db.Dialector.(*postgres.Dialector)
	if !ok || d.Config == nil {
		return nil, fmt.Errorf("pgschema: the *gorm.DB is not a PostgreSQL one opened with gorm.io/driver/postgres (its dialect is %q)", db.Dialector.Name())
	}
	if d.DSN == "" {
		return nil, fmt.Errorf("pgschema: the *gorm.DB was opened from an existing connection (postgres.Config.Conn), so there is no DSN to open each schema's connections from; open it with postgres.Open(dsn), or use fleet.FromTemplate with search_path={name}")
	}
	tableOptions, hasTableOptions := db.Get("gorm:table_options")
	targets := make([]fleet.Target, 0, len(schemas))
	for _, schema := range schemas {
		dsn, err := DSN(d.DSN, schema, cfg.shared...)
		if err != nil {
			return nil, err
		}
		pgcfg := *d.Config
		pgcfg.DSN, pgcfg.Conn = dsn, nil
		targets = append(targets, fleet.Target{Name: schema, Open: func(context.Context) (*gorm.DB, error) {
			sdb, err := gorm.Open(postgres.New(pgcfg), &gorm.Config{
				NamingStrategy:                           db.NamingStrategy,
				Logger:                                   db.Logger,
				NowFunc:                                  db.NowFunc,
				DisableForeignKeyConstraintWhenMigrating: db.DisableForeignKeyConstraintWhenMigrating,
			})
			if err != nil {
				return nil, fmt.Errorf("schema %s: %w", schema, err)
			}
			if hasTableOptions {
				sdb = sdb.Set("gorm:table_options", tableOptions)
			}
			return sdb, nil
		}})
	}
	return targets, nil
}

// Option configures Targets.
type Option func(*config)

type config struct{ shared []string }

// WithSharedSchemas puts schemas on every tenant's search_path after the
// tenant's own, such as "public" where extensions (pgcrypto, citext,
// PostGIS) put their types and functions. The tenant's schema stays first,
// so that the migrations' tables and the version table go there; a
// shared schema's tables are visible to every tenant, so keep the
// migrations' tables out of it.
func WithSharedSchemas(schemas ...string) Option {
	return func(c *config) { c.shared = append(c.shared, schemas...) }
}

// tablePrefix is the TablePrefix of GORM's own naming strategy, "" for
// another Namer.
func tablePrefix(n gormschema.Namer) string {
	switch ns := n.(type) {
	case gormschema.NamingStrategy:
		return ns.TablePrefix
	case *gormschema.NamingStrategy:
		return ns.TablePrefix
	}
	return ""
}

// plainSchema is a schema name PostgreSQL takes as written without
// quotes: lower case, as it folds unquoted names.
var plainSchema = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// DSN returns dsn with search_path set to schema, then the shared schemas
// (WithSharedSchemas), overriding a search_path dsn sets: a keyword/value DSN ("host=... dbname=app") gets
// search_path appended (the last setting of a keyword wins), a URL
// ("postgres://...") gets it as a query parameter. A schema name that is
// not lower case is quoted, so "Tenant" stays "Tenant".
func DSN(dsn, schema string, shared ...string) (string, error) {
	var names []string
	for _, s := range append([]string{schema}, shared...) {
		if s == "" {
			return "", fmt.Errorf("pgschema: an empty schema name")
		}
		if !plainSchema.MatchString(s) {
			s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		names = append(names, s)
	}
	path := strings.Join(names, ",")
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("pgschema: the DSN is not a valid URL: %w", err)
		}
		q := u.Query()
		q.Set("search_path", path)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// A keyword/value value in single quotes, with \ and ' escaped.
	quoted := "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(path) + "'"
	return strings.TrimSpace(dsn) + " search_path=" + quoted, nil
}
