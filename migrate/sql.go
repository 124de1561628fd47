package migrate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// SQL returns the script that takes a database from revision from to
// revision to (either may be Base; to may be "head"), compiled for the
// connected dialect, with the version-table statements. It runs nothing
// and reads nothing from the database, for review or for a DBA to run.
// Go data steps cannot be written as SQL; the script marks where they
// would run.
func (m *Migrator) SQL(ctx context.Context, from, to string) (string, error) {
	fromID, err := m.graph.resolve(from)
	if err != nil {
		return "", err
	}
	toID, err := m.graph.resolve(to)
	if err != nil {
		return "", err
	}
	have, want := m.graph.ancestry(fromID), m.graph.ancestry(toID)
	var migs []*Migration
	dir := up
	for _, mig := range m.graph.order {
		if want[mig.ID] && !have[mig.ID] {
			migs = append(migs, mig)
		}
	}
	if len(migs) == 0 {
		dir = down
		for _, mig := range m.graph.order {
			if have[mig.ID] && !want[mig.ID] {
				migs = append(migs, mig)
			}
		}
		for _, mig := range migs {
			if err := m.reversible(mig); err != nil {
				return "", err
			}
		}
		for i, j := 0, len(migs)-1; i < j; i, j = i+1, j-1 {
			migs[i], migs[j] = migs[j], migs[i]
		}
	}
	current, err := m.replay(have)
	if err != nil {
		return "", err
	}
	db := m.db.WithContext(ctx)
	b := dialect.NewBuilder(db)
	var out strings.Builder
	fmt.Fprintf(&out, "-- migragen: %s from %s to %s for %s\n", dir, fromID, toID, m.dialect.Name())
	if fromID == Base && dir == up {
		stmts, err := m.versions.createSQL(db)
		if err != nil {
			return "", err
		}
		out.WriteString("\n-- the version table\n")
		for _, s := range stmts {
			out.WriteString(s + ";\n")
		}
	}
	for _, mig := range migs {
		acts, err := m.plan(db, mig, current, dir)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "\n-- %s %s: %s\n", dir, mig.ID, mig.Message)
		if m.dialect.TransactionalDDL() && !mig.NoTransaction {
			out.WriteString("BEGIN;\n")
		}
		for _, a := range acts {
			if a.fn != nil {
				fmt.Fprintf(&out, "-- Go step %q runs here; it exists only in the program (use its `up`/`down` command)\n", a.name)
				continue
			}
			out.WriteString(a.sql + ";\n")
		}
		if dir == up {
			q, args := m.versions.insertSQL(db, record{ID: mig.ID, Checksum: m.sums[mig.ID], AppliedAt: time.Now()})
			out.WriteString(db.Dialector.Explain(bindVars(b, q), args...) + ";\n")
		} else {
			out.WriteString(db.Dialector.Explain(bindVars(b, m.versions.deleteSQL(db)), mig.ID) + ";\n")
		}
		if m.dialect.TransactionalDDL() && !mig.NoTransaction {
			out.WriteString("COMMIT;\n")
		}
	}
	return out.String(), nil
}

// bindVars rewrites ? placeholders into the dialect's own ($1 on
// PostgreSQL, @p1 on SQL Server), which its Explain expects.
func bindVars(b dialect.Builder, q string) string {
	db := b.DB()
	var out strings.Builder
	n := 0
	for _, r := range q {
		if r != '?' {
			out.WriteRune(r)
			continue
		}
		stmt := &gorm.Statement{DB: db, Vars: make([]any, n+1)}
		var w strings.Builder
		db.Dialector.BindVarTo(&w, stmt, nil)
		out.WriteString(w.String())
		n++
	}
	return out.String()
}
