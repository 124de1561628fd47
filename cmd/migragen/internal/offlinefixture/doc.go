// Package offlinefixture is a migrations package for the sql command's
// tests, compiled into them so that the script migragen writes from the
// files can be compared with the one the compiled program writes. It was
// made by migragen itself: generate of two tables, then generate -split of
// a rename, a NOT NULL, a unique index and a foreign key (copy steps,
// triggers and checks per dialect), then the expansion edited by hand (a
// waived check, a SQL and a Go data step) and migragen hash.
package offlinefixture
