package loader

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/packages"
)

// Config controls how the go command is invoked to list packages.
type Config struct {
	Dir  string   // working directory for the go command ("" = current)
	Tags []string // build tags, passed as -tags
	Env  []string // extra environment (appended to os.Environ()), may be nil
}

// Package is a package type-checked from source.
type Package struct {
	PkgPath    string
	Name       string
	Dir        string
	Root       bool        // matched by the patterns
	Files      []*ast.File // parsed with comments
	Types      *types.Package
	Info       *types.Info // Types, Defs, Uses, Selections, Implicits and Instances filled
	ModulePath string      // main module path of this package ("" if none)
}

// Result is the outcome of a successful Load.
type Result struct {
	Fset   *token.FileSet
	Roots  []*Package // in the order the go command lists them
	Source []*Package // every source-checked package: roots first, then the rest by path
	// ModuleVersions maps the path of every module the packages depend on
	// to the version the build uses ("" for main modules and local
	// replacements).
	ModuleVersions map[string]string

	byPath map[string]*Package
}

// Lookup returns the source-checked package for a path, or nil.
func (r *Result) Lookup(pkgPath string) *Package {
	if r == nil {
		return nil
	}
	return r.byPath[pkgPath]
}

// Load lists the packages matched by patterns and type-checks the roots and
// every package of a main module in their dependency closure from source.
// All other dependencies are read from the go command's export data, which
// the go command compiles if the build cache lacks it, as a build would.
//
// Test files are not loaded. In cgo packages, references to C are not
// checked (types.Config.FakeImportC): cgo itself is not run.
//
// Listing errors (including a pattern that matches nothing), syntax errors,
// type errors and dependencies that do not compile are returned as *Error,
// with no Result. Type errors are not reported for packages whose source
// dependencies already failed, as the go command does not either.
func Load(ctx context.Context, cfg Config, patterns ...string) (*Result, error) {
	if cfg.Dir != "" {
		// Otherwise the go command's failure to start reads as if the go
		// binary were missing.
		if _, err := os.Stat(cfg.Dir); err != nil {
			return nil, fmt.Errorf("loader: %w", err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the export listing when parsing fails
	tm := timingsFrom(ctx)
	env := environ(cfg)
	var buildFlags []string
	if len(cfg.Tags) > 0 {
		buildFlags = append(buildFlags, "-tags="+strings.Join(cfg.Tags, ","))
	}

	start := time.Now()
	roots, err := packages.Load(&packages.Config{
		Mode:       packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Context:    ctx,
		Dir:        cfg.Dir,
		Env:        env,
		BuildFlags: buildFlags,
	}, patterns...)
	tm.since(phaseList, start)
	if err != nil {
		return nil, listFailure(err, cfg.Dir)
	}
	if len(roots) == 0 {
		return nil, &Error{List: []Problem{{Msg: fmt.Sprintf("%s matched no packages", quoteList(patterns))}}}
	}
	if pats := unmatched(patterns, roots, cfg.Dir); len(pats) > 0 {
		return nil, &Error{List: []Problem{{Msg: fmt.Sprintf("%s matched no packages", quoteList(pats))}}}
	}
	if err := listErrors(roots, cfg.Dir); err != nil {
		return nil, err
	}

	g := newGraph(roots)

	// The export listing runs in another process; parse meanwhile.
	start = time.Now()
	exportc := make(chan exportResult, 1)
	exportPaths := g.exportImports()
	cacheKey := exportCacheKey(g, env, buildFlags, exportPaths)
	if r, ok := readExportCache(cacheKey, exportPaths); ok {
		r.took = time.Since(start)
		if tm != nil {
			tm.exportCached = true
		}
		exportc <- r
	} else {
		go func() {
			var r exportResult
			r.files, r.target, r.err = listExports(ctx, cfg, env, buildFlags, exportPaths)
			r.took = time.Since(start)
			if r.err == nil {
				writeExportCache(cacheKey, r)
			}
			exportc <- r
		}()
	}

	fset := token.NewFileSet()
	parseStart := time.Now()
	problems := g.parse(fset)
	tm.since(phaseParse, parseStart)

	if len(problems) > 0 {
		return nil, &Error{List: problems}
	}
	exp := <-exportc
	tm.add(phaseExport, exp.took)
	if exp.err != nil {
		return nil, exp.err
	}

	start = time.Now()
	problems = g.check(fset, exp)
	tm.since(phaseCheck, start)
	if len(problems) > 0 {
		return nil, &Error{List: problems}
	}
	return g.result(fset), nil
}

// environ returns the environment for the go command. PWD is set because the
// go command trusts it for relative paths, and the inherited one names our
// own working directory, not cfg.Dir.
//
// GOPACKAGESDRIVER is switched off: a driver (Bazel's, for instance) would
// answer with a graph that the "go list -export" step knows nothing about.
func environ(cfg Config) []string {
	env := append(os.Environ(), cfg.Env...)
	env = append(env, "GOPACKAGESDRIVER=off")
	if cfg.Dir != "" {
		if abs, err := filepath.Abs(cfg.Dir); err == nil {
			env = append(env, "PWD="+abs)
		}
	}
	return env
}

// listFailure converts a failure of the go command as a whole (a broken
// go.mod, a bad flag in GOFLAGS) to *Error. go/packages gives it as text that
// ends with the go command's stderr.
func listFailure(err error, dir string) error {
	msg := err.Error()
	_, stderr, ok := strings.Cut(msg, "stderr: ")
	if !ok || strings.TrimSpace(stderr) == "" {
		return fmt.Errorf("listing packages: %w", err)
	}
	return &Error{List: goProblems("", stderr, dir)}
}

func quoteList(ss []string) string {
	if len(ss) == 0 {
		return `"."`
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " ")
}

// listErrors reports the go command's errors for any package in the graph,
// as a build would: a missing or unparsable dependency anywhere stops it.
func listErrors(roots []*packages.Package, dir string) error {
	var list []Problem
	seen := make(map[Problem]bool)
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			pr := Problem{Pos: parsePos(e.Pos, dir), Msg: strings.TrimSpace(e.Msg)}
			if !seen[pr] {
				seen[pr] = true
				list = append(list, pr)
			}
		}
	})
	if len(list) == 0 {
		return nil
	}
	return &Error{List: list}
}

// node is one package of the listed graph.
type node struct {
	lp     *packages.Package
	source bool
	root   bool

	// Source packages only.
	files  []*ast.File
	pkg    *Package
	failed bool // it, or a package it depends on, did not type-check
}

type graph struct {
	nodes map[string]*node // by package ID
	roots []*node
	order []*node // source packages, dependencies first
}

func newGraph(roots []*packages.Package) *graph {
	g := &graph{nodes: make(map[string]*node)}
	isRoot := make(map[string]bool)
	for _, lp := range roots {
		isRoot[lp.ID] = true
	}
	var visit func(lp *packages.Package) *node
	visit = func(lp *packages.Package) *node {
		if n := g.nodes[lp.ID]; n != nil {
			return n
		}
		n := &node{lp: lp, root: isRoot[lp.ID]}
		n.source = (n.root || lp.Module != nil && lp.Module.Main) && lp.PkgPath != "unsafe"
		g.nodes[lp.ID] = n
		// Sorted, so that the check order, and with it every token.Pos
		// that export data adds to the FileSet, is the same on each run.
		for _, path := range slices.Sorted(maps.Keys(lp.Imports)) {
			visit(lp.Imports[path])
		}
		if n.source {
			g.order = append(g.order, n)
		}
		return n
	}
	for _, lp := range roots {
		g.roots = append(g.roots, visit(lp))
	}
	return g
}

// exportImports returns the paths of the packages that source packages import
// but that are not source packages themselves: exactly the export data that
// type-checking will ask for.
func (g *graph) exportImports() []string {
	set := make(map[string]bool)
	for _, n := range g.order {
		for _, lp := range n.lp.Imports {
			if d := g.nodes[lp.ID]; !d.source && lp.PkgPath != "unsafe" {
				set[lp.PkgPath] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// parse parses every source package's files into fset, on every core: a
// model package can have thousands of files. The token.Pos values are
// those a sequential parse in the same order would give, so that they, and
// every position export data adds after them, are the same on each run:
// each file is parsed into a FileSet of its own whose next base is the one
// the file gets in fset, and then the files join fset in order.
func (g *graph) parse(fset *token.FileSet) []Problem {
	type job struct {
		n        *node
		name     string
		src      []byte
		base     int
		file     *ast.File
		tf       *token.File
		problems []Problem
	}
	var jobs []*job
	for _, n := range g.order {
		for _, name := range n.lp.GoFiles {
			jobs = append(jobs, &job{n: n, name: name})
		}
	}
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		var err error
		if j.src, err = os.ReadFile(j.name); err != nil {
			j.problems = []Problem{{Pos: token.Position{Filename: j.name}, Msg: err.Error()}}
		}
	})
	// ParseFile adds a file to the set before parsing it, even when
	// parsing fails; a file that could not be read gets none.
	base := fset.Base()
	for _, j := range jobs {
		if j.problems == nil {
			j.base = base
			base += len(j.src) + 1
		}
	}
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		if j.problems != nil {
			return
		}
		own := token.NewFileSet()
		if gap := j.base - own.Base(); gap > 0 {
			// A placeholder that takes the positions before the file's;
			// it occupies gap-1 of them plus the one after each file.
			own.AddFile("", -1, gap-1)
		}
		f, err := parser.ParseFile(own, j.name, j.src, parser.ParseComments|parser.SkipObjectResolution)
		if tf := own.File(token.Pos(j.base)); tf != nil && tf.Base() == j.base && tf.Name() == j.name {
			j.tf = tf
		} else {
			// Not reached unless go/token changes how it numbers files;
			// overlapping files would make fset panic.
			j.problems = []Problem{{Pos: token.Position{Filename: j.name}, Msg: "internal error: the parser did not place the file at the expected position"}}
			return
		}
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					j.problems = append(j.problems, Problem{Pos: e.Pos, Msg: e.Msg})
				}
			} else {
				j.problems = append(j.problems, Problem{Pos: token.Position{Filename: j.name}, Msg: err.Error()})
			}
			return
		}
		j.file = f
	})
	var problems []Problem
	for _, j := range jobs {
		if j.tf != nil {
			fset.AddExistingFiles(j.tf)
		}
		problems = append(problems, j.problems...)
		if j.file != nil {
			j.n.files = append(j.n.files, j.file)
		}
	}
	return problems
}

// parallel calls f(0), ..., f(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// check type-checks the source packages in dependency order.
func (g *graph) check(fset *token.FileSet, exp exportResult) []Problem {
	// One map for both kinds of package: export data that mentions a source
	// package (possible when modules require each other) then reuses the
	// source-checked objects instead of creating a second copy.
	imports := make(map[string]*types.Package)
	sizes := types.SizesFor(exp.target.compiler, exp.target.goarch)
	var problems []Problem
	for _, n := range g.order {
		lp := n.lp
		for _, d := range lp.Imports {
			if dn := g.nodes[d.ID]; dn.failed {
				n.failed = true
			}
		}
		if n.failed {
			// As the go command does, do not report follow-on errors in
			// packages whose dependencies are broken.
			continue
		}
		info := &types.Info{
			Types:      make(map[ast.Expr]types.TypeAndValue),
			Defs:       make(map[*ast.Ident]types.Object),
			Uses:       make(map[*ast.Ident]types.Object),
			Selections: make(map[*ast.SelectorExpr]*types.Selection),
			Implicits:  make(map[ast.Node]types.Object),
			Instances:  make(map[*ast.Ident]types.Instance),
		}
		var goVersion string
		if lp.Module != nil && lp.Module.GoVersion != "" {
			goVersion = "go" + lp.Module.GoVersion
		}
		nerr := len(problems)
		conf := &types.Config{
			Importer:  importerFunc(func(path string) (*types.Package, error) { return g.importFor(n, path, fset, imports, exp.files) }),
			Sizes:     sizes,
			GoVersion: goVersion,
			// cgo would have to run to produce the real package C; the
			// models never depend on C's declarations.
			FakeImportC: true,
			Error: func(err error) {
				var te types.Error
				if errors.As(err, &te) {
					problems = append(problems, Problem{Pos: te.Fset.Position(te.Pos), Msg: te.Msg})
				} else {
					problems = append(problems, Problem{Msg: err.Error()})
				}
			},
		}
		tpkg, _ := conf.Check(lp.PkgPath, fset, n.files, info)
		n.failed = len(problems) > nerr
		// The checker reports some errors (unused imports, for one) late;
		// the compiler sorts them by position, and so do we.
		slices.SortStableFunc(problems[nerr:], func(a, b Problem) int {
			return cmp.Or(strings.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
		})
		imports[lp.PkgPath] = tpkg
		n.pkg = &Package{
			PkgPath: lp.PkgPath,
			Name:    lp.Name,
			Dir:     lp.Dir,
			Root:    n.root,
			Files:   n.files,
			Types:   tpkg,
			Info:    info,
		}
		if lp.Module != nil && lp.Module.Main {
			n.pkg.ModulePath = lp.Module.Path
		}
	}
	return problems
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// importFor resolves an import of from. The key of lp.Imports is the path as
// written in the source; the go command has already applied ImportMap
// (vendoring), so the imported package's PkgPath is the real one.
func (g *graph) importFor(from *node, path string, fset *token.FileSet, imports map[string]*types.Package, files map[string]string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	lp := from.lp.Imports[path]
	if lp == nil {
		return nil, fmt.Errorf("package %q is not in the listed imports of %s", path, from.lp.PkgPath)
	}
	if d := g.nodes[lp.ID]; d.source {
		if d.pkg == nil {
			return nil, fmt.Errorf("source package %s was not type-checked before its importer", lp.PkgPath)
		}
		return d.pkg.Types, nil
	}
	if p := imports[lp.PkgPath]; p != nil && p.Complete() {
		return p, nil
	}
	file := files[lp.PkgPath]
	if file == "" {
		return nil, fmt.Errorf("no export data for %s", lp.PkgPath)
	}
	return readExport(fset, imports, lp.PkgPath, file)
}

func (g *graph) result(fset *token.FileSet) *Result {
	r := &Result{Fset: fset, byPath: make(map[string]*Package), ModuleVersions: map[string]string{}}
	for _, n := range g.nodes {
		if m := n.lp.Module; m != nil {
			v := m.Version
			if m.Replace != nil {
				v = m.Replace.Version
			}
			r.ModuleVersions[m.Path] = v
		}
	}
	for _, n := range g.roots {
		if n.pkg == nil {
			// Only unsafe: it has no source to check, only the
			// checker's built-in package.
			n.pkg = &Package{PkgPath: n.lp.PkgPath, Name: n.lp.Name, Dir: n.lp.Dir, Root: true, Types: types.Unsafe, Info: &types.Info{}}
		}
		if r.byPath[n.pkg.PkgPath] == nil {
			r.Roots = append(r.Roots, n.pkg)
			r.Source = append(r.Source, n.pkg)
		}
		r.byPath[n.pkg.PkgPath] = n.pkg
	}
	var rest []*Package
	for _, n := range g.order {
		if !n.root {
			rest = append(rest, n.pkg)
			r.byPath[n.pkg.PkgPath] = n.pkg
		}
	}
	slices.SortFunc(rest, func(a, b *Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })
	r.Source = append(r.Source, rest...)
	return r
}
