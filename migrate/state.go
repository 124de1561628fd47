package migrate

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"gorm.io/gorm"
)

// state is what the version table says, checked against the binary's
// migrations.
type state struct {
	tableExists bool
	records     []record
	applied     map[string]*record // by id, dirty rows included
	dirty       *record
	unknown     []string // applied ids the binary does not have
	modified    []string // applied ids whose checksum differs
	// newer says the unknown revisions are tolerated: a newer build
	// applied them on top of this binary's head (WithNewerRevisions).
	newer bool
	// oldRows are, by squashed revision (Migration.Replaces), the rows of
	// the revisions it replaced, through which it counts as applied until
	// settle rewrites them; records holds a record of it in their stead.
	// leftover are rows of replaced revisions beside the squashed
	// revision's own row, ignored until settle removes them. squash are
	// the squashed revisions the database applied only in part. See
	// foldSquashed.
	oldRows  map[string][]record
	leftover []string
	squash   []*SquashError
}

func (m *Migrator) read(ctx context.Context, db *gorm.DB) (*state, error) {
	recs, exists, err := m.versions.read(ctx, db)
	if err != nil {
		return nil, err
	}
	st := &state{tableExists: exists, applied: map[string]*record{}}
	recs = m.foldSquashed(st, recs)
	st.records = recs
	for i := range recs {
		r := &recs[i]
		st.applied[r.ID] = r
		switch {
		case m.graph.byID[r.ID] == nil:
			st.unknown = append(st.unknown, r.ID)
		case r.Dirty:
			st.dirty = r
		case !m.sumMatches(r.ID, r.Checksum):
			st.modified = append(st.modified, r.ID)
		}
	}
	st.newer = m.cfg.newer && m.onTopOfHead(st)
	return st, nil
}

// blocking returns the error that stops Up and Down: a squashed revision
// the database applied only in part (SquashError), a dirty revision, a
// revision the binary does not know (unless WithNewerRevisions tolerates
// it for Up), or an applied migration that changed.
func (st *state) blocking(dir direction) error {
	if err := st.squashBlocking(); err != nil {
		return err
	}
	if d := st.dirty; d != nil && !resumable(d, dir) {
		return dirtyError(d)
	}
	if len(st.unknown) > 0 && st.newer && dir == down {
		return fmt.Errorf("the database has revisions a newer build applied on top of this program's head: %s; this program cannot roll anything back under them — roll back with that build", strings.Join(st.unknown, ", "))
	}
	if len(st.unknown) > 0 && !st.newer {
		return fmt.Errorf("the database has revisions this program does not know: %s; it was migrated by a newer build — deploy that build, or roll those revisions back with it", strings.Join(st.unknown, ", "))
	}
	if len(st.modified) > 0 {
		return fmt.Errorf("applied revision %s was changed after it ran (its checksum differs from the one recorded); migrations are frozen once applied — restore the file from version control and put the change in a new migration (migragen generate)", strings.Join(st.modified, ", "))
	}
	return nil
}

// asApplied returns a copy of st in which revision id, dirty in st,
// counts as applied.
func (st *state) asApplied(id string) *state {
	c := *st
	c.applied = maps.Clone(st.applied)
	rec := *st.applied[id]
	rec.Dirty = false
	c.applied[id], c.dirty = &rec, nil
	return &c
}

func (st *state) appliedSet() map[string]bool {
	out := map[string]bool{}
	for id, r := range st.applied {
		if !r.Dirty {
			out[id] = true
		}
	}
	return out
}

// rollingBack marks, at the start of the error column, a dirty row left by
// a rollback rather than an apply.
const rollingBack = "rolling back"

func dirtyError(r *record) *DirtyError {
	return &DirtyError{Revision: r.ID, Statement: r.FailedStatement, Cause: r.Error, RollingBack: strings.HasPrefix(r.Error, rollingBack), Online: isOnline(r), Executed: r.Executed}
}

// DirtyError reports a migration that failed or was interrupted half-way
// where DDL is not transactional. The runtime refuses to go on until it is
// resolved (Migrator.Resolve, or the resolve command).
type DirtyError struct {
	Revision  string
	Statement string
	Cause     string
	// RollingBack says the revision was being rolled back, not applied.
	RollingBack bool
	// Online says the revision's transaction committed and its online
	// phase (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT: statements
	// that can run again) failed or was interrupted; the next Up (Down,
	// when rolling back) runs that phase again.
	Online bool
	// Executed lists what ran before the failure, in order: each
	// statement, or "Go step ..." for a data step. Undo these to resolve
	// the revision as pending, or run the rest to resolve it as applied.
	Executed []string
}

func (e *DirtyError) Error() string {
	var b strings.Builder
	if e.Online {
		fmt.Fprintf(&b, "revision %s is not finished: %s", e.Revision, e.what())
		if e.Statement != "" {
			fmt.Fprintf(&b, "; failing statement: %s", e.Statement)
		}
		if e.Cause != "" {
			fmt.Fprintf(&b, "; error: %s", e.Cause)
		}
		fmt.Fprintf(&b, ". %s", e.advice(""))
		return b.String()
	}
	fmt.Fprintf(&b, "revision %s is dirty: %s", e.Revision, e.what())
	if e.Statement != "" {
		fmt.Fprintf(&b, "; failing statement: %s", e.Statement)
	}
	if e.Cause != "" {
		fmt.Fprintf(&b, "; error: %s", e.Cause)
	}
	b.WriteString(e.executedText())
	fmt.Fprintf(&b, ". Check the schema by hand, then %s (Migrator.Resolve)", e.advice(""))
	return b.String()
}

// executedText lists what had run before the failure, for Error and the
// status command.
func (e *DirtyError) executedText() string {
	if len(e.Executed) == 0 {
		return "; no statement of it had completed"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "; executed before the failure (%d):", len(e.Executed))
	for i, s := range e.Executed {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, s)
	}
	return b.String()
}

// what says what failed, for Error and the status command.
func (e *DirtyError) what() string {
	if e.Online {
		what := "its transaction committed, and its online phase (statements that run after the commit, such as CREATE INDEX CONCURRENTLY or VALIDATE CONSTRAINT) failed or was interrupted"
		if e.RollingBack {
			what = "rolling it back: " + what
		}
		return what
	}
	what := "applying it"
	if e.RollingBack {
		what = "rolling it back"
	}
	return what + " failed or was interrupted half-way, and this database cannot roll DDL back"
}

// advice says how to resolve it, with the command's prefix ("" for the
// bare subcommand).
func (e *DirtyError) advice(prefix string) string {
	if e.Online {
		verb := "up"
		if e.RollingBack {
			verb = "down"
		}
		return fmt.Sprintf("Fix the cause (a lock held too long, or rows the new index or constraint refuses), then run `%s%s` again: it runs the whole online phase again, whose statements are idempotent, and nothing else runs until it has", prefix, verb)
	}
	if e.RollingBack {
		return fmt.Sprintf("either finish the rollback and run `%[1]sresolve %[2]s pending`, or redo what it undid and run `%[1]sresolve %[2]s applied`", prefix, e.Revision)
	}
	return fmt.Sprintf("either finish the migration and run `%[1]sresolve %[2]s applied`, or undo its partial changes and run `%[1]sresolve %[2]s pending`", prefix, e.Revision)
}
