package fleet

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/migragen/migragen/migrate"
)

// State is how a target's run ended.
type State string

// The states of a target after a run.
const (
	// UpToDate: nothing was pending (or another runner applied it while
	// this one waited for the target's lock).
	UpToDate State = "up-to-date"
	// Migrated: the run applied revisions; From and To say where the
	// target stood before and after.
	Migrated State = "migrated"
	// Dirty: the target was dirty before the run (a migration failed
	// half-way there earlier, on a database without transactional DDL),
	// so nothing ran; Dirty names the revision. It needs a person: see
	// migrate's Resolve.
	Dirty State = "dirty"
	// Failed: the run failed; Error says why. Dirty is set when the
	// failure left the revision dirty (MySQL, MariaDB, NoTransaction),
	// and empty when it was rolled back and stays pending.
	Failed State = "failed"
	// Skipped: the target was not run; Error says why (a canary failed,
	// an earlier target failed under WithStopOnError, the context ended).
	Skipped State = "skipped"
)

// states lists the states in the order summaries count them.
var states = []State{Migrated, UpToDate, Failed, Dirty, Skipped}

// Result is one target's outcome.
type Result struct {
	Target string `json:"target"`
	State  State  `json:"state"`
	// Canary says the target was in the canary group.
	Canary bool `json:"canary,omitempty"`
	// From and To are where the target stood before and after the run:
	// its newest applied revision ("base" for none; several, joined by
	// ",", while branches are applied that no merge has joined).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Applied lists the revisions this run applied, in order.
	Applied []string `json:"applied,omitempty"`
	// ByAnother lists revisions this run meant to apply but found applied
	// by another process while it waited for the target's lock.
	ByAnother []string `json:"by_another,omitempty"`
	// Pending lists the revisions still pending after the run.
	Pending []string `json:"pending,omitempty"`
	// Dirty is the revision the target is dirty at, if any.
	Dirty string `json:"dirty,omitempty"`
	// Error is why the target failed, is dirty or was skipped.
	Error string `json:"error,omitempty"`
	// Err is the error itself, for errors.As (a *migrate.DirtyError, a
	// *migrate.CheckError, ...); it is not part of the JSON.
	Err error `json:"-"`
	// Duration is how long the target's run took.
	Duration time.Duration `json:"duration_ns"`
}

// OK says the target ended up-to-date or migrated.
func (r *Result) OK() bool { return r.State == UpToDate || r.State == Migrated }

// Summary is the outcome of a fleet run: one Result per target, in the
// order the targets were given.
type Summary struct {
	// Revision is what the run applied up to: "head", or a revision.
	Revision string   `json:"revision"`
	Targets  []Result `json:"targets"`
	// Counts is the number of targets in each state.
	Counts   map[State]int `json:"counts"`
	Duration time.Duration `json:"duration_ns"`
	// Notes are what the run says of itself, such as a canary group that
	// ran nothing.
	Notes []string `json:"notes,omitempty"`
}

func (s *Summary) count() {
	s.Counts = map[State]int{}
	for _, r := range s.Targets {
		s.Counts[r.State]++
	}
}

// JSON returns the summary as indented JSON; json.Unmarshal reads it back
// into a Summary (without the Err fields, which Error spells out).
func (s *Summary) JSON() ([]byte, error) { return json.MarshalIndent(s, "", "  ") }

// Err returns nil when every target ended up-to-date or migrated, and
// otherwise an *Error naming the others.
func (s *Summary) Err() error {
	e := &Error{Total: len(s.Targets)}
	for _, r := range s.Targets {
		switch r.State {
		case Failed:
			e.Failed = append(e.Failed, r.Target)
		case Dirty:
			e.Dirty = append(e.Dirty, r.Target)
		case Skipped:
			e.Skipped = append(e.Skipped, r.Target)
		}
	}
	if len(e.Failed)+len(e.Dirty)+len(e.Skipped) == 0 {
		return nil
	}
	return e
}

// Error is what a fleet run returns when a target did not end up-to-date
// or migrated. The Summary has each target's error.
type Error struct {
	Total                  int
	Failed, Dirty, Skipped []string
}

func (e *Error) Error() string {
	var parts []string
	add := func(names []string, what string) {
		if len(names) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s (%s)", len(names), what, abbreviate(names, 5)))
		}
	}
	add(e.Failed, "failed")
	add(e.Dirty, "dirty")
	add(e.Skipped, "skipped")
	return fmt.Sprintf("fleet: of %d targets, %s; the summary has each one's error", e.Total, strings.Join(parts, ", "))
}

// abbreviate joins the first n names and says how many more there are.
func abbreviate(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// String is the summary as a table, one target a line, then the counts:
//
//	tenant_a  migrated    20260101_items -> 20260102_note  45ms
//	tenant_b  failed      at 20260101_items, 20260102_note pending: ...
func (s *Summary) String() string {
	var b strings.Builder
	for _, r := range s.Targets {
		fmt.Fprintf(&b, "%-*s  %-10s  %s\n", width(s.Targets), r.Target, r.State, r.describe())
	}
	var counts []string
	for _, st := range states {
		if n := s.Counts[st]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, st))
		}
	}
	fmt.Fprintf(&b, "%d targets: %s in %s\n", len(s.Targets), strings.Join(counts, ", "), migrate.FormatDuration(s.Duration))
	for _, n := range s.Notes {
		b.WriteString("note: " + n + "\n")
	}
	return b.String()
}

// describe is the rest of a summary line: what happened, and where the
// target stands.
func (r *Result) describe() string {
	var b strings.Builder
	switch r.State {
	case Migrated:
		fmt.Fprintf(&b, "%s -> %s", r.From, r.To)
	case UpToDate, Failed, Dirty:
		if r.To != "" {
			b.WriteString("at " + r.To)
		}
	}
	if len(r.ByAnother) > 0 {
		fmt.Fprintf(&b, " (%d applied by another process meanwhile)", len(r.ByAnother))
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(&b, "; %d pending", len(r.Pending))
	}
	if r.Dirty != "" && r.State == Failed {
		fmt.Fprintf(&b, "; left %s dirty", r.Dirty)
	}
	if r.State != Skipped {
		fmt.Fprintf(&b, " (%s)", migrate.FormatDuration(r.Duration))
	}
	out := strings.TrimSpace(b.String())
	switch {
	case r.Error == "":
		return out
	case out != "":
		out += ": "
	}
	// A multi-line error (a dirty revision's executed statements) stays
	// under its target's line.
	return out + strings.ReplaceAll(r.Error, "\n", "\n    ")
}

func width(results []Result) int {
	w := 0
	for _, r := range results {
		w = max(w, len(r.Target))
	}
	return w
}
