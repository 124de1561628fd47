package sqlserver

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migragen/migragen/dialect"
)

// TestLock runs Lock and its Unlock against a fake server scripted with
// sp_getapplock's status codes, and checks the statements it sends.
func TestLock(t *testing.T) {
	const (
		get     = "DECLARE @status int; EXEC @status = sp_getapplock @Resource = @p1, @LockMode = 'Exclusive', @LockOwner = @p2, @LockTimeout = @p3; SELECT @status"
		release = "DECLARE @status int; EXEC @status = sp_releaseapplock @Resource = @p1, @LockOwner = @p2; SELECT @status"
	)
	tests := []struct {
		name        string
		txScoped    bool
		timeout     time.Duration
		statuses    []int64 // sp_getapplock's answers, then sp_releaseapplock's
		wantCalls   []call
		wantWaited  bool
		wantErr     string // in Lock's error
		wantFreeErr string // in Unlock's error
	}{
		{
			name: "free", timeout: 5 * time.Second, statuses: []int64{0, 0},
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Session", int64(0)}},
				{release, []any{"migragen:schema_migrations", "Session"}},
			},
		},
		{
			name: "waits", timeout: 5 * time.Second, statuses: []int64{-1, 1, 0}, wantWaited: true,
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Session", int64(0)}},
				{get, []any{"migragen:schema_migrations", "Session", int64(5000)}},
				{release, []any{"migragen:schema_migrations", "Session"}},
			},
		},
		{
			name: "times out", timeout: 1500 * time.Millisecond, statuses: []int64{-1, -1}, wantWaited: true,
			wantErr: "is still held by another process after 1.5s",
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Session", int64(0)}},
				{get, []any{"migragen:schema_migrations", "Session", int64(1500)}},
			},
		},
		{
			name: "no wait allowed", timeout: 0, statuses: []int64{-1},
			wantErr:   "is still held by another process",
			wantCalls: []call{{get, []any{"migragen:schema_migrations", "Session", int64(0)}}},
		},
		{
			name: "deadlock victim", timeout: time.Second, statuses: []int64{-1, -3}, wantWaited: true,
			wantErr: "deadlock victim",
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Session", int64(0)}},
				{get, []any{"migragen:schema_migrations", "Session", int64(1000)}},
			},
		},
		{
			name: "parameter error", timeout: time.Second, statuses: []int64{-999},
			wantErr:   "sp_getapplock returned -999",
			wantCalls: []call{{get, []any{"migragen:schema_migrations", "Session", int64(0)}}},
		},
		{
			name: "transaction scoped", txScoped: true, timeout: time.Second, statuses: []int64{-1, 1}, wantWaited: true,
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Transaction", int64(0)}},
				{get, []any{"migragen:schema_migrations", "Transaction", int64(1000)}},
			},
		},
		{
			name: "release fails", timeout: time.Second, statuses: []int64{0, -999},
			wantFreeErr: "sp_releaseapplock returned -999",
			wantCalls: []call{
				{get, []any{"migragen:schema_migrations", "Session", int64(0)}},
				{release, []any{"migragen:schema_migrations", "Session"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			statuses := tt.statuses
			db, srv := openFake(t, nil, func(string, []any) any {
				mu.Lock()
				defer mu.Unlock()
				if len(statuses) == 0 {
					t.Error("more calls than scripted")
					return nil
				}
				s := statuses[0]
				statuses = statuses[1:]
				return s
			})
			waited := 0
			opts := dialect.LockOptions{
				Key: "schema_migrations", Timeout: tt.timeout, TransactionScoped: tt.txScoped,
				Waited: func() { waited++ },
			}
			ctx := context.Background()
			unlock, err := Dialect{}.Lock(ctx, db, opts)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Lock error = %v, want one containing %q", err, tt.wantErr)
				}
			case err != nil:
				t.Fatalf("Lock: %v", err)
			default:
				err := unlock(ctx)
				if tt.wantFreeErr == "" && err != nil {
					t.Fatalf("Unlock: %v", err)
				}
				if tt.wantFreeErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantFreeErr)) {
					t.Fatalf("Unlock error = %v, want one containing %q", err, tt.wantFreeErr)
				}
			}
			if want := map[bool]int{false: 0, true: 1}[tt.wantWaited]; waited != want {
				t.Errorf("Waited called %d times, want %d", waited, want)
			}
			got := srv.Calls()
			if len(got) != len(tt.wantCalls) {
				t.Fatalf("statements:\n%v\nwant:\n%v", got, tt.wantCalls)
			}
			for i := range got {
				if got[i].Query != tt.wantCalls[i].Query || !equalArgs(got[i].Args, tt.wantCalls[i].Args) {
					t.Errorf("statement %d:\n got  %q %#v\n want %q %#v", i, got[i].Query, got[i].Args, tt.wantCalls[i].Query, tt.wantCalls[i].Args)
				}
			}
		})
	}
}

func equalArgs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLockResource(t *testing.T) {
	if got := lockResource("public.schema_migrations"); got != "migragen:public.schema_migrations" {
		t.Errorf("lockResource = %q", got)
	}
	long := lockResource(strings.Repeat("x", 300))
	if len(long) > 255 || !strings.HasPrefix(long, "migragen:") {
		t.Errorf("lockResource of a long key = %q", long)
	}
	if got := lockTimeoutMillis(1500 * time.Microsecond); got != 1 {
		t.Errorf("lockTimeoutMillis(1.5ms) = %d", got)
	}
	if got := lockTimeoutMillis(1000 * time.Hour); got != 1<<31-1 {
		t.Errorf("lockTimeoutMillis(1000h) = %d", got)
	}
}

func TestRegistered(t *testing.T) {
	if !strings.Contains(strings.Join(dialect.Registered(), ","), "sqlserver") {
		t.Errorf("sqlserver is not registered: %v", dialect.Registered())
	}
	if !(Dialect{}).TransactionalDDL() {
		t.Error("SQL Server DDL is transactional")
	}
}
