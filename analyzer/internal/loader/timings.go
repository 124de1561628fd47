package loader

import (
	"context"
	"sync"
	"time"
)

type phase int

const (
	phaseList   phase = iota // go/packages listing of the patterns and their graph
	phaseExport              // go list -export of the imported non-source packages
	phaseParse               // parsing source packages, overlapped with phaseExport
	phaseCheck               // type-checking, including export data decoding
	numPhases
)

var phaseNames = [numPhases]string{"list", "export", "parse", "check"}

// timings records where Load spent its time; the benchmark reports it.
type timings struct {
	mu sync.Mutex
	d  [numPhases]time.Duration
	// exportCached records that the export listing came from the cache.
	exportCached bool
}

type timingsKey struct{}

func withTimings(ctx context.Context, t *timings) context.Context {
	return context.WithValue(ctx, timingsKey{}, t)
}

func timingsFrom(ctx context.Context) *timings {
	t, _ := ctx.Value(timingsKey{}).(*timings)
	return t
}

func (t *timings) since(p phase, start time.Time) {
	t.add(p, time.Since(start))
}

func (t *timings) add(p phase, d time.Duration) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.d[p] += d
	t.mu.Unlock()
}
