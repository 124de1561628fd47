package fleet

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/migragen/migragen/migrate"
)

// TargetStatus is where one target stands.
type TargetStatus struct {
	Target string `json:"target"`
	// Current is the target's newest applied revision, as Result.From.
	Current string `json:"current,omitempty"`
	// Pending lists the revisions not applied yet: the target is behind.
	Pending []string `json:"pending,omitempty"`
	// Dirty, Unknown and Modified are migrate.Status's: they need a
	// person before the next run (Unknown only when not tolerated as
	// migrate.WithNewerRevisions tolerates it).
	Dirty    string   `json:"dirty,omitempty"`
	Unknown  []string `json:"unknown,omitempty"`
	Modified []string `json:"modified,omitempty"`
	// Squash says why the target stopped part-way through revisions a
	// squash replaced (migrate.SquashError): only a build from before the
	// squash can bring it forward.
	Squash string `json:"squash,omitempty"`
	// Error says why the target could not be read.
	Error string `json:"error,omitempty"`
	Err   error  `json:"-"`
	// Status is the target's whole status, when it could be read.
	Status *migrate.Status `json:"-"`
}

// Behind says revisions are pending on the target.
func (t *TargetStatus) Behind() bool { return len(t.Pending) > 0 }

// NeedsAttention says the target could not be read, or is dirty, has
// revisions this program does not know, has modified revisions, or
// stopped part-way through squashed revisions: the cases migrate's status
// command fails on.
func (t *TargetStatus) NeedsAttention() bool {
	return t.Error != "" || t.Dirty != "" || len(t.Unknown) > 0 || len(t.Modified) > 0 || t.Squash != ""
}

// Status is where every target of a fleet stands.
type Status struct {
	// Head is the newest revision of the migrations.
	Head    string         `json:"head"`
	Targets []TargetStatus `json:"targets"`
}

// Behind returns the targets with pending revisions.
func (s *Status) Behind() []TargetStatus { return s.filter((*TargetStatus).Behind) }

// NeedsAttention returns the targets that need a person.
func (s *Status) NeedsAttention() []TargetStatus { return s.filter((*TargetStatus).NeedsAttention) }

func (s *Status) filter(keep func(*TargetStatus) bool) []TargetStatus {
	var out []TargetStatus
	for i := range s.Targets {
		if keep(&s.Targets[i]) {
			out = append(out, s.Targets[i])
		}
	}
	return out
}

// JSON returns the status as indented JSON.
func (s *Status) JSON() ([]byte, error) { return json.MarshalIndent(s, "", "  ") }

// String is the status as a table, one target a line, then the counts.
func (s *Status) String() string {
	var b strings.Builder
	w := 0
	for _, t := range s.Targets {
		w = max(w, len(t.Target))
	}
	for _, t := range s.Targets {
		var what []string
		switch {
		case t.Error != "":
			what = append(what, "error: "+t.Error)
		case t.Behind():
			what = append(what, fmt.Sprintf("at %s; %d pending: %s", t.Current, len(t.Pending), abbreviate(t.Pending, 3)))
		default:
			what = append(what, "at head "+t.Current)
		}
		if t.Dirty != "" {
			what = append(what, t.Dirty+" is dirty")
		}
		if len(t.Unknown) > 0 {
			what = append(what, "unknown to this program: "+strings.Join(t.Unknown, ", "))
		}
		if len(t.Modified) > 0 {
			what = append(what, "modified after it was applied: "+strings.Join(t.Modified, ", "))
		}
		if t.Squash != "" {
			what = append(what, t.Squash)
		}
		fmt.Fprintf(&b, "%-*s  %s\n", w, t.Target, strings.Join(what, "; "))
	}
	fmt.Fprintf(&b, "%d targets: %d at head, %d behind, %d need attention (head %s)\n",
		len(s.Targets), len(s.Targets)-len(s.Behind()), len(s.Behind()), len(s.NeedsAttention()), s.Head)
	return b.String()
}

// Err returns nil unless a target needs attention; then an error naming
// those targets. Targets that are only behind are no error: Up applies
// what they miss.
func (s *Status) Err() error {
	bad := s.NeedsAttention()
	if len(bad) == 0 {
		return nil
	}
	names := make([]string, len(bad))
	for i, t := range bad {
		names[i] = t.Target
	}
	return fmt.Errorf("fleet status: %d of %d targets need attention (see above): %s", len(bad), len(s.Targets), abbreviate(names, 5))
}

// Status reads every target's version table, WithParallel at a time (one
// query each, no lock), and says which targets are behind. It returns the
// status and its Err.
func (f *Fleet) Status(ctx context.Context) (*Status, error) {
	s := &Status{Targets: make([]TargetStatus, len(f.targets))}
	all := make([]int, len(f.targets))
	for i := range all {
		all[i] = i
	}
	f.each(ctx, all, func(ctx context.Context, i int) {
		s.Targets[i] = f.status(ctx, f.targets[i])
	})
	for _, t := range s.Targets {
		if t.Status != nil {
			s.Head = t.Status.Head
			break
		}
	}
	return s, s.Err()
}

// status reads one target.
func (f *Fleet) status(ctx context.Context, t Target) (ts TargetStatus) {
	ts = TargetStatus{Target: t.Name}
	defer func() {
		if p := recover(); p != nil {
			ts.Err = fmt.Errorf("target %s panicked: %v", t.Name, p)
			ts.Error = ts.Err.Error()
		}
	}()
	m, release, err := f.migrator(ctx, t, &recorder{})
	if err == nil {
		defer release()
		ts.Status, err = m.Status(ctx)
	}
	if err != nil {
		ts.Err, ts.Error = err, err.Error()
		return ts
	}
	st := ts.Status
	ts.Current, ts.Pending, ts.Modified = position(st), ids(st.Pending), st.Modified
	if !st.Newer {
		ts.Unknown = st.Unknown
	}
	if st.Dirty != nil {
		ts.Dirty = st.Dirty.Revision
	}
	if len(st.Squash) > 0 {
		ts.Squash = st.Squash[0].Error()
	}
	return ts
}
