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
// A pending revision that is not held but depends on a held contraction
// cannot run without it; the filter then fails, naming the contraction,
// rather than skip the revision silently. It runs on every read of the
// version table, under the lock, as any plan does.
func (m *Migrator) holdContractions(target string, explicit bool) func([]*Migration) ([]*Migration, error) {
	release := m.cfg.contractions || explicit && m.graph.byID[target] != nil && m.graph.byID[target].Contract
	reported := map[string]bool{}
	return func(pending []*Migration) ([]*Migration, error) {
		if release {
			return pending, nil
		}
		var run []*Migration
		held := map[string]bool{}
		for _, mig := range pending {
			if mig.Contract {
				held[mig.ID] = true
				if !reported[mig.ID] {
					reported[mig.ID] = true
					m.emit(Event{Kind: Held, Revision: mig.ID, Message: mig.Message, Direction: up.String()})
				}
				continue
			}
			// Graph order: only a revision after a held one can depend
			// on it.
			if len(held) > 0 {
				for _, anc := range m.graph.sorted(m.graph.ancestry(mig.ID)) {
					if held[anc.ID] {
						return nil, &HeldError{Revision: mig.ID, Contraction: anc.ID, Expansion: strings.Join(anc.Parents, ", ")}
					}
				}
			}
			run = append(run, mig)
		}
		return run, nil
	}
}

// HeldError is what Up returns when a pending revision depends on a
// contraction it holds back: applying the revision needs the contraction
// applied first, which only the caller can decide. Nothing more was
// applied.
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
		"once none of them runs, apply it with UpTo(ctx, %q), the WithContractions option or `up -contract`, then run up again; nothing more was applied",
		e.Revision, e.Contraction, before, e.Contraction)
}

// withContractions returns a copy of m that applies contractions, for the
// command helper's up -contract.
func (m *Migrator) withContractions() *Migrator {
	c := *m
	c.cfg.contractions = true
	return &c
}

// heldRevisions lists the pending revisions Up holds back.
func (m *Migrator) heldRevisions(pending []Revision) []Revision {
	if m.cfg.contractions {
		return nil
	}
	var out []Revision
	for _, r := range pending {
		if r.Contract {
			out = append(out, r)
		}
	}
	return out
}
