// Package render will write migrations as Go source: one gofmt'd file per
// revision holding typed Up and Down operations, and the migrations
// package's index. It decides nothing about what changed; schema.Diff
// does. Not implemented yet: the analyzer and snapshot come first.
package render
