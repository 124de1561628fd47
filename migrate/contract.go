package migrate

import (
	"fmt"
	"strings"
)

// This file holds back contractions (Migration.Contract): the second half
// of an expand/contract pair, which breaks binaries built before its
// expansion. Up applies the expansion at the deploy; the contraction waits
// until someone says every older binary is gone, by naming it (UpTo) or
// with WithContractions.

// holdContractions returns the filter UpTo plans through: it takes the
// pending revisions (graph order) out of which the run picks the next one,
// and removes the contractions it holds back, reporting each once as a
// Held event. Nothing is held when the caller named a contraction as the
// target (explicit: rev was not "head") or set WithContractions: naming a
// contraction says that every binary older than its expansion is gone,
// and so also those older than any contraction before it.
//
// A pending revision that depends on a held contraction cannot run
// without it. A merge revision that changes nothing is held along with
// it; any other such revision is left for last: once everything else has
// run, the filter fails, naming the contraction, rather than skip the
// revision silently. It runs on every read of the version table, under
// the lock, as any plan does.
func (m *Migrator) holdContractions(target string, explicit bool) func([]*Migration) ([]*Migration, error) {
	release := m.cfg.contractions || explicit && m.graph.byID[target] != nil && m.graph.byID[target].Contract
	reported := map[string]bool{}
	return func(pending []*Migration) ([]*Migration, error) {
		if release {
			return pending, nil
		}
		var run []*Migration
		var blocked *HeldError
		held := map[string]*Migration{} // held revision -> the contraction it waits for
		hold := func(mig, contraction *Migration) {
			held[mig.ID] = contraction
			if !reported[mig.ID] {
				reported[mig.ID] = true
				m.emit(Event{Kind: Held, Revision: mig.ID, Message: mig.Message, Direction: up.String()})
			}
		}
		for _, mig := range pending {
			// Graph order: only a revision after a held one can depend
			// on it.
			var waitsFor *Migration
			for _, p := range requires(mig) {
				if c := held[p]; c != nil && waitsFor == nil {
					waitsFor = c
				}
			}
			switch {
			case mig.Contract:
				hold(mig, mig)
			case waitsFor != nil && len(mig.Parents) > 1 && changesNothing(mig):
				hold(mig, waitsFor)
			case waitsFor != nil:
				held[mig.ID] = waitsFor
				if blocked == nil {
					blocked = &HeldError{Revision: mig.ID, Contraction: waitsFor.ID, Expansion: strings.Join(waitsFor.Parents, ", ")}
				}
			default:
				run = append(run, mig)
			}
		}
		if len(run) == 0 && blocked != nil {
			return nil, blocked
		}
		return run, nil
	}
}

// HeldError is what Up returns when a pending revision depends on a
// contraction it holds back: applying the revision needs the contraction
// applied first, which only the caller can decide. Nothing more was
// applied; the revisions that do not depend on it were.
type HeldError struct {
	// Revision is the pending revision, Contraction the held one it
	// depends on, and Expansion the contraction's parent.
	Revision, Contraction, Expansion string
}

func (e *HeldError) Error() string {
	before := e.Expansion
	if before == "" {
		before = "it"
	}
	return fmt.Sprintf("revision %s cannot be applied: it depends on the contraction %s, which up holds back because it breaks binaries built before %s; "+
		"once none of them runs, apply it with UpTo(ctx, %q), the WithContractions option or `up -contract`, then run up again; the revisions that do not depend on it were applied",
		e.Revision, e.Contraction, before, e.Contraction)
}

// changesNothing reports whether mig has no step that does anything, as a
// merge revision of two branches has.
func changesNothing(mig *Migration) bool {
	for _, s := range mig.Up {
		if sc, ok := s.(Schema); !ok || len(sc.Changes) > 0 {
			return false
		}
	}
	return true
}

// withContractions returns a copy of m that applies contractions, for the
// command helper's up -contract.
func (m *Migrator) withContractions() *Migrator {
	c := *m
	c.cfg.contractions = true
	return &c
}

// heldRevisions lists the pending revisions Up holds back: not a dirty
// one, which the next up finishes or which waits to be resolved.
func (m *Migrator) heldRevisions(pending []Revision, dirty *record) []Revision {
	if m.cfg.contractions {
		return nil
	}
	var out []Revision
	for _, r := range pending {
		if r.Contract && (dirty == nil || dirty.ID != r.ID) {
			out = append(out, r)
		}
	}
	return out
}
