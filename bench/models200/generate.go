package models

// This package is bench/genmodels' 200-model package, checked in so that the
// runtime benchmarks in bench can compile the models into the test binary
// (AutoMigrate needs Go types) and migragen's analyzer can read the same
// source. Regenerate it, byte for byte, with go generate:

//go:generate go run ../genmodels -n 200 -noparse -o .
