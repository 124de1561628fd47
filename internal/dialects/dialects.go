// Package dialects opens a *gorm.DB for each dialect migragen supports
// without contacting a server, so that code can ask GORM's own drivers how
// they compile a column (DataTypeOf, GormDBDataType) or print DDL in DryRun
// mode. Nothing here runs SQL.
package dialects

import (
	"fmt"
	"net"
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

// unusedAddr is where the dialect DSNs point. Nothing should ever connect;
// if a driver did, port 1 on the loopback refuses instead of reaching a
// real development database.
const unusedAddr = "127.0.0.1:1"

var (
	once    sync.Once
	dbs     map[string]*gorm.DB
	openErr error
)

// DryRun returns DryRun databases opened once with Open on an address
// where nothing listens.
func DryRun() (map[string]*gorm.DB, error) {
	once.Do(func() { dbs, openErr = Open(unusedAddr) })
	return dbs, openErr
}

// Open opens a DryRun *gorm.DB for each of postgres, mysql, sqlserver
// and sqlite, keyed by Dialector.Name(). The network dialects' DSNs point
// at addr ("host:port"), but opening performs no network I/O: the drivers
// open their connection pools lazily, DisableAutomaticPing stops GORM's
// ping, and MySQL is told not to ask the server for its version. SQLite is
// in memory. The databases are for asking GORM how it compiles a type or a
// statement, never for running one.
func Open(addr string) (map[string]*gorm.DB, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dialects: dialect address: %w", err)
	}
	dialectors := map[string]gorm.Dialector{
		"postgres": postgres.New(postgres.Config{
			DSN: fmt.Sprintf("host=%s port=%s user=migragen dbname=migragen sslmode=disable connect_timeout=1", host, port),
		}),
		"mysql": mysql.New(mysql.Config{
			DSN: fmt.Sprintf("migragen@tcp(%s)/migragen?timeout=1s", addr),
			// Initialize would otherwise query SELECT VERSION().
			SkipInitializeWithVersion: true,
		}),
		"sqlserver": sqlserver.Open(fmt.Sprintf("sqlserver://migragen@%s?database=migragen&dial+timeout=1", addr)),
		"sqlite":    sqlite.Open(":memory:"),
	}
	dbs := map[string]*gorm.DB{}
	for _, name := range Names {
		db, err := gorm.Open(dialectors[name], &gorm.Config{
			DryRun:               true,
			DisableAutomaticPing: true,
			Logger:               logger.Discard,
		})
		if err != nil {
			return nil, fmt.Errorf("dialects: opening a dry-run %s database: %w", name, err)
		}
		if got := db.Dialector.Name(); got != name {
			return nil, fmt.Errorf("dialects: the %s dialector calls itself %q", name, got)
		}
		dbs[name] = db
	}
	return dbs, nil
}
