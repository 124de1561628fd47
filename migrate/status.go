package migrate

import (
	"context"
	"time"
)

// Status is where the database stands against the binary's migrations.
type Status struct {
	// Head is the newest revision of the binary, or Base.
	Head string
	// Applied lists the applied revisions in graph order.
	Applied []Revision
	// Pending lists the revisions not applied yet, in graph order.
	Pending []Revision
	// Dirty is a revision that failed or was interrupted half-way on a
	// database without transactional DDL, or nil.
	Dirty *DirtyError
	// Unknown lists applied revisions the binary does not have: the
	// database was migrated by a newer build.
	Unknown []string
	// Newer says the Unknown revisions were applied on top of this
	// binary's head and WithNewerRevisions tolerates them, as during a
	// rolling deploy.
	Newer bool
	// Modified lists applied revisions whose steps changed since they ran.
	Modified []string
	// Held lists the pending contractions Up holds back (see UpTo), in
	// graph order; they are among Pending too.
	Held []Revision
	// Squash lists the squashed revisions (Migration.Replaces) the
	// database applied only in part: some of the revisions each replaced
	// are recorded, or one is dirty. Up, Down, Stamp and Resolve refuse
	// until a build from before the squash has finished them; the
	// squashed revision is among Pending.
	Squash []*SquashError
	// Leftover lists rows of revisions a squash replaced that remain
	// beside the row of the squashed revision: they are ignored, and the
	// next Up that applies something, Down, Stamp or Resolve removes them.
	Leftover []string
}

// Revision is one migration and, when applied, when and how long it took.
type Revision struct {
	ID      string
	Parents []string
	// DependsOn lists the revisions it depends on besides its parents
	// (Migration.DependsOn).
	DependsOn []string
	Message   string
	Applied   bool
	AppliedAt time.Time
	Duration  time.Duration
	// Forced says the revision was stamped with Force over differences
	// between the database and it: Verify lists what they still are.
	Forced bool
	// Contract says the revision is a contraction (Migration.Contract).
	Contract bool
	// RecordedAs lists, for a squashed revision (Migration.Replaces) the
	// database counts as applied through the rows of the revisions it
	// replaced, those old ids; the next Up that applies something, Down,
	// Stamp or Resolve rewrites them into the revision's own row. Nil
	// otherwise.
	RecordedAs []string
}

// Status reads the version table (one query) and compares it with the
// migrations.
func (m *Migrator) Status(ctx context.Context) (*Status, error) {
	st, err := m.read(ctx, m.db)
	if err != nil {
		return nil, err
	}
	out := &Status{Head: m.Head(), Unknown: st.unknown, Modified: st.modified, Newer: m.cfg.newer && m.onTopOfHead(st), Squash: st.squash, Leftover: st.leftover}
	if d := st.dirty; d != nil {
		out.Dirty = dirtyError(d)
	}
	for _, r := range m.revisions(st) {
		if r.Applied {
			out.Applied = append(out.Applied, r)
		} else {
			out.Pending = append(out.Pending, r)
		}
	}
	out.Held = m.heldRevisions(out.Pending, st.dirty)
	return out, nil
}

// Current returns where the database stands: the applied revisions no
// other applied revision follows (one, unless branches are applied that a
// merge has not joined yet), or Base when none is. The status command
// prints it; a fleet's summary reports it before and after a run.
func (s *Status) Current() []string { return current(s.Applied) }

// History lists every revision in graph order, with when it was applied.
func (m *Migrator) History(ctx context.Context) ([]Revision, error) {
	st, err := m.read(ctx, m.db)
	if err != nil {
		return nil, err
	}
	return m.revisions(st), nil
}

func (m *Migrator) revisions(st *state) []Revision {
	out := make([]Revision, 0, len(m.graph.order))
	for _, mig := range m.graph.order {
		r := Revision{ID: mig.ID, Parents: mig.Parents, DependsOn: mig.DependsOn, Message: mig.Message, Contract: mig.Contract}
		if rec := st.applied[mig.ID]; rec != nil && !rec.Dirty {
			r.Applied, r.AppliedAt, r.Duration = true, rec.AppliedAt, time.Duration(rec.DurationMS)*time.Millisecond
			r.Forced = rec.Forced
			r.RecordedAs = st.recordedAs(mig.ID)
		}
		out = append(out, r)
	}
	return out
}
