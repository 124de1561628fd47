// Package render writes migrations as Go source and reads them back: typed
// schema changes as gofmt'd literals (Changes, ParseChanges), a revision's
// file with a reviewer's header and its typed Up and Down (Migration,
// ReadMigration), and the migrations package's index (Index). Reading
// back works on syntax alone, so the generator never compiles or runs the
// user's package. It decides nothing about what changed; schema.Diff does.
package render
