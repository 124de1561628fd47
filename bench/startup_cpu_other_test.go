//go:build !unix

package bench

import (
	"testing"
	"time"
)

// cpuTime is zero where getrusage is missing: cpu-ns/op then reads 0.
func cpuTime(testing.TB) time.Duration { return 0 }
