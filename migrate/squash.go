package migrate

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// This file is the runtime side of a squash (Migration.Replaces): a root
// revision X that builds from nothing the schema of the revisions it
// replaced, whose files are gone. A database those revisions migrated
// records them under their old ids. As long as it records the last of
// them clean (the revision squashed to, which the runtime applies only
// after all the others) and none of them dirty, X counts as applied
// through those rows, whichever of them are there: a squash of a history
// that began with an earlier squash lists that squash's revisions and its
// id too, and a database records one or the other (read folds them
// into one record of X); the first locked run that writes rewrites them
// into X's own row, in one transaction under the migration lock, and from
// then on nothing distinguishes the database from one X itself built. A
// database that applied only some of them cannot be brought forward by
// this build: the steps it still needs exist only in older builds.

// checkReplaces validates the squashed revisions of the set and indexes
// what they replaced: each replaced id is gone from the set, replaced
// once, and a squashed revision is a root.
func (g *graph) checkReplaces(migrations []Migration) error {
	g.replacedBy = map[string]string{}
	for i := range migrations {
		m := &migrations[i]
		if len(m.Replaces) == 0 {
			continue
		}
		if len(m.Parents) > 0 {
			return fmt.Errorf("revision %s replaces %s (a squash) and has parents (%s); a squashed revision is a root that builds its schema from nothing: remove its Parents, as migragen squash writes it",
				m.ID, span(m.Replaces), strings.Join(m.Parents, ", "))
		}
		for _, id := range m.Replaces {
			switch x, twice := g.replacedBy[id]; {
			case id == "" || strings.EqualFold(id, Base):
				return fmt.Errorf("revision %s replaces %q, which is not a revision id; Replaces lists the ids of the revisions the squash replaced", m.ID, id)
			case id == m.ID:
				return fmt.Errorf("revision %s lists itself in Replaces; Replaces lists the revisions the squash replaced, not the squashed revision", m.ID)
			case g.byID[id] != nil:
				return fmt.Errorf("revision %s replaces %s, but %s is still among the migrations; remove its file from the package and its entry from the index (migrations.go), as migragen squash does", m.ID, id, id)
			case twice && x == m.ID:
				return fmt.Errorf("revision %s lists %s twice in Replaces; list it once", m.ID, id)
			case twice:
				return fmt.Errorf("revision %s is replaced by both %s and %s (Replaces); a revision is squashed into one revision only: remove it from the Replaces of the one that does not build its schema", id, x, m.ID)
			}
			g.replacedBy[id] = m.ID
		}
	}
	return nil
}

// squashedAway is the error for naming a revision a squash replaced.
func squashedAway(id, into string) error {
	return fmt.Errorf("revision %s was squashed into %s; name %s or a later revision", id, into, into)
}

// span names a list of revisions briefly: all of them when few, else the
// first and the last.
func span(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%d revisions, %s … %s", len(ids), ids[0], ids[len(ids)-1])
}

// SquashError reports a database that applied only some of the revisions
// a squashed revision replaced (Migration.Replaces), or one of which it
// holds dirty. The steps it still needs exist only in the builds from
// before the squash, so Up, Down, Stamp and Resolve refuse, having
// changed nothing; Status lists it, with the squashed revision pending.
type SquashError struct {
	// Revision is the squashed revision, and Replaces the revisions it
	// replaced, in their order.
	Revision string
	Replaces []string
	// Applied are the replaced revisions the database records as
	// applied and clean; Missing the others, a dirty one included; both
	// in Replaces order.
	Applied, Missing []string
	// Dirty is the replaced revision left dirty, or nil.
	Dirty *DirtyError
}

func (e *SquashError) Error() string {
	var b strings.Builder
	last := e.Replaces[len(e.Replaces)-1]
	fmt.Fprintf(&b, "revision %s is a squash of %d revisions (%s), and this database applied %d of them", e.Revision, len(e.Replaces), span(e.Replaces), len(e.Applied))
	if len(e.Applied) > 0 {
		fmt.Fprintf(&b, " (the newest: %s; the first missing: %s)", e.Applied[len(e.Applied)-1], e.Missing[0])
	}
	if d := e.Dirty; d != nil {
		fmt.Fprintf(&b, ", and %s is dirty: %s", d.Revision, d.what())
		if d.Statement != "" {
			fmt.Fprintf(&b, "; failing statement: %s", d.Statement)
		}
		fmt.Fprintf(&b, ". This build no longer has the steps of those revisions: resolve %s with the build from before the squash (the commit before it), upgrade this database past %s with that build, then run this build", d.Revision, last)
		return b.String()
	}
	fmt.Fprintf(&b, ". This build no longer has the steps the database still needs: upgrade this database past %s with a build from before the squash (the commit before it), then run this build", last)
	return b.String()
}

// foldSquashed takes the rows of replaced revisions out of recs (the
// version table in applied order) into st, and returns the rest: with, in
// applied order, a record for each squashed revision that counts as
// applied through them (st.oldRows); with none where X has a row of its
// own (its replaced rows are leftovers, st.leftover) or where they are
// incomplete (st.squash).
func (m *Migrator) foldSquashed(st *state, recs []record) []record {
	if len(m.graph.replacedBy) == 0 {
		return recs
	}
	old := map[string]record{}
	own := map[string]bool{}
	var kept []record
	for _, r := range recs {
		if _, ok := m.graph.replacedBy[r.ID]; ok {
			old[r.ID] = r
			continue
		}
		own[r.ID] = true
		kept = append(kept, r)
	}
	if len(old) == 0 {
		return recs
	}
	for _, x := range m.graph.squashes {
		e := &SquashError{Revision: x.ID, Replaces: x.Replaces}
		_, reached := old[x.Replaces[len(x.Replaces)-1]]
		var rows []record
		for _, id := range x.Replaces {
			r, ok := old[id]
			switch {
			case !ok:
				e.Missing = append(e.Missing, id)
				continue
			case r.Dirty:
				e.Missing = append(e.Missing, id)
				if e.Dirty == nil {
					e.Dirty = dirtyError(&r)
				}
			default:
				e.Applied = append(e.Applied, id)
			}
			rows = append(rows, r)
		}
		switch {
		case len(rows) == 0:
			// Not applied: a database from after the squash, or one
			// that never got this far.
		case own[x.ID]:
			for _, r := range rows {
				st.leftover = append(st.leftover, r.ID)
			}
		case e.Dirty != nil || !reached:
			st.squash = append(st.squash, e)
		default:
			if st.oldRows == nil {
				st.oldRows = map[string][]record{}
			}
			st.oldRows[x.ID] = rows
			kept = insertApplied(kept, squashRecord(x.ID, m.sums[x.ID], rows))
		}
	}
	return kept
}

// squashRecord is the row of squashed revision id that its replaced
// revisions' rows stand for: applied when the newest of them was, for as
// long as they took together, with the catalog fingerprint recorded with
// the last of them (the schema id builds), and forced if any of them was
// stamped by force. Its checksum is id's own: the old rows' checksums
// belong to files that are gone.
func squashRecord(id, sum string, rows []record) record {
	rec := record{ID: id, Checksum: sum, Fingerprint: rows[len(rows)-1].Fingerprint}
	for _, r := range rows {
		if r.AppliedAt.After(rec.AppliedAt) {
			rec.AppliedAt = r.AppliedAt
		}
		rec.DurationMS += r.DurationMS
		rec.Forced = rec.Forced || r.Forced
	}
	return rec
}

// insertApplied inserts rec into recs, which are in the version table's
// order (applied_at, then id).
func insertApplied(recs []record, rec record) []record {
	i := 0
	for i < len(recs) && !recs[i].AppliedAt.After(rec.AppliedAt) && !(recs[i].AppliedAt.Equal(rec.AppliedAt) && recs[i].ID > rec.ID) {
		i++
	}
	return append(recs[:i:i], append([]record{rec}, recs[i:]...)...)
}

// needsRewrite says the version table holds rows under squashed-away ids
// that the next locked write rewrites.
func (st *state) needsRewrite() bool { return len(st.oldRows) > 0 || len(st.leftover) > 0 }

// squashBlocking is the first squashed revision the database applied
// only in part, as an error, or nil.
func (st *state) squashBlocking() error {
	if len(st.squash) > 0 {
		return st.squash[0]
	}
	return nil
}

// settle rewrites, through db, the rows st records under squashed-away
// ids: each squashed revision that counts as applied through them gets
// its own row, as squashRecord describes, and they go, as do leftovers
// beside a squashed revision's own row. It then reads the version table
// again, so that the caller plans from plain rows. The caller holds the
// migration lock and has read st under it, so a second process that
// waited for the lock reads the rewritten table and rewrites nothing. db
// is a transaction when inTx, and the rewrite then commits or rolls back
// with what the caller does in it; otherwise it gets a transaction of
// its own, so that the rows are rewritten whole or not at all.
func (m *Migrator) settle(ctx context.Context, db *gorm.DB, st *state, inTx bool) (*state, error) {
	if !st.needsRewrite() {
		return st, nil
	}
	rewrite := func(tx *gorm.DB) error {
		for _, x := range m.graph.squashes {
			rows := st.oldRows[x.ID]
			if rows == nil {
				continue
			}
			if err := m.versions.insert(ctx, tx, squashRecord(x.ID, m.sums[x.ID], rows)); err != nil {
				return err
			}
			if err := m.versions.deleteAll(ctx, tx, recordIDs(rows)); err != nil {
				return err
			}
		}
		return m.versions.deleteAll(ctx, tx, st.leftover)
	}
	var err error
	if inTx {
		err = rewrite(db)
	} else {
		err = transaction(ctx, db, rewrite)
	}
	if err != nil {
		return nil, fmt.Errorf("rewriting the version table's rows of squashed revisions under the revision that replaced them: %w", err)
	}
	return m.read(ctx, db)
}

func recordIDs(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// recordedAs lists the old ids the database records squashed revision id
// under until they are rewritten, or nil.
func (st *state) recordedAs(id string) []string {
	if rows := st.oldRows[id]; rows != nil {
		return recordIDs(rows)
	}
	return nil
}
