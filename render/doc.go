// Package render writes migrations as Go source. So far it renders typed
// schema changes as gofmt'd Go literals (Changes), deterministic and
// complete, so a migration file never needs the models again; the
// migration file around them, the migrations package's index and the sum
// file come with the generate command. It decides nothing about what
// changed; schema.Diff does.
package render
