package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// StampOption changes what Stamp does.
type StampOption func(*stampConfig)

type stampConfig struct {
	force bool
	// skip are tables verification leaves out besides the version table:
	// Import's other tool's version table.
	skip []string
	// pick, when set, chooses the revision to stamp under the lock, from
	// the version table's state and whatever else the transaction reads
	// (Import: the other tool's table), or refuses; it replaces rev.
	pick func(tx *gorm.DB, st *state) (string, error)
}

// Force makes Stamp record the revision even though the database differs
// from it. The rows it writes are marked forced, which Status and History
// show, and the differences come back in StampResult.Drift.
func Force() StampOption { return func(c *stampConfig) { c.force = true } }

// StampResult is what a stamp found and did.
type StampResult struct {
	// Revision is the stamped revision's full id, or Base.
	Revision string
	// Recorded lists the revisions written to the version table, in graph
	// order; revisions already recorded clean and current are kept as
	// they are.
	Recorded []string
	// Forced says the database differed from Revision, or could not be
	// compared with it, and Force recorded it anyway.
	Forced bool
	// Unverified says the dialect cannot read its catalog (no
	// dialect.Inspector), so nothing was compared.
	Unverified bool
	// Drift is what verification found: the differences Force overrode,
	// and notes. Nil when stamping Base, which verifies nothing.
	Drift *Drift
	// NotRun lists the data and SQL steps of the recorded revisions that
	// did not run: the database has their schema, but whatever else they
	// do (a backfill, an extension) is for the team to judge and run.
	NotRun []NotRunStep
}

// NotRunStep is a Go or SQL step of a stamped revision that Stamp did not
// run. SQL steps for another dialect are not listed: Up skips them too.
type NotRunStep struct {
	Revision string
	// Step is the step's position in the revision's Up, from 1.
	Step int
	// Go is a migrate.Go step's name; "" for a SQL step.
	Go string
	// SQL is a migrate.SQL step's Up, and Dialect its dialect ("" for
	// every dialect).
	SQL, Dialect string
}

func (s NotRunStep) String() string {
	if s.SQL == "" {
		return fmt.Sprintf("%s: Up step %d (migrate.Go %q)", s.Revision, s.Step, s.Go)
	}
	on := "every dialect"
	if s.Dialect != "" {
		on = s.Dialect + " only"
	}
	return fmt.Sprintf("%s: Up step %d (migrate.SQL, %s): %s", s.Revision, s.Step, on, strings.TrimSpace(s.SQL))
}

// StampDriftError is Stamp's refusal: the live database differs from the
// revision being stamped, so recording it would make later revisions run
// against a schema they were not written for. Nothing was recorded.
type StampDriftError struct {
	Revision    string
	Differences []string
}

func (e *StampDriftError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stamp %s refused: the database differs from that revision in %d way(s):\n", e.Revision, len(e.Differences))
	for _, d := range e.Differences {
		b.WriteString("  " + d + "\n")
	}
	b.WriteString("make the database match (or stamp an earlier revision that it does match), then stamp again; to record it regardless, stamp with -force (migrate.Force()), which marks the revision forced")
	return b.String()
}

// Stamp records rev and everything it depends on as applied, and nothing
// else, without running any migration: for adopting a database whose
// schema already matches rev (one AutoMigrate built, say). It first
// verifies the live database against rev, under the migration lock, and
// refuses with a *StampDriftError listing the differences unless Force is
// given. Stamp(ctx, Base) empties the version table and verifies nothing.
// StampWithResult also says which data and SQL steps did not run.
func (m *Migrator) Stamp(ctx context.Context, rev string, opts ...StampOption) error {
	_, err := m.StampWithResult(ctx, rev, opts...)
	return err
}

// StampWithResult is Stamp, returning what it found and did.
func (m *Migrator) StampWithResult(ctx context.Context, rev string, opts ...StampOption) (*StampResult, error) {
	var cfg stampConfig
	for _, o := range opts {
		o(&cfg)
	}
	var target string
	var want map[string]bool
	var err error
	if cfg.pick == nil {
		if target, err = m.graph.resolve(rev); err != nil {
			return nil, err
		}
		want = m.graph.ancestry(target)
	}
	res := &StampResult{Revision: target}
	err = m.locked(ctx, func(conn *gorm.DB) error {
		if err := m.ensureTable(ctx, conn); err != nil {
			return err
		}
		return m.inLockedTx(ctx, conn, func(tx *gorm.DB, st *state) error {
			*res = StampResult{Revision: res.Revision} // a retry starts afresh
			if err := st.squashBlocking(); err != nil {
				return err
			}
			st, err := m.settle(ctx, tx, st, true)
			if err != nil {
				return err
			}
			if len(st.unknown) > 0 {
				return fmt.Errorf("the database has revisions this program does not know: %s; stamp with the build that has them", strings.Join(st.unknown, ", "))
			}
			if cfg.pick != nil {
				if res.Revision, err = cfg.pick(tx, st); err != nil {
					return err
				}
				want = m.graph.ancestry(res.Revision)
			}
			if len(want) > 0 {
				drift, err := m.verifyAgainst(ctx, tx, want, cfg.skip...)
				if errors.Is(err, ErrCannotVerify) && cfg.force {
					// Nothing to compare with: forced and unverified.
					res.Forced, res.Unverified = true, true
					return m.record(ctx, tx, st, want, res)
				}
				if err != nil {
					return fmt.Errorf("stamp %s: verifying the database: %w (Force() records it unverified)", res.Revision, err)
				}
				if !drift.Clean() && !cfg.force {
					return &StampDriftError{Revision: res.Revision, Differences: drift.Differences}
				}
				res.Drift, res.Forced = drift, !drift.Clean()
			}
			return m.record(ctx, tx, st, want, res)
		})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// record makes the version table hold exactly the revisions in want: it
// keeps the rows of wanted revisions that are clean and current, and
// records the rest afresh, adding their data steps to res.NotRun.
func (m *Migrator) record(ctx context.Context, tx *gorm.DB, st *state, want map[string]bool, res *StampResult) error {
	kept := map[string]bool{}
	for _, r := range st.records {
		if want[r.ID] && !r.Dirty && m.sumMatches(r.ID, r.Checksum) {
			kept[r.ID] = true
		} else if err := m.versions.delete(ctx, tx, r.ID); err != nil {
			return err
		}
	}
	now := time.Now()
	fp, err := m.stampFingerprint(ctx, tx, want, res.Unverified)
	if err != nil {
		return err
	}
	for id := range kept {
		// A stamp over kept rows renews their fingerprint too: after a fix
		// by hand or an engine upgrade, stamping again is how the drift
		// check accepts the catalog as it now is. A forced one marks the
		// stamped revision, kept or not; earlier revisions were recorded
		// as they were.
		if fp != "" {
			if err := m.versions.setFingerprint(ctx, tx, id, fp); err != nil {
				return err
			}
		}
		if res.Forced && id == res.Revision {
			if err := m.versions.setForced(ctx, tx, id); err != nil {
				return err
			}
		}
	}
	for _, mig := range m.graph.sorted(want) {
		if kept[mig.ID] {
			continue
		}
		if err := m.versions.insert(ctx, tx, record{ID: mig.ID, Checksum: m.sums[mig.ID], AppliedAt: now, Forced: res.Forced, Fingerprint: fp}); err != nil {
			return err
		}
		res.Recorded = append(res.Recorded, mig.ID)
		res.NotRun = append(res.NotRun, m.dataSteps(mig)...)
	}
	return nil
}

// stampFingerprint is, with WithDriftCheck, the fingerprint of the catalog
// the stamped revisions describe, so that the next Up checks the adopted
// database from its first start; "" without the option, for Base, or when
// the catalog cannot be read.
func (m *Migrator) stampFingerprint(ctx context.Context, tx *gorm.DB, want map[string]bool, unverified bool) (string, error) {
	if !m.cfg.driftCheck || unverified || len(want) == 0 {
		return "", nil
	}
	s, err := m.replay(want)
	if err != nil {
		return "", err
	}
	return m.fingerprint(ctx, tx, s)
}

// dataSteps lists mig's Go steps, and its SQL steps that run on this
// dialect.
func (m *Migrator) dataSteps(mig *Migration) []NotRunStep {
	var out []NotRunStep
	for i, s := range mig.Up {
		switch s := s.(type) {
		case Go:
			out = append(out, NotRunStep{Revision: mig.ID, Step: i + 1, Go: s.Name})
		case SQL:
			if m.runsHere(s) {
				out = append(out, NotRunStep{Revision: mig.ID, Step: i + 1, SQL: s.Up, Dialect: s.Dialect})
			}
		}
	}
	return out
}
