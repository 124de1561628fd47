//go:build unix

package bench

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user and system CPU time the process has used so
// far: a benchmark's per-iteration CPU is the difference over its loop,
// divided by the iterations.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
