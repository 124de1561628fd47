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
// with Config.DSN), not from an existing *sql.DB.
func Targets(db *gorm.DB, schemas ...string) ([]fleet.Target, error) {
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
		dsn, err := DSN(d.DSN, schema)
		if err != nil {
			return nil, err
		}
		cfg := *d.Config
		cfg.DSN, cfg.Conn = dsn, nil
		targets = append(targets, fleet.Target{Name: schema, Open: func(context.Context) (*gorm.DB, error) {
			sdb, err := gorm.Open(postgres.New(cfg), &gorm.Config{
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

// plainSchema is a schema name PostgreSQL takes as written without
// quotes: lower case, as it folds unquoted names.
var plainSchema = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// DSN returns dsn with search_path set to schema alone, overriding a
// search_path dsn sets: a keyword/value DSN ("host=... dbname=app") gets
// search_path appended (the last setting of a keyword wins), a URL
// ("postgres://...") gets it as a query parameter. A schema name that is
// not lower case is quoted, so "Tenant" stays "Tenant".
func DSN(dsn, schema string) (string, error) {
	if schema == "" {
		return "", fmt.Errorf("pgschema: an empty schema name")
	}
	path := schema
	if !plainSchema.MatchString(schema) {
		path = `"` + strings.ReplaceAll(schema, `"`, `""`) + `"`
	}
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
