package fleet_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/migrate"
)

// TestProgressPanicOnTargetDone checks that a progress function panicking
// on TargetDone, which the fleet sends outside a target's run (from the
// worker and from the loop that skips the others after a bad canary),
// fails the target with one line instead of crashing the process.
func TestProgressPanicOnTargetDone(t *testing.T) {
	e := sqliteEngine(t, 2)
	panicky := func(ev fleet.Event) {
		if ev.Kind == fleet.TargetDone {
			panic("boom")
		}
	}
	f, err := fleet.New(fleetMigrations(nil), e.targets, fleet.WithProgress(panicky), fleet.WithCanary(1))
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.Up(context.Background())
	if err == nil {
		t.Fatalf("no error for a panicking progress function:\n%s", s)
	}
	for _, r := range s.Targets {
		want := "the fleet's progress function panicked on TargetDone: boom"
		if r.State != fleet.Failed || !strings.Contains(r.Error, want) || strings.Contains(r.Error, "\n") {
			t.Errorf("%s: %s %q; want failed, one line containing %q", r.Target, r.State, r.Error, want)
		}
	}
	// The canary itself migrated; the panic on its TargetDone fails it,
	// so the other is skipped, and its TargetDone panics too.
	if r := results(s)["lite_01"]; !strings.Contains(r.Error, "the target itself ended migrated") {
		t.Errorf("the canary: %q; want it to say the target migrated", r.Error)
	}
	if r := results(s)["lite_02"]; !strings.Contains(r.Error, "not started: canary lite_01") {
		t.Errorf("the other: %q; want it skipped after the canary", r.Error)
	}
}

// TestMigrateProgressChained checks that a migrate.WithProgress passed
// through WithMigrateOptions still gets the events along with the fleet's.
func TestMigrateProgressChained(t *testing.T) {
	e := sqliteEngine(t, 2)
	var theirs atomic.Int32
	var ours events
	f, err := fleet.New(fleetMigrations(nil), e.targets,
		fleet.WithMigrateOptions(migrate.WithProgress(func(ev migrate.Event) {
			if ev.Kind == migrate.Done {
				theirs.Add(1)
			}
		})),
		fleet.WithProgress(ours.add))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.Up(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	var fleetDone int32
	for _, ev := range ours.list() {
		if ev.Kind == fleet.Migration && ev.Migration.Kind == migrate.Done {
			fleetDone++
		}
	}
	if fleetDone == 0 || theirs.Load() != fleetDone {
		t.Errorf("migrate.WithProgress saw %d Done events, the fleet's %d; want the same, not zero", theirs.Load(), fleetDone)
	}
}
