package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// migragen is a short-lived process: collecting less often (GOGC 400)
// saves a sixth of its CPU time at a few hundred models. But the heap may
// then grow to five times what was live at the last collection, and a
// moment of many live objects (a large head snapshot decoded while the
// models are analysed, say) makes the peak several times snapshot's.
// So a soft memory limit caps the heap at gcFloor, or at gcHeadroom times
// the live heap when that is more, moved after every collection: small
// runs keep GOGC 400, large ones collect as with GOGC 200 near the cap,
// and a run whose live heap grows keeps room to work in rather than
// collecting without end. At 2000 models (scripts/bench-generate.sh, on
// 2026-12-08) a floor of 160 MiB brought generate's peak RSS from 1.7x
// snapshot's (1.5-2.2) to 1.3x (1.2-1.5) for no CPU we could measure;
// 192 and 256 MiB floors gave 1.3-1.5x in single runs.
const (
	gcPercent  = 400
	gcFloor    = 160 << 20
	gcHeadroom = 3
)

// tuneGC sets the collector up as above, unless GOGC or GOMEMLIMIT says
// otherwise.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(gcFloor)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var rearm func()
	rearm = func() {
		// The finalizer runs after each collection that finds the
		// sentinel unreachable: once per cycle, re-armed each time.
		runtime.SetFinalizer(new([64]byte), func(*[64]byte) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(max(gcFloor, gcHeadroom*int64(sample[0].Value.Uint64())))
			}
			rearm()
		})
	}
	rearm()
}
