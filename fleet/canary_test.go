package fleet_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/migragen/migragen/fleet"
)

// seededAtItems returns n SQLite targets at the items revision with rows,
// the ones named in poisoned holding a poison row.
func seededAtItems(t *testing.T, n int, poisoned ...string) *engine {
	e := sqliteEngine(t, n)
	f, err := fleet.New(fleetMigrations(nil), e.targets)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.UpTo(context.Background(), revItems); err != nil {
		t.Fatalf("UpTo items: %v\n%s", err, s)
	}
	for _, name := range e.names {
		e.seed(t, name, slices.Contains(poisoned, name))
	}
	return e
}

// TestCanary runs a canary group before the rest. When a canary fails,
// every other target must be skipped, naming the canary, and left exactly
// as it was (no note column); when the canaries succeed, the rest must
// start only after all of them finished.
func TestCanary(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		opts   []fleet.Option
		canary []string // the canary group the options make
	}{
		{"first two", []fleet.Option{fleet.WithCanary(2)}, []string{"lite_01", "lite_02"}},
		{"named", []fleet.Option{fleet.WithCanaryTargets("lite_05", "lite_02")}, []string{"lite_02", "lite_05"}},
	} {
		t.Run(tc.name+"/fails", func(t *testing.T) {
			e := seededAtItems(t, 6, "lite_02")
			f, err := fleet.New(fleetMigrations(nil), e.targets, append(tc.opts, fleet.WithParallel(3))...)
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.Up(ctx)
			var ferr *fleet.Error
			if !errors.As(err, &ferr) || !slices.Equal(ferr.Failed, []string{"lite_02"}) || len(ferr.Skipped) != 4 {
				t.Fatalf("Up: %v, want lite_02 failed and 4 skipped\n%s", err, s)
			}
			for _, r := range s.Targets {
				canary := slices.Contains(tc.canary, r.Target)
				if r.Canary != canary {
					t.Errorf("%s: canary %v, want %v", r.Target, r.Canary, canary)
				}
				switch {
				case r.Target == "lite_02":
				case canary:
					if r.State != fleet.Migrated {
						t.Errorf("the other canary %s: %s (%s), want migrated", r.Target, r.State, r.Error)
					}
				default:
					if r.State != fleet.Skipped || !strings.Contains(r.Error, "canary lite_02 did not succeed") {
						t.Errorf("%s: %s (%s), want skipped because of canary lite_02", r.Target, r.State, r.Error)
					}
					if cols := e.columns(t, r.Target); !slices.Equal(cols, []string{"id", "name"}) {
						t.Errorf("skipped %s was changed: columns %q", r.Target, cols)
					}
				}
			}
		})
		t.Run(tc.name+"/succeeds", func(t *testing.T) {
			e := seededAtItems(t, 6)
			var ev events
			f, err := fleet.New(fleetMigrations(nil), e.targets, append(tc.opts, fleet.WithParallel(3), fleet.WithProgress(ev.add))...)
			if err != nil {
				t.Fatal(err)
			}
			if s, err := f.Up(ctx); err != nil || s.Counts[fleet.Migrated] != 6 {
				t.Fatalf("Up: %v\n%s", err, s)
			}
			// Every canary is done before any other target starts.
			canariesDone := 0
			for _, e := range ev.list() {
				isCanary := slices.Contains(tc.canary, e.Target)
				switch {
				case e.Kind == fleet.TargetDone && isCanary:
					canariesDone++
				case e.Kind == fleet.TargetStarted && !isCanary && canariesDone < len(tc.canary):
					t.Errorf("%s started before the canaries finished (%d of %d done)", e.Target, canariesDone, len(tc.canary))
				}
			}
		})
	}
}

// TestStopOnError runs the targets one at a time with WithStopOnError:
// after the third fails, the rest must be skipped and untouched. Without
// the option (the default), the fleet goes on and only the poisoned
// target fails.
func TestStopOnError(t *testing.T) {
	ctx := context.Background()
	e := seededAtItems(t, 5, "lite_03")
	f, err := fleet.New(fleetMigrations(nil), e.targets, fleet.WithParallel(1), fleet.WithStopOnError())
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.Up(ctx)
	want := map[string]fleet.State{"lite_01": fleet.Migrated, "lite_02": fleet.Migrated, "lite_03": fleet.Failed, "lite_04": fleet.Skipped, "lite_05": fleet.Skipped}
	for _, r := range s.Targets {
		if r.State != want[r.Target] {
			t.Errorf("stop on error, %s: %s (%s), want %s", r.Target, r.State, r.Error, want[r.Target])
		}
	}
	if cols := e.columns(t, "lite_05"); !slices.Equal(cols, []string{"id", "name"}) {
		t.Errorf("skipped lite_05 was changed: columns %q", cols)
	}

	f, err = fleet.New(fleetMigrations(nil), e.targets, fleet.WithParallel(1))
	if err != nil {
		t.Fatal(err)
	}
	s, _ = f.Up(ctx)
	if s.Counts[fleet.Failed] != 1 || s.Counts[fleet.Migrated] != 2 || s.Counts[fleet.UpToDate] != 2 {
		t.Errorf("continue on error: counts %v, want lite_03 failed, lite_04 and lite_05 migrated\n%s", s.Counts, s)
	}
}

// TestCanceledBeforeStart: targets not started when the context ends are
// skipped, with the cause.
func TestCanceledBeforeStart(t *testing.T) {
	e := sqliteEngine(t, 3)
	f, err := fleet.New(fleetMigrations(nil), e.targets)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, _ := f.Up(ctx)
	if s.Counts[fleet.Skipped] != 3 || !strings.Contains(s.Targets[0].Error, "context canceled") {
		t.Errorf("Up on a canceled context: %v, first %q; want all skipped, saying why", s.Counts, s.Targets[0].Error)
	}
}

// TestNewRefuses checks what New refuses before opening anything.
func TestNewRefuses(t *testing.T) {
	e := sqliteEngine(t, 2)
	one := e.targets[0]
	for _, tc := range []struct {
		name    string
		targets []fleet.Target
		opts    []fleet.Option
		want    string
	}{
		{"none", nil, nil, "no targets"},
		{"twice", []fleet.Target{one, one}, nil, "listed twice"},
		{"unnamed", []fleet.Target{{Open: one.Open}}, nil, "has no name"},
		{"neither", []fleet.Target{{Name: "x"}}, nil, "exactly one of DB and Open"},
		{"big canary", e.targets, []fleet.Option{fleet.WithCanary(3)}, "canary group of 3"},
		{"unknown canary", e.targets, []fleet.Option{fleet.WithCanaryTargets("nope")}, "canary target nope"},
	} {
		if _, err := fleet.New(fleetMigrations(nil), tc.targets, tc.opts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestTargetTimeout: a target whose Open hangs fails when the target
// timeout passes, saying so, and the other targets are not held up.
func TestTargetTimeout(t *testing.T) {
	e := sqliteEngine(t, 2)
	hang := fleet.Target{Name: "hangs", Open: func(ctx context.Context) (*gorm.DB, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	f, err := fleet.New(fleetMigrations(nil), append([]fleet.Target{hang}, e.targets...), fleet.WithParallel(2), fleet.WithTargetTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.Up(context.Background())
	r := results(s)
	if h := r["hangs"]; h.State != fleet.Failed || !strings.Contains(h.Error, "took longer than the fleet's target timeout (200ms)") {
		t.Errorf("the hanging target: %s: %s", h.State, h.Error)
	}
	if r["lite_01"].State != fleet.Migrated || r["lite_02"].State != fleet.Migrated {
		t.Errorf("the other targets:\n%s", s)
	}
}

// TestCommandShardCanaries checks that with -shard each runner runs, as
// canaries, those of -canary-targets in its own shard, and notes the
// others. Which shard holds a name is fleet.Shard's FNV hash, computed
// here by Shard itself, so the test follows the names wherever they fall.
func TestCommandShardCanaries(t *testing.T) {
	template := sqliteTemplate(t)
	all, err := fleet.FromTemplate(template, []string{"a", "b", "c", "d"}, noOpen)
	if err != nil {
		t.Fatal(err)
	}
	for shard := 1; shard <= 2; shard++ {
		in, _ := fleet.Shard(all, shard, 2)
		if len(in) == 0 || len(in) == len(all) {
			t.Fatalf("shard %d/2 holds %q; pick names that split", shard, targetNames(in))
		}
		cmd := fleet.Command(openWith(sqlite.Open), fleetMigrations(nil))
		spec := fmt.Sprintf("%d/2", shard)
		out, errOut, err := runCmd(t, cmd, "up", "-json", "-template", template, "-names", "a,b,c,d", "-shard", spec, "-canary-targets", "a,b,c,d")
		if err != nil {
			t.Fatalf("shard %s: %v\n%s", spec, err, errOut)
		}
		var s fleet.Summary
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.Targets {
			if !r.Canary {
				t.Errorf("shard %s: %s is not a canary, but every name was given and it is in the shard", spec, r.Target)
			}
		}
		if !strings.Contains(errOut, "note: shard "+spec+" runs canaries") {
			t.Errorf("shard %s: no note of the canaries in other shards:\n%s", spec, errOut)
		}
	}
}

// TestCanaryRanNothing checks that a canary group already up to date
// passes, with a note that it tried nothing.
func TestCanaryRanNothing(t *testing.T) {
	e := sqliteEngine(t, 2)
	f, err := fleet.New(fleetMigrations(nil), e.targets, fleet.WithCanary(1))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.Up(context.Background()); err != nil || len(s.Notes) != 0 {
		t.Fatalf("first run: %v, notes %q\n%s", err, s.Notes, s)
	}
	s, err := f.Up(context.Background())
	if err != nil || len(s.Notes) != 1 || !strings.Contains(s.String(), "note: canary: ran nothing") {
		t.Errorf("second run: %v, notes %q\n%s", err, s.Notes, s)
	}
}

// TestCanaryCanceled checks that when the context ends during the canary
// phase, the others are skipped with the context's cause, not as if the
// canary had failed.
func TestCanaryCanceled(t *testing.T) {
	e := sqliteEngine(t, 2)
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := func(ev fleet.Event) {
		if ev.Kind == fleet.TargetStarted {
			cancel(errors.New("deploy aborted"))
		}
	}
	f, err := fleet.New(fleetMigrations(nil), e.targets, fleet.WithCanary(1), fleet.WithProgress(stop))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.Up(ctx)
	if r := results(s)["lite_02"]; r.State != fleet.Skipped || r.Error != "not started: deploy aborted" {
		t.Errorf("the other target: %s %q; want skipped, \"not started: deploy aborted\"\n%s", r.State, r.Error, s)
	}
}

// TestNoOpenAfterCancel checks that a target whose turn comes after the
// context ended is not opened at all: an open the fleet no longer waits
// for could still create a SQLite file or hold a connection after Up
// returned.
func TestNoOpenAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("deploy aborted"))
	opened := make(chan string, 2)
	open := func(name string) fleet.Target {
		return fleet.Target{Name: name, Open: func(context.Context) (*gorm.DB, error) {
			opened <- name
			return nil, errors.New("must not be opened")
		}}
	}
	// The target's own start may be what ends the context, as when a
	// deploy is aborted from the progress function.
	live, abort := context.WithCancelCause(context.Background())
	abortOnStart := fleet.WithProgress(func(ev fleet.Event) {
		if ev.Kind == fleet.TargetStarted {
			abort(errors.New("deploy aborted"))
		}
	})
	for _, run := range []struct {
		name string
		opts []fleet.Option
		call func(f *fleet.Fleet) any
	}{
		{"Up", nil, func(f *fleet.Fleet) any { s, _ := f.Up(ctx); return s }},
		{"Status", nil, func(f *fleet.Fleet) any { s, _ := f.Status(ctx); return s }},
		{"Up aborted on start", []fleet.Option{abortOnStart}, func(f *fleet.Fleet) any { s, _ := f.Up(live); return s }},
	} {
		f, err := fleet.New(fleetMigrations(nil), []fleet.Target{open("a"), open("b")}, run.opts...)
		if err != nil {
			t.Fatal(err)
		}
		s := run.call(f)
		select {
		case name := <-opened:
			t.Errorf("%s opened target %s after the context ended\n%s", run.name, name, s)
		default:
		}
	}
}
