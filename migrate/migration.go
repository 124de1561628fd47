package migrate

import "github.com/migragen/migragen/schema"

// Migration is one revision of a migrations package, as a generated file
// declares it. Files are written once and then belong to the user, who may
// add data steps; the generator reads them back without compiling them.
type Migration struct {
	// ID sorts by creation time: "20261127085000_add_orders".
	ID string
	// Parents are the revisions this one follows: none for the first, two
	// for a merge.
	Parents []string
	// Message is the -m text the revision was generated with.
	Message string
	// Up runs in order to apply the revision. Down undoes it and is
	// written out by the generator (the inverse of Up's schema changes) so
	// that a reviewer sees it; the runtime never invents one.
	Up, Down []Step
	// NoTransaction runs the revision outside a transaction, for
	// statements such as CREATE INDEX CONCURRENTLY. Reserved.
	NoTransaction bool
}

// Step is one part of a migration's Up or Down.
type Step interface{ step() }

// Schema is a step of typed schema changes, compiled for the connected
// dialect when it runs.
type Schema struct {
	Changes []schema.Change
}

func (Schema) step() {}
