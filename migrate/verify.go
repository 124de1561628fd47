package migrate

import (
	"context"
	"errors"

	"gorm.io/gorm"
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
// in applied describe.
func (m *Migrator) verifyAgainst(ctx context.Context, db *gorm.DB, applied map[string]bool) (*Drift, error) {
	return nil, errors.New("migrate: Verify is not implemented yet")
}
