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
package bench
