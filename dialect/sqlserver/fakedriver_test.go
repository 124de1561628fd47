package sqlserver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"testing"

	"gorm.io/driver/sqlserver"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// fakeDriverName is a database/sql driver that stands in for a SQL Server
// connection: it records every statement with its arguments, as the
// driver receives them, and answers queries with what a test scripts. GORM's
// sqlserver migrator reads the default schema before it writes a column
// comment, which DryRun mode cannot answer, and the lock's logic needs
// sp_getapplock's status codes.
const fakeDriverName = "migragen-fake-sqlserver"

func init() { sql.Register(fakeDriverName, fakeDriver{}) }

// call is one statement as the driver received it.
type call struct {
	Query string
	Args  []any
}

// fakeServer answers the queries of the connections opened on its DSN.
type fakeServer struct {
	mu    sync.Mutex
	calls []call
	// answer returns the single value a query yields, or nil for no row.
	answer func(query string, args []any) any
	// table, when set, answers a query with rows of several columns
	// instead; ok false leaves the query to answer.
	table func(query string, args []any) (rows [][]driver.Value, ok bool)
}

func (s *fakeServer) record(query string, args []driver.NamedValue) []any {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	s.mu.Lock()
	s.calls = append(s.calls, call{Query: query, Args: vals})
	s.mu.Unlock()
	return vals
}

// Calls returns the statements received so far.
func (s *fakeServer) Calls() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...)
}

var (
	fakeServersMu sync.Mutex
	fakeServers   = map[string]*fakeServer{}
)

// openFake returns a GORM sqlserver database with config cfg (nil for
// GORM's defaults, quietly logged) on a fake server that answers queries
// with answer.
func openFake(t testing.TB, cfg *gorm.Config, answer func(query string, args []any) any) (*gorm.DB, *fakeServer) {
	t.Helper()
	srv := &fakeServer{answer: answer}
	fakeServersMu.Lock()
	fakeServers[t.Name()] = srv
	fakeServersMu.Unlock()
	t.Cleanup(func() {
		fakeServersMu.Lock()
		delete(fakeServers, t.Name())
		fakeServersMu.Unlock()
	})
	if cfg == nil {
		cfg = &gorm.Config{DisableAutomaticPing: true, Logger: logger.Discard}
	}
	db, err := gorm.Open(sqlserver.New(sqlserver.Config{DriverName: fakeDriverName, DSN: t.Name()}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db, srv
}

type fakeDriver struct{}

func (fakeDriver) Open(dsn string) (driver.Conn, error) {
	fakeServersMu.Lock()
	srv := fakeServers[dsn]
	fakeServersMu.Unlock()
	if srv == nil {
		return nil, errors.New("fake sqlserver: no server for " + dsn)
	}
	return &fakeConn{srv: srv}, nil
}

type fakeConn struct{ srv *fakeServer }

func (c *fakeConn) Prepare(string) (driver.Stmt, error) {
	return nil, errors.New("fake sqlserver: no prepared statements")
}
func (c *fakeConn) Close() error              { return nil }
func (c *fakeConn) Begin() (driver.Tx, error) { return fakeTx{}, nil }

func (c *fakeConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.srv.record(query, args)
	return driver.RowsAffected(0), nil
}

func (c *fakeConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	vals := c.srv.record(query, args)
	r := &fakeRows{}
	if c.srv.table != nil {
		if rows, ok := c.srv.table(query, vals); ok {
			return &fakeRows{rows: rows}, nil
		}
	}
	if c.srv.answer != nil {
		if v := c.srv.answer(query, vals); v != nil {
			r.rows = [][]driver.Value{{v}}
		}
	}
	return r, nil
}

type fakeTx struct{}

func (fakeTx) Commit() error   { return nil }
func (fakeTx) Rollback() error { return nil }

type fakeRows struct{ rows [][]driver.Value }

// Columns names as many columns as the first row has, one for no row.
func (r *fakeRows) Columns() []string {
	if len(r.rows) == 0 {
		return []string{"value"}
	}
	return make([]string, len(r.rows[0]))
}

func (r *fakeRows) Close() error { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	copy(dest, r.rows[0])
	r.rows = r.rows[1:]
	return nil
}
