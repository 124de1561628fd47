package migrate

// WithNewerRevisions lets this binary start against a database that a
// newer build of the application has migrated further, for the minutes of
// a rolling deploy in which old and new instances run side by side. Up is
// then a no-op and Status lists the newer revisions as Unknown; Down
// still refuses, and so does Up when a revision of this binary was
// changed after it ran (a checksum mismatch).
//
// This binary cannot know the parents of revisions it does not have, so
// "the newer revisions descend from its head" is judged from what it can
// see in the version table:
//   - every revision of this binary is applied and clean (one that
//     changed since it ran is refused as always);
//   - every unknown revision is clean (not failed, nor being applied
//     statement by statement right now);
//   - every unknown revision was applied after every revision of this
//     binary (the version table's applied_at order, ties broken by id, as
//     migragen ids start with their creation time).
//
// A database migrated by an unrelated branch, or one missing a revision of
// this binary, is still refused. A branch that was generated from an
// older head, merged into the newer build and applied last passes the
// order test although it does not descend from this head; the newer
// build's own check has already refused it if its parents were missing.
func WithNewerRevisions() Option { return func(c *config) { c.newer = true } }

// onTopOfHead reports whether st's unknown revisions may be tolerated, as
// WithNewerRevisions describes.
func (m *Migrator) onTopOfHead(st *state) bool {
	if len(st.unknown) == 0 {
		return false
	}
	seenUnknown := false
	known := 0
	for _, r := range st.records { // in applied order
		if m.graph.byID[r.ID] == nil {
			if r.Dirty {
				return false
			}
			seenUnknown = true
			continue
		}
		if seenUnknown || r.Dirty {
			return false
		}
		known++
	}
	return known == len(m.graph.order)
}
