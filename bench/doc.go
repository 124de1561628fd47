// Package bench measures migragen where users feel it: the wait after
// editing a model package, with a prebuilt binary, against GORM's runtime
// route of compiling the models and calling schema.Parse.
//
// scripts/bench-analyzer.sh is the main entry point and prints the table the
// targets are stated in. The benchmarks here run the same edit-and-run cycle
// under go test:
//
//	go test ./bench -run '^$' -bench Snapshot200 -benchtime 10x
//
// bench/genmodels writes the model packages; bench/benchtool holds the
// script's portable helpers.
//
// The runtime is measured on bench/models200, a generated 200-model package
// checked in so that the benchmark binary can pass its types to GORM's
// AutoMigrate: the start-up check with everything applied against a warm
// AutoMigrate, and a cold apply against a cold AutoMigrate, on PostgreSQL,
// MariaDB and SQLite. scripts/bench-runtime.sh runs them and prints the
// ratios; TestUpNothingPendingQueries, part of the normal test run, holds
// the start-up check to its query budget.
package bench
