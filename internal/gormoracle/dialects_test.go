package gormoracle

import (
	"context"
	"github.com/migragen/migragen/internal/dialects"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/migragen/migragen/internal/gormfield"
)

// TestDryRunDBsStayOffline points the dialect DSNs at a listener and shows
// that opening the databases, compiling types, asking GormDBDataType and
// even dry-running CREATE TABLE never connect, while a real ping does, so
// the listener would have seen a connection.
func TestDryRunDBsStayOffline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()

	dbs, err := dialects.Open(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	p, err := parse([]any{&Kitchen{}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range dialects.Names {
		db := dbs[name]
		for _, col := range p.snap.Table("kitchens").Columns {
			gormfield.DataTypeOf(db, col)
			db.Migrator().FullDataTypeOf(gormfield.Field(col))
			dataTypeOf(t, db, p.fields[col])
		}
		if err := db.Migrator().CreateTable(&Named{}); err != nil {
			t.Errorf("%s: dry-run CreateTable: %v", name, err)
		}
	}
	if _, err := Snapshot([]any{&Kitchen{}}, Options{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := accepted.Load(); n != 0 {
		t.Fatalf("%d connections were made without a ping", n)
	}

	for _, name := range []string{"mysql", "postgres", "sqlserver"} {
		before := accepted.Load()
		sqlDB, err := dbs[name].DB()
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		if err := sqlDB.PingContext(ctx); err == nil {
			t.Errorf("%s: ping of a listener that hangs up succeeded", name)
		}
		cancel()
		if accepted.Load() == before {
			t.Errorf("%s: a ping did not reach the listener; the offline check above proves nothing for it", name)
		}
	}
}
