// Package loader type-checks the packages that hold GORM models without
// compiling them.
//
// The obvious route, packages.Load with NeedTypes, runs "go list -export",
// which compiles the package that was just edited only so that go/packages
// can then type-check it from source a second time. For a package of 200
// models that costs about 0.8 s on every edit, and migragen runs on every
// go:generate.
//
// This package splits the work instead:
//
//  1. go/packages lists the patterns and their dependency graph, without
//     types. The go command therefore decides build tags, go.work, vendoring
//     and GOFLAGS exactly as it does for a build.
//  2. Every package that belongs to a main module of the build, plus the roots
//     themselves, is a source package. Only the packages that source packages
//     import from outside that set are listed with "go list -export"; their
//     export data comes from the build cache and is rarely stale, because
//     users edit their own modules, not their dependencies.
//  3. Source packages are parsed (with comments, for directives) while that
//     listing runs, their files spread over the cores, then type-checked in dependency order against one shared
//     token.FileSet and one shared import map, so export data for a
//     dependency is decoded once and only if something imports it.
//
// Sibling packages of the main module are checked from source too, not read
// from export data, because the analyzer reads method bodies such as
// TableName() and export data does not keep them.
//
// The loader never builds or runs user code: the only thing compiled is
// dependencies outside the main modules, and only as the go command would to
// produce their export data.
package loader
