// Package dialects opens a *gorm.DB for each dialect migragen supports
// without contacting a server, so that code can ask GORM's own drivers how
// they compile a column (DataTypeOf, GormDBDataType) or print DDL in DryRun
// mode. Nothing here is used to run SQL.
package dialects

import (
	"fmt"
	"sync"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlserver"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Names lists the dialects, as their Dialector.Name() spells them.
var Names = []string{"mysql", "postgres", "sqlite", "sqlserver"}

var (
	once sync.Once
	dbs  map[string]*gorm.DB
	err  error
)

// DryRun returns one DryRun *gorm.DB per dialect, keyed by dialect name.
// The drivers open their connection pools lazily and DisableAutomaticPing
// stops GORM from pinging, so no server is needed.
func DryRun() (map[string]*gorm.DB, error) {
	once.Do(func() {
		dialectors := map[string]gorm.Dialector{
			"postgres":  postgres.New(postgres.Config{DSN: "host=127.0.0.1 user=migragen dbname=migragen sslmode=disable"}),
			"mysql":     mysql.New(mysql.Config{DSN: "migragen@tcp(127.0.0.1:3306)/migragen", SkipInitializeWithVersion: true}),
			"sqlserver": sqlserver.Open("sqlserver://migragen@127.0.0.1:1433?database=migragen"),
			"sqlite":    sqlite.Open(":memory:"),
		}
		dbs = map[string]*gorm.DB{}
		for name, d := range dialectors {
			db, e := gorm.Open(d, &gorm.Config{DryRun: true, DisableAutomaticPing: true, Logger: logger.Discard})
			if e != nil {
				err = fmt.Errorf("opening a dry-run %s dialect: %w", name, e)
				return
			}
			dbs[name] = db
		}
	})
	return dbs, err
}
