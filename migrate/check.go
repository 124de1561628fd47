package migrate

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// checks returns the preconditions of mig's Checks steps for direction
// dir: those of Up when applying, of Down when rolling back.
func (mig *Migration) checks(dir direction) []schema.Precondition {
	steps := mig.Up
	if dir == down {
		steps = mig.Down
	}
	var out []schema.Precondition
	for _, s := range steps {
		if c, ok := s.(Checks); ok {
			out = append(out, c...)
		}
	}
	return out
}

// sampleSize is how many offending rows a refusal names.
const sampleSize = 5

// plannedCheck is one check of a migration as the connected dialect runs
// it: its query, or why it does not run.
type plannedCheck struct {
	p      schema.Precondition
	q      dialect.CheckQuery
	waived bool
	// unsupported says the dialect cannot verify checks at all.
	unsupported bool
}

// planChecks compiles mig's checks for dir against before, the schema
// before mig. cc carries the database and session.
func (m *Migrator) planChecks(cc *dialect.Context, mig *Migration, dir direction, before *schema.Snapshot) ([]plannedCheck, error) {
	checks := mig.checks(dir)
	if len(checks) == 0 {
		return nil, nil
	}
	checker, _ := m.dialect.(dialect.Checker)
	qc := *cc
	qc.Before = before
	out := make([]plannedCheck, len(checks))
	for i, p := range checks {
		out[i].p = p
		switch {
		case p.WaivedBecause() != "":
			out[i].waived = true
		case checker == nil:
			out[i].unsupported = true
		default:
			q, err := checker.CheckQuery(&qc, p)
			if err != nil {
				return nil, fmt.Errorf("revision %s: check %q: %w; nothing was changed. %s", mig.ID, p, err, waiveAdvice)
			}
			out[i].q = q
		}
	}
	return out, nil
}

// waiveAdvice says how to skip a check that cannot run.
const waiveAdvice = "Verify the rows yourself, then waive the check with Waived: \"<why>\" in the migration file and run migragen hash"

// verify runs the checks of mig for dir on db and refuses with a
// *CheckError at the first that fails. Nothing of the migration has run
// yet; checks only read.
func (m *Migrator) verify(ctx context.Context, db *gorm.DB, cc *dialect.Context, mig *Migration, dir direction, before *schema.Snapshot) error {
	checks, err := m.planChecks(cc, mig, dir, before)
	if err != nil {
		return err
	}
	for _, c := range checks {
		switch {
		case c.waived:
			continue
		case c.unsupported:
			return fmt.Errorf("revision %s: the %s dialect cannot verify the check %q (it does not implement dialect.Checker); nothing was changed. %s", mig.ID, m.dialect.Name(), c.p, waiveAdvice)
		}
		if c.q.Lock != "" && cc.InTransaction {
			if err := db.WithContext(ctx).Exec(c.q.Lock).Error; err != nil {
				return fmt.Errorf("revision %s: locking for the check %q: %w; nothing was changed", mig.ID, c.p, err)
			}
		}
		var n int64
		if err := db.WithContext(ctx).Raw(c.q.Count).Row().Scan(&n); err != nil {
			return fmt.Errorf("revision %s: running the check %q: %w; nothing was changed", mig.ID, c.p, err)
		}
		if n == 0 {
			continue
		}
		e := &CheckError{Revision: mig.ID, Direction: dir.String(), Check: c.p, Count: n}
		if e.Samples, err = sample(ctx, db, c.q.Sample); err != nil {
			return fmt.Errorf("revision %s: the check %q found %d offending rows, and listing some failed: %w; nothing was changed", mig.ID, c.p, n, err)
		}
		return e
	}
	return nil
}

func sample(ctx context.Context, db *gorm.DB, query string) ([]string, error) {
	rows, err := db.WithContext(ctx).Raw(query).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() && len(out) < sampleSize {
		var s *string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s == nil {
			out = append(out, "NULL")
		} else {
			out = append(out, *s)
		}
	}
	return out, rows.Err()
}

// CheckError is a migration refused by one of its checks, before any of
// its statements ran: the rows in the database do not allow the change.
type CheckError struct {
	Revision  string
	Direction string // "up" or "down"
	Check     schema.Precondition
	// Count is how many rows break the check; for schema.NoDuplicates,
	// how many key values occur more than once.
	Count int64
	// Samples describe a few of them: their keys, or the duplicated values.
	Samples []string
}

func (e *CheckError) Error() string {
	verb := "applying"
	if e.Direction == down.String() {
		verb = "rolling back"
	}
	what := "rows break it"
	if _, ok := e.Check.(schema.NoDuplicates); ok {
		what = "values occur more than once"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "revision %s: %s it was refused by its check %q: %d %s", e.Revision, verb, e.Check, e.Count, what)
	if len(e.Samples) > 0 {
		fmt.Fprintf(&b, " (%s", strings.Join(e.Samples, ", "))
		if int64(len(e.Samples)) < e.Count {
			b.WriteString(", ...")
		}
		b.WriteString(")")
	}
	b.WriteString(". Nothing was changed. Fix those rows (by hand, or in a data step of an earlier revision: checks run before any step of this one) and run again; or, if losing or rejecting them is intended, waive the check in the migration file with Waived: \"<why>\" and run migragen hash")
	return b.String()
}
