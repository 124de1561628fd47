package migrate

import (
	"context"

	"gorm.io/gorm"

	"github.com/migragen/migragen/schema"
)

// Migration is one revision of a migrations package, as a generated file
// declares it. Files are written once and then belong to the user, who may
// add data steps; the generator reads them back without compiling them.
type Migration struct {
	// ID sorts by creation time: "20261127085000_add_orders".
	ID string
	// Parents are the revisions this one follows: none for the first, two
	// for a merge.
	Parents []string
	// DependsOn are revisions that are not parents but must be applied
	// before this one, as Alembic's depends_on: a data step on one branch
	// that needs a table another branch adds, say. UpTo applies them (and
	// what they follow) first; rolling one back rolls this revision back
	// first. They do not make a branch: heads come from Parents alone, and
	// branches still need a merge. Part of the checksum when set.
	DependsOn []string
	// Message is the -m text the revision was generated with.
	Message string
	// Up runs in order to apply the revision: the generated Schema step and
	// any data steps (Go, SQL) the author added, each with its own Down.
	Up []Step
	// Down holds the inverse of each Schema step of Up, last first, as the
	// generator wrote them so that a reviewer sees them; the runtime never
	// invents one. Rolling back walks Up backwards: a Schema step is undone
	// by its Down counterpart, a data step by its own Down.
	Down []Step
	// NoTransaction runs the revision outside a transaction, statement by
	// statement, for statements such as CREATE INDEX CONCURRENTLY. A
	// failure then leaves a dirty state, as on MySQL.
	NoTransaction bool
	// Contract marks a contraction: the half of an expand/contract change
	// that breaks binaries built before the revision it follows (drops,
	// the removal side of a rename, NOT NULL on a column old binaries do
	// not write). Up holds it back until asked (UpTo it, or
	// WithContractions), once no older binary runs. Not part of the
	// checksum.
	Contract bool
	// Replaces lists the revisions a squash (migragen squash) replaced
	// with this one, which then has no parents: its Up builds from nothing
	// the schema they built, in graph order, the revision squashed to
	// last (with an earlier squash's replaced ids and its id, when the
	// history began with one). A database whose version table records that
	// last one, and none of them dirty, counts this revision as applied,
	// and the first locked run that writes (an Up that applies something,
	// Down, Stamp, Resolve) rewrites those rows into this revision's; a
	// database that stopped before it is refused, since the steps it still
	// needs are gone. Not part of the checksum.
	Replaces []string
	// Sum is the checksum (Checksum) generate computed for the revision as
	// it wrote it. New takes it instead of computing the checksum, which
	// keeps a start-up with nothing pending cheap; before the runtime
	// applies or rolls back the revision it computes the checksum and
	// refuses one that differs from Sum (the file was edited without
	// migragen hash, which removes Sum from an edited file). Empty, New
	// computes it.
	Sum string
	// Settings are the GORM settings the models were read with, stamped by
	// the generated index (StampSettings); New refuses a database whose
	// naming strategy or foreign-key setting contradicts them. Not part of
	// the checksum.
	Settings *schema.Settings
}

// StampSettings stamps settings on each migration; the generated index's
// All calls it.
func StampSettings(settings schema.Settings, migrations []Migration) []Migration {
	for i := range migrations {
		s := settings
		migrations[i].Settings = &s
	}
	return migrations
}

// Step is one part of a migration's Up or Down: Schema, Go or SQL.
type Step interface{ step() }

// Schema is a step of typed schema changes, compiled for the connected
// dialect when it runs.
type Schema struct {
	Changes []schema.Change
}

// Go is a hand-written data step. Up runs inside the migration's
// transaction (tx is that transaction, or the pinned connection where the
// migration has none). Down undoes it on rollback; without a Down the
// revision is irreversible and rolling it back is refused before anything
// runs. Name identifies the step in progress output and in the checksum:
// changing a Go function's body is not seen by the checksum (the sum file
// of the migrations directory catches edited files), renaming it is.
type Go struct {
	Name string
	Up   func(ctx context.Context, tx *gorm.DB) error
	Down func(ctx context.Context, tx *gorm.DB) error
}

// SQL is a raw SQL data step, run as written. With Dialect set ("postgres",
// "mysql", "sqlite", "sqlserver": GORM's Dialector names) it runs only on
// that dialect and is skipped elsewhere. An empty Down makes the revision
// irreversible on the dialects the step runs on.
//
// Online runs the step in the migration's online phase, after its
// transaction commits, where the migration has one (PostgreSQL under the
// session lock, online DDL on; see the README): a backfill then holds no
// lock the transaction's DDL took. Such a step must be safe to run twice,
// since a failed or interrupted online phase runs again whole. Elsewhere
// it runs in its place.
type SQL struct {
	Dialect string
	Up      string
	Down    string
	Online  bool
}

func (Schema) step() {}
func (Go) step()     {}
func (SQL) step()    {}

// NothingToUndo is the Down of a SQL step whose effect needs no undoing
// on rollback (a backfill of a column the schema inverse drops anyway):
// the runtime runs nothing for it, and the revision stays reversible. An
// empty Down makes the revision irreversible instead.
const NothingToUndo = "-- nothing to undo"

// Nothing is a Down for a data step whose effect needs no undoing: one
// that fills a column the schema inverse drops anyway, say. Giving it keeps
// the revision reversible; leaving Down nil makes it irreversible.
func Nothing(context.Context, *gorm.DB) error { return nil }

// Checks is a step of preconditions on the rows already in the database
// that the migration's schema changes need: values that fit a narrowed
// column, no duplicates under a new unique index, no NULLs in a column
// that becomes NOT NULL, no orphans under a new foreign key. The
// generator writes one as the first step of Up (and of Down, for the
// inverse's needs). Wherever it stands, the runtime verifies every
// precondition of the direction it runs before the migration's first
// statement, and refuses with a *CheckError naming the table, the column,
// the number of offending rows and a few of their keys, having changed
// nothing. Set a precondition's Waived to a reason to skip it.
type Checks []schema.Precondition

func (Checks) step() {}
