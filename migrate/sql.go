package migrate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
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
	var ups, downs []*Migration
	for _, mig := range m.graph.order {
		switch {
		case want[mig.ID] && !have[mig.ID]:
			ups = append(ups, mig)
		case have[mig.ID] && !want[mig.ID]:
			downs = append(downs, mig)
		}
	}
	if len(ups) > 0 && len(downs) > 0 {
		return "", fmt.Errorf("%s and %s are on different branches of the revision graph; write the script in two parts, through a revision both depend on", fromID, toID)
	}
	migs, dir := ups, up
	if len(ups) == 0 {
		slices.Reverse(downs)
		for _, mig := range downs {
			if step := m.irreversibleStep(mig); step != "" {
				// Often FROM and TO were given the wrong way round.
				return "", fmt.Errorf("the script from %s to %s goes down, rolling revisions back, and revision %s cannot be rolled back: "+
					"its %s has no Down. For the script that builds the schema up to %s, give the revisions the other way round (from %s to %s); "+
					"to roll back what can be, end the script at %s; or give the step a Down", from, to, mig.ID, step, from, to, from, mig.ID)
			}
		}
		migs, dir = downs, down
	}
	current, err := m.replay(have)
	if err != nil {
		return "", err
	}
	db := m.db.WithContext(ctx)
	b := dialect.NewBuilder(db)
	var out strings.Builder
	framing := scriptFraming(m.dialect.Name())
	stmt := func(s string) { out.WriteString(s + framing.end) }
	// guarded writes a statement, saying when it must run if it has a
	// guard.
	guarded := func(a action) {
		if a.guard != "" {
			fmt.Fprintf(&out, "-- only if this returns a row: %s\n", oneLine(a.guard))
		}
		stmt(a.sql)
	}
	fmt.Fprintf(&out, "-- migragen: %s from %s to %s for %s\n", dir, fromID, toID, m.dialect.Name())
	if fromID == Base && dir == up {
		stmts, err := m.versions.createSQL(db)
		if err != nil {
			return "", err
		}
		out.WriteString("\n-- the version table\n")
		for _, s := range stmts {
			stmt(s)
		}
	}
	for _, mig := range migs {
		before := current.Clone()
		cc := m.compileFor(db, mig, nil)
		acts, err := m.compile(cc, mig, current, dir)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "\n-- %s %s: %s\n", dir, mig.ID, mig.Message)
		if mig.Contract && dir == up {
			fmt.Fprintf(&out, "-- CONTRACTION: it breaks binaries built before %s; up holds it back. Run it, and what follows, only once none of them runs.\n", strings.Join(mig.Parents, ", "))
		}
		if err := m.writeChecks(&out, cc, mig, dir, before); err != nil {
			return "", err
		}
		var outside []action
		if cc.InTransaction {
			acts, outside = splitOutside(acts)
			stmt(framing.begin)
		}
		for _, a := range acts {
			if a.fn != nil {
				fmt.Fprintf(&out, "-- Go step %q runs here; it exists only in the program (use its `up`/`down` command)\n", a.name)
				continue
			}
			guarded(a)
		}
		table, id := b.Quote(m.versions.table), b.String(mig.ID)
		// The script runs later, so the time is the server's then; the
		// other columns have their defaults.
		record := fmt.Sprintf("INSERT INTO %s (id, checksum, applied_at) VALUES (%s, %s, CURRENT_TIMESTAMP)", table, id, b.String(m.sums[mig.ID]))
		forget := fmt.Sprintf("DELETE FROM %s WHERE id = %s", table, id)
		if len(outside) > 0 {
			// As the runtime does: the transaction records the revision as
			// not finished, so that a phase that fails leaves a row the
			// runtime resumes from.
			pending := onlineCause(dir, nil).Error()
			if dir == up {
				stmt(fmt.Sprintf("INSERT INTO %s (id, checksum, applied_at, dirty, error) VALUES (%s, %s, CURRENT_TIMESTAMP, %s, %s)",
					table, id, b.String(m.sums[mig.ID]), b.Literal(true), b.String(pending)))
			} else {
				stmt(fmt.Sprintf("UPDATE %s SET dirty = %s, error = %s WHERE id = %s", table, b.Literal(true), b.String(pending), id))
			}
			stmt(framing.commit)
			out.WriteString("-- the online phase: run each statement on its own, outside a transaction\n")
			for _, a := range outside {
				guarded(a)
			}
			if dir == up {
				stmt(fmt.Sprintf("UPDATE %s SET dirty = %s, error = NULL WHERE id = %s", table, b.Literal(false), id))
			} else {
				stmt(forget)
			}
			continue
		}
		if dir == up {
			stmt(record)
		} else {
			stmt(forget)
		}
		if cc.InTransaction {
			stmt(framing.commit)
		}
	}
	return out.String(), nil
}

// writeChecks writes mig's checks for dir as comments: the query each
// runs, which must return 0 before the migration's statements run.
func (m *Migrator) writeChecks(out *strings.Builder, cc *dialect.Context, mig *Migration, dir direction, before *schema.Snapshot) error {
	checks, err := m.planChecks(cc, mig, dir, before)
	if err != nil {
		return err
	}
	for _, c := range checks {
		switch {
		case c.waived:
			fmt.Fprintf(out, "-- check %s: waived (%s)\n", c.p, oneLine(c.p.WaivedBecause()))
		case c.unsupported:
			fmt.Fprintf(out, "-- check %s: %s cannot express it; verify it by hand\n", c.p, m.dialect.Name())
		default:
			fmt.Fprintf(out, "-- check %s; this must return 0 before the statements below run:\n-- %s\n", c.p, oneLine(c.q.Count))
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// framing is how a script separates statements and brackets a
// transaction. SQL Server's tools run batches separated by GO, and its
// compiled statements declare variables that must not meet in one batch.
// SQLite rebuilds tables with foreign keys off, which works only outside
// a transaction, and checks them before committing, as the runtime does.
type framing struct{ end, begin, commit string }

func scriptFraming(dialectName string) framing {
	switch dialectName {
	case "sqlserver":
		return framing{end: "\nGO\n", begin: "BEGIN TRANSACTION", commit: "COMMIT TRANSACTION"}
	case "sqlite":
		return framing{end: ";\n", begin: "PRAGMA foreign_keys = OFF;\nBEGIN", commit: "PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON"}
	}
	return framing{end: ";\n", begin: "BEGIN", commit: "COMMIT"}
}
