package sqlserver

import (
	"errors"
	"fmt"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
)

// TestLockTimeout: no SQL Server runs here, so IsLockTimeout is checked on
// errors built as go-mssqldb builds them (mssql.Error, error 1222 "Lock
// request time out period exceeded"), by value, by pointer and wrapped,
// against other server errors; and the SET LOCK_TIMEOUT statements on
// their documented units (milliseconds; -1 waits for ever, the default).
func TestLockTimeout(t *testing.T) {
	d := Dialect{}
	timeout := mssql.Error{Number: 1222, Class: 16, Message: "Lock request time out period exceeded."}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{timeout, true},
		{&timeout, true},
		{fmt.Errorf("revision 0001: %w", timeout), true},
		{mssql.Error{Number: 1205, Message: "Transaction was deadlocked"}, false},
		{mssql.Error{Number: 102, Message: "Incorrect syntax near 'ADD'."}, false},
		{errors.New("Lock request time out period exceeded."), false},
		{nil, false},
	} {
		if got := d.IsLockTimeout(tc.err); got != tc.want {
			t.Errorf("IsLockTimeout(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	for _, inTx := range []bool{true, false} {
		set, reset := d.LockTimeout(2500*time.Millisecond, inTx)
		if fmt.Sprint(set, reset) != "[SET LOCK_TIMEOUT 2500] [SET LOCK_TIMEOUT -1]" {
			t.Errorf("LockTimeout(2.5s, %v) = %q, %q", inTx, set, reset)
		}
	}
	if set, reset := d.LockTimeout(0, false); set != nil || reset != nil {
		t.Errorf("LockTimeout(0) = %q, %q, want nothing: LOCK_TIMEOUT 0 would not wait at all", set, reset)
	}
}
