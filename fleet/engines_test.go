package fleet_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// TestFleetAcrossEngines runs one fleet of 80 targets: 50 PostgreSQL
// schemas of one database, 10 MariaDB databases and 20 SQLite files, each
// with rows in its tables. One target per engine holds a row that makes
// the second revision's data step fail half-way, after its ALTER TABLE
// and its UPDATE. The summary must say failed for those three, with the
// error, and migrated for the 77 others; each failed target must be left
// as its engine leaves a failure (PostgreSQL and SQLite: rolled back,
// still pending, no new column; MariaDB: the revision dirty), and every
// other target must be migrated with its rows intact and filled in,
// whatever happened next door. The expectations come from the engines'
// documented behaviour (transactional DDL or not) and are checked through
// separate connections, not through the fleet.
func TestFleetAcrossEngines(t *testing.T) {
	ctx := context.Background()
	engines := []*engine{pgEngine(t, 50), mariaEngine(t, 10), sqliteEngine(t, 20)}
	var ev events
	f, err := fleet.New(fleetMigrations(nil), targetsOf(engines...), fleet.WithParallel(4), fleet.WithProgress(ev.add))
	if err != nil {
		t.Fatal(err)
	}

	// The first revision everywhere: every target goes base -> items.
	s, err := f.UpTo(ctx, revItems)
	if err != nil {
		t.Fatalf("UpTo items: %v\n%s", err, s)
	}
	for _, r := range s.Targets {
		if r.State != fleet.Migrated || r.From != migrate.Base || r.To != revItems || !slices.Equal(r.Applied, []string{revItems}) {
			t.Fatalf("after UpTo items, %s: %+v; want migrated base -> %s", r.Target, r, revItems)
		}
	}
	if n := s.Counts[fleet.Migrated]; n != 80 {
		t.Fatalf("counts %v, want 80 migrated", s.Counts)
	}
	// The tables went into each target, not into a shared place: a
	// PostgreSQL schema's tables are in that schema.
	for _, e := range engines {
		if cols := e.columns(t, e.names[0]); !slices.Equal(cols, []string{"id", "name"}) {
			t.Fatalf("%s: items of %s has columns %q", e.dialect, e.names[0], cols)
		}
	}

	// Rows everywhere; one target per engine poisoned, not the first so
	// that targets before and after it run.
	poisoned := map[string]bool{}
	seeded := map[string][]string{}
	for _, e := range engines {
		bad := e.names[len(e.names)/2]
		poisoned[bad] = true
		for _, name := range e.names {
			seeded[name] = e.seed(t, name, name == bad)
		}
	}

	s, err = f.Up(ctx)
	var ferr *fleet.Error
	if !errors.As(err, &ferr) || len(ferr.Failed) != 3 || len(ferr.Dirty)+len(ferr.Skipped) != 0 {
		t.Fatalf("Up: %v, want a *fleet.Error with 3 failed targets\n%s", err, s)
	}
	if s.Counts[fleet.Migrated] != 77 || s.Counts[fleet.Failed] != 3 {
		t.Errorf("counts %v, want 77 migrated and 3 failed", s.Counts)
	}
	t.Logf("summary of the run with three poisoned targets:\n%s", s)
	byName := results(s)
	for _, e := range engines {
		for _, name := range e.names {
			r := byName[name]
			got := e.items(t, name, !poisoned[name] || e.dialect == corpustest.MariaDB)
			if !slices.Equal(itemNames(got), seeded[name]) {
				t.Errorf("%s: rows %q after the run, want %q", name, itemNames(got), seeded[name])
			}
			if !poisoned[name] {
				checkMigrated(t, r, got)
				continue
			}
			checkFailed(t, e, r)
		}
	}
	checkEvents(t, ev.list(), s)

	// Status across the fleet: the three failed targets are behind, and
	// MariaDB's, dirty, needs a person.
	st, err := f.Status(ctx)
	behind := st.Behind()
	var behindNames []string
	for _, b := range behind {
		behindNames = append(behindNames, b.Target)
		if !slices.Equal(b.Pending, []string{revNote}) {
			t.Errorf("status of %s: pending %q, want %s", b.Target, b.Pending, revNote)
		}
	}
	slices.Sort(behindNames)
	if want := slices.Sorted(maps.Keys(poisoned)); !slices.Equal(behindNames, want) {
		t.Errorf("behind: %q, want %q", behindNames, want)
	}
	maria := engines[1].names[len(engines[1].names)/2]
	if att := st.NeedsAttention(); len(att) != 1 || att[0].Target != maria || att[0].Dirty != revNote {
		t.Errorf("needs attention: %+v, want %s dirty at %s", att, maria, revNote)
	}
	if err == nil || !strings.Contains(err.Error(), maria) {
		t.Errorf("Status error: %v, want one naming %s", err, maria)
	}
	if st.Head != revNote {
		t.Errorf("status head %q, want %s", st.Head, revNote)
	}

	// A second run: the migrated targets are up to date, MariaDB's is
	// reported dirty without anything run, the others fail again.
	s, _ = f.Up(ctx)
	for _, r := range s.Targets {
		want := fleet.UpToDate
		switch {
		case r.Target == maria:
			want = fleet.Dirty
		case poisoned[r.Target]:
			want = fleet.Failed
		}
		if r.State != want {
			t.Errorf("second run, %s: %s (%s), want %s", r.Target, r.State, r.Error, want)
		}
	}
	if r := results(s)[maria]; r.Dirty != revNote || !errors.As(r.Err, new(*migrate.DirtyError)) {
		t.Errorf("second run, %s: %+v, want a DirtyError at %s", maria, r, revNote)
	}
	checkJSONRoundTrip(t, s)
}

// checkMigrated checks a target the run migrated: items -> note, its rows
// filled in by the data step.
func checkMigrated(t *testing.T, r fleet.Result, rows []item) {
	t.Helper()
	if r.State != fleet.Migrated || r.From != revItems || r.To != revNote || !slices.Equal(r.Applied, []string{revNote}) || len(r.Pending) != 0 || r.Error != "" {
		t.Errorf("%s: %+v, want migrated %s -> %s", r.Target, r, revItems, revNote)
	}
	for _, it := range rows {
		if it.Note == nil || *it.Note != strings.ToUpper(it.Name) {
			t.Errorf("%s: row %q has note %v, want it in upper case", r.Target, it.Name, it.Note)
		}
	}
}

// checkFailed checks a target whose data step failed half-way.
func checkFailed(t *testing.T, e *engine, r fleet.Result) {
	t.Helper()
	if r.State != fleet.Failed || !strings.Contains(r.Error, "poisoned row") || !strings.Contains(r.Error, revNote) || r.Err == nil {
		t.Errorf("%s: %+v, want failed with the data step's error naming %s", r.Target, r, revNote)
	}
	if r.From != revItems || r.To != revItems || !slices.Equal(r.Pending, []string{revNote}) || len(r.Applied) != 0 {
		t.Errorf("%s: from %q to %q, pending %q, applied %q; want it still at %s with %s pending", r.Target, r.From, r.To, r.Pending, r.Applied, revItems, revNote)
	}
	cols := e.columns(t, r.Target)
	if e.dialect == corpustest.MariaDB {
		// DDL commits on MariaDB: the column stays, and the revision is
		// recorded dirty for a person to resolve.
		if r.Dirty != revNote || !slices.Contains(cols, "note") {
			t.Errorf("%s: dirty %q, columns %q; want %s dirty and the note column left by its committed ALTER", r.Target, r.Dirty, cols, revNote)
		}
		return
	}
	if r.Dirty != "" || !slices.Equal(cols, []string{"id", "name"}) {
		t.Errorf("%s: dirty %q, columns %q; want the revision rolled back whole", r.Target, r.Dirty, cols)
	}
}

// checkEvents checks the progress: each target started once and finished
// once with the result the summary has, and its migration events in
// between.
func checkEvents(t *testing.T, evs []fleet.Event, s *fleet.Summary) {
	t.Helper()
	started, done := map[string]int{}, map[string]int{}
	for _, e := range evs {
		switch e.Kind {
		case fleet.TargetStarted:
			started[e.Target]++
		case fleet.Migration:
			if started[e.Target] == done[e.Target] {
				t.Errorf("%s: a migration event outside the target's run: %+v", e.Target, e.Migration)
			}
		case fleet.TargetDone:
			done[e.Target]++
		}
	}
	for _, r := range s.Targets {
		// Two runs so far: UpTo items and Up.
		if started[r.Target] != 2 || done[r.Target] != 2 {
			t.Errorf("%s: started %d times, done %d times; want 2 and 2", r.Target, started[r.Target], done[r.Target])
		}
	}
}

// checkJSONRoundTrip checks that the summary's JSON reads back into the
// same summary, less the Err fields, and that it has the fields a script
// reads.
func checkJSONRoundTrip(t *testing.T, s *fleet.Summary) {
	t.Helper()
	b, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back fleet.Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := *s
	want.Targets = slices.Clone(s.Targets)
	for i := range want.Targets {
		want.Targets[i].Err = nil
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("the summary's JSON does not read back the same:\n%s", b)
	}
	var raw struct {
		Targets []map[string]any `json:"targets"`
		Counts  map[string]int   `json:"counts"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw.Targets {
		if r["state"] == "failed" && r["error"] == "" {
			t.Errorf("a failed target without its error in the JSON: %v", r)
		}
	}
	if raw.Counts["up-to-date"]+raw.Counts["failed"]+raw.Counts["dirty"]+raw.Counts["migrated"]+raw.Counts["skipped"] != len(s.Targets) {
		t.Errorf("JSON counts %v do not add up to %d targets", raw.Counts, len(s.Targets))
	}
}
