package migrate

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// Drift is what a verification found: the ways the live database differs
// from the schema the applied revisions describe, one line each.
type Drift struct {
	// Revision is the newest applied revision the database was compared
	// with, or Base.
	Revision string
	// Differences are real differences: a missing or extra table, column,
	// index or constraint, a column's type, nullability or default, an
	// index's columns, order or uniqueness, a foreign key's columns,
	// target or actions.
	Differences []string
	// Notes are differences that do not matter, such as a name GORM
	// itself chooses nondeterministically.
	Notes []string
}

// Clean reports whether the database matches.
func (d *Drift) Clean() bool { return d == nil || len(d.Differences) == 0 }

// ErrCannotVerify is the error of Verify on a dialect that cannot read
// its catalog. A forced Stamp records the revisions there as forced and
// unverified.
var ErrCannotVerify = errors.New("migrate: this database's catalog cannot be read")

// Verify introspects the live database and compares it with the schema
// the applied revisions describe, compiled for the connected dialect. The
// version table is not compared.
func (m *Migrator) Verify(ctx context.Context) (*Drift, error) {
	st, err := m.read(ctx, m.db)
	if err != nil {
		return nil, err
	}
	return m.verifyAgainst(ctx, m.db, st.appliedSet())
}

// verifyAgainst compares db's live schema with the schema the revisions
// in applied describe, leaving out the tables in skip.
func (m *Migrator) verifyAgainst(ctx context.Context, db *gorm.DB, applied map[string]bool, skip ...string) (*Drift, error) {
	in, ok := m.dialect.(dialect.Inspector)
	if !ok {
		return nil, fmt.Errorf("%w: the %s dialect has no dialect.Inspector (postgres, mysql, sqlite and sqlserver have)", ErrCannotVerify, m.dialect.Name())
	}
	want, err := m.replay(applied)
	if err != nil {
		return nil, err
	}
	drift := &Drift{Revision: Base}
	if sorted := m.graph.sorted(applied); len(sorted) > 0 {
		drift.Revision = sorted[len(sorted)-1].ID
	}
	expected, err := dialect.Expect(dialect.NewBuilder(db), want)
	if err != nil {
		return nil, fmt.Errorf("migrate: verify: %w", err)
	}
	got, err := in.Inspect(ctx, db, slices.Collect(maps.Keys(expected)))
	if err != nil {
		return nil, fmt.Errorf("migrate: verify: inspecting the %s database: %w", m.dialect.Name(), err)
	}
	// The version table is the runtime's, not the migrations'. Every
	// other table is compared: one the migrations do not own is reported
	// as extra, since the models may have lost it.
	delete(got, m.versions.table)
	delete(got, m.cfg.table)
	for _, t := range skip {
		delete(got, t)
	}
	drift.Differences, drift.Notes = dialect.Compare(expected, got, in.Canon())
	return drift, nil
}
