package migratetest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeT stands in for the *testing.T that Check reports to, so that a
// test can require Check to fail. It records Error and Fatal calls
// instead of failing; Fatal stops the calling goroutine with
// runtime.Goexit, as testing does. Everything else (Context, Logf,
// Cleanup, TempDir) goes to the real test.
type fakeT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) { f.addError(fmt.Sprintf(format, args...)) }
func (f *fakeT) Error(args ...any)                 { f.addError(fmt.Sprint(args...)) }
func (f *fakeT) Fail()                             { f.addError("Fail called") }

func (f *fakeT) Fatalf(format string, args ...any) { f.stop(fmt.Sprintf(format, args...)) }
func (f *fakeT) Fatal(args ...any)                 { f.stop(fmt.Sprint(args...)) }
func (f *fakeT) FailNow()                          { f.stop("FailNow called") }

func (f *fakeT) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errors) > 0 || f.fatal != ""
}

func (f *fakeT) addError(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, msg)
}

func (f *fakeT) stop(msg string) {
	f.mu.Lock()
	f.fatal = msg
	f.mu.Unlock()
	runtime.Goexit()
}

// report is everything Check reported, for failure messages.
func (f *fakeT) report() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("errors:\n%s\nfatal: %s", strings.Join(f.errors, "\n"), f.fatal)
}

// errorWith returns the first error that contains every part, or "".
func (f *fakeT) errorWith(parts ...string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
next:
	for _, e := range f.errors {
		for _, p := range parts {
			if !strings.Contains(e, p) {
				continue next
			}
		}
		return e
	}
	return ""
}

// runFake runs check in its own goroutine, as testing runs a test, with a
// fakeT, and returns what it reported.
func runFake(t *testing.T, check func(testing.TB)) *fakeT {
	f := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(f)
	}()
	<-done
	return f
}

// TestFakeT shows the fake stops at Fatal as testing does: nothing after
// it runs.
func TestFakeT(t *testing.T) {
	f := runFake(t, func(tb testing.TB) {
		tb.Errorf("first %d", 1)
		tb.Fatalf("stop")
		tb.Errorf("never reported")
	})
	if len(f.errors) != 1 || f.errors[0] != "first 1" || f.fatal != "stop" {
		t.Errorf("the fake recorded %s", f.report())
	}
}
