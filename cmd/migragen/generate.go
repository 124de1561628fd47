package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/schema"
)

// clock is the revisions' clock; tests replace it.
var clock = time.Now

// genFlags are the flags of generate, check and plan.
type genFlags struct {
	analyzeFlags
	dir, message, allow string
	patterns            []string
	split               bool            // generate -split
	dependsOn           string          // generate -depends-on: comma-separated revisions
	explicit            map[string]bool // the flags the command line gave
	lint                lintFlags
	sql                 string // plan -sql: the dialect to print the new revisions' SQL for (sql.go)
}

// parseGenFlags parses the flags of the command name; withWrite adds the
// flags only generate has. It returns false and an exit code when the
// command should stop.
func parseGenFlags(name, usage string, withWrite bool, args []string, stderr io.Writer) (*genFlags, bool, int) {
	fs := newFlagSet(name, usage, stderr)
	g := &genFlags{}
	fs.StringVar(&g.dir, "dir", "migrations", "the migrations directory")
	if withWrite {
		fs.StringVar(&g.message, "m", "", "the revision's message; its slug ends the revision ID (default: the changes, such as \"add users.email, drop orders.legacy\")")
		fs.StringVar(&g.allow, "allow", "", "comma-separated destructive changes to allow: table or table.column")
	}
	if name == "plan" {
		fs.StringVar(&g.sql, "sql", "", "also print the SQL of the revisions generate would write, compiled for this dialect (postgres, mysql, sqlite, sqlserver) with no connection")
	}
	if name == "generate" {
		fs.StringVar(&g.dependsOn, "depends-on", "", "comma-separated revisions (ids or unique prefixes) the new revision depends on without following them, such as a revision of another branch whose table its data step needs; up applies them first")
	}
	if name == "generate" || name == "plan" {
		fs.BoolVar(&g.split, "split", false, "write the changes that break binaries built from the previous models (drops, renames' old names, NOT NULL on new columns) to a second revision, a contraction that up holds back until asked")
	}
	g.register(fs)
	g.lint.register(fs, name)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, false, exitOK
		}
		return nil, false, exitUsage
	}
	g.patterns = fs.Args()
	g.explicit = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { g.explicit[f.Name] = true })
	return g, true, exitOK
}

// config analyses the models, printing diagnostics as snapshot does, and
// returns the configuration for the generate library. On failure it returns
// false and an exit code.
func (g *genFlags) config(ctx context.Context, stderr io.Writer) (generate.Config, bool, int) {
	// Settings are said once: what the command line leaves out, the
	// snapshot recorded.
	if recorded, ok, err := generate.RecordedSettings(g.dir); err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return generate.Config{}, false, exitUsage
	} else if ok {
		if err := generate.SettleSettings(&g.settings, recorded, g.explicit, g.dir); err != nil {
			// Only the settings were read: a directory that does not
			// verify says so first, with Load's file and line.
			if _, lerr := generate.LoadCached(g.dir); lerr != nil {
				err = lerr
			}
			fmt.Fprintf(stderr, "migragen: %v\n", err)
			return generate.Config{}, false, exitUsage
		}
	}
	// The directory is read after the analysis, not alongside it: at a
	// few thousand models the head snapshot, decoded and live through the
	// analysis, made the collector run once more and over more. In turn,
	// generate took 7% less CPU time and peak memory for 2-5% more wall
	// time (2000 models, 2026-12-08, paired runs).
	res, code := g.analyze(ctx, g.patterns, stderr)
	if res == nil {
		return generate.Config{}, false, code
	}
	st, err := generate.LoadCached(g.dir)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return generate.Config{}, false, exitUsage
	}
	if g.verbose && !st.Empty() {
		how := "in full: parsed and replayed every revision"
		if st.Partial() {
			how = "from the record of an earlier verification of the same files (every file checked against " + generate.SumFile + ")"
		}
		fmt.Fprintf(stderr, "migragen: verified %s %s\n", g.dir, how)
	}
	for _, a := range st.Awaited {
		fmt.Fprintf(stderr, "migragen: note: %s\n", a)
	}
	if len(st.Leftovers) > 0 {
		fmt.Fprintf(stderr, "migragen: note: interrupted runs left %s; the next generate, merge or hash removes them\n",
			strings.Join(st.Leftovers, ", "))
	}
	return generate.Config{
		State:    st,
		Dir:      g.dir,
		Patterns: g.patterns,
		Analyzer: analyzer.Config{Tags: splitList(g.tags), Models: splitList(g.models), Settings: g.settings},
		Analysis: res,
		Message:  g.message,
		Allow:    splitList(g.allow),
		Now:      clock,
		Split:    g.split,
	}, true, exitOK
}

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, ok, code := parseGenFlags("generate", "usage: migragen generate [-dir DIR] [-m MESSAGE] [-allow LIST] [-split] [-depends-on REV[,REV]] [flags] [packages]\n\n"+
		"Writes a new revision to the migrations directory for what the models of the\n"+
		"packages (default \".\") change, with the index, schema.json and migragen.sum.\n"+
		"Destructive changes need -allow naming each table or table.column.", true, args, stderr)
	if !ok {
		return code
	}
	// The lock covers reading the directory as well as writing it: two
	// runs that read the same head would both write a revision after it.
	lock := lockDir(g.dir, "generate", stderr)
	if lock == nil {
		return exitUsage
	}
	defer lock.Unlock()
	cfg, ok, code := g.config(ctx, stderr)
	if !ok {
		return code
	}
	cfg.Lock = lock
	cfg.DependsOn = splitList(g.dependsOn)
	res, err := generate.Generate(ctx, cfg)
	if res != nil {
		warnUnusedAllow(stderr, res.Plan)
		noteGORMUpgrade(stderr, res.Plan)
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitFor(err)
	case res.ID == "" && len(res.Written) > 0:
		notePolicy(stderr, res)
		return exitOK
	case res.ID == "":
		fmt.Fprintf(stderr, "migragen: no changes; %s is up to date\n", g.dir)
		return exitOK
	}
	for _, line := range res.Plan.Summary() {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stderr, "migragen: wrote revision %s (%d changes): %s\n", res.ID, len(res.Plan.Changes), strings.Join(res.Written, ", "))
	if len(res.Awaited) > 0 {
		fmt.Fprintf(stderr, "migragen: note: %s depends on %s, not in %s yet: check refuses the directory until the branch that adds it is merged (then run migragen merge)\n",
			res.ID, strings.Join(res.Awaited, ", "), g.dir)
	}
	if res.Contraction != "" && res.Contraction != res.ID {
		fmt.Fprintf(stderr, "migragen: its contraction is revision %s, which up holds back: apply it (up -contract) once no binary built before %s runs\n", res.Contraction, res.ID)
	}
	// Still under the lock: the directory is the one Generate wrote.
	next := generate.RecordGenerated(res)
	return g.lint.lintWritten(stderr, res, next)
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, p, code := planFor(ctx, "check", "usage: migragen check [-dir DIR] [flags] [packages]\n\n"+
		"Verifies the migrations directory and compares it with the models of the\n"+
		"packages (default \".\"). Exits 1 and lists the changes when the models have\n"+
		"changes no migration captures, 2 on errors, 0 otherwise.", false, args, stderr)
	if p == nil {
		return code
	}
	code = g.lint.lintDir(stderr, p)
	if len(p.State.Awaited) > 0 {
		fmt.Fprintf(stderr, "migragen: %d dependencies await revisions %s does not hold yet (listed above)\n", len(p.State.Awaited), g.dir)
		code = max(code, exitFindings)
	}
	if len(p.Policy) > 0 {
		fmt.Fprintf(stderr, "migragen: the policy settings differ from those %s records (%s); run migragen generate to record them\n",
			filepath.Join(g.dir, generate.SnapshotFile), strings.Join(p.Policy, "; "))
		code = max(code, exitFindings) // a lint error (2) stays one
	}
	if len(p.Changes) == 0 {
		return code
	}
	for _, line := range p.Summary() {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stderr, "migragen: the models have %d changes not in %s; run migragen generate\n", len(p.Changes), g.dir)
	return max(code, exitFindings)
}

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, p, code := planFor(ctx, "plan", "usage: migragen plan [-dir DIR] [-allow LIST] [-split] [-sql DIALECT] [flags] [packages]\n\n"+
		"Prints what generate would write, and writes nothing.", true, args, stderr)
	if p == nil {
		return code
	}
	for _, line := range p.Policy {
		fmt.Fprintf(stdout, "policy setting %s: generate records it in %s\n", line, generate.SnapshotFile)
	}
	if len(p.Changes) == 0 {
		return exitOK
	}
	head := p.State.Head
	if head == "" {
		head = "none (first revision)"
	}
	fmt.Fprintf(stdout, "new revision in %s after %s:\n", g.dir, head)
	for _, line := range p.Summary() {
		fmt.Fprintln(stdout, "\t"+line)
	}
	if g.split {
		if code := printSplit(stdout, stderr, p); code != exitOK {
			return code
		}
	}
	if g.sql != "" && len(p.Unacknowledged) == 0 {
		if code := planSQL(ctx, g, p, stdout, stderr); code != exitOK {
			return code
		}
	}
	code = g.lint.lintPlan(stderr, p)
	if len(p.Unacknowledged) > 0 {
		fmt.Fprintf(stderr, "migragen: generate would refuse: %d destructive changes need -allow\n", len(p.Unacknowledged))
		return max(code, exitFindings) // a lint that could not run (2) stays the answer
	}
	return code
}

// printSplit prints how generate -split would divide the plan's changes.
func printSplit(stdout, stderr io.Writer, p *generate.PlanResult) int {
	prev := p.State.Snapshot
	if prev == nil {
		prev = schema.New(p.Analysis.Snapshot.Settings)
	}
	ec, err := schema.SplitChanges(prev, p.Changes)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: generate -split would refuse: %v\n", err)
		return exitFindings
	}
	for _, half := range []struct {
		title   string
		changes []schema.Change
	}{{"with -split, the expansion (up applies it):", ec.Expand}, {"and the contraction (up holds it back until up -contract):", ec.Contract}} {
		fmt.Fprintln(stdout, half.title)
		for _, c := range half.changes {
			fmt.Fprintln(stdout, "\t"+c.String())
		}
	}
	for _, c := range ec.Copies {
		fmt.Fprintf(stdout, "\tbetween the two, %s.%s and %s.%s are kept equal (a backfill, and triggers)\n", c.Table, c.From, c.Table, c.To)
	}
	return exitOK
}

// planFor runs what check and plan share: flags, analysis, plan. It returns
// a nil plan, and the exit code, when there is nothing more to do: an
// error. With no changes it says so, and returns the plan for its policy
// settings and for check's lint of the directory.
func planFor(ctx context.Context, name, usage string, withWrite bool, args []string, stderr io.Writer) (*genFlags, *generate.PlanResult, int) {
	g, ok, code := parseGenFlags(name, usage, withWrite, args, stderr)
	if !ok {
		return nil, nil, code
	}
	cfg, ok, code := g.config(ctx, stderr)
	if !ok {
		return nil, nil, code
	}
	p, err := generate.Plan(ctx, cfg)
	warnUnusedAllow(stderr, p)
	noteGORMUpgrade(stderr, p)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return nil, nil, exitFor(err)
	}
	if len(p.Changes) == 0 && len(p.Policy) == 0 {
		fmt.Fprintf(stderr, "migragen: no changes; %s is up to date with the models\n", g.dir)
	}
	return g, p, exitOK
}

// warnUnusedAllow names the -allow entries that matched no destructive
// change: a misspelled entry would otherwise pass silently, and the change
// it was meant for be refused, or a later one be allowed by surprise.
func warnUnusedAllow(stderr io.Writer, p *generate.PlanResult) {
	if p == nil || len(p.UnusedAllow) == 0 {
		return
	}
	fmt.Fprintf(stderr, "migragen: warning: -allow %s matched no destructive change (misspelled? an entry is a table or table.column)\n",
		strings.Join(p.UnusedAllow, ","))
}

// noteGORMUpgrade tells, on stderr, that the changes may come from a GORM
// upgrade rather than from the models, so that the author reviews them as
// one before they become a revision.
func noteGORMUpgrade(stderr io.Writer, p *generate.PlanResult) {
	if p == nil || p.GORMUpgrade == nil {
		return
	}
	for i, line := range p.GORMUpgrade.Note(p.Changes) {
		if i == 0 {
			line = "migragen: note: " + line
		}
		fmt.Fprintln(stderr, line)
	}
}

// exitFor is the exit code of a failed generate, check or plan: 1 when the
// models ask for a change migragen refuses until the author acts (a
// destructive change without -allow, a primary-key change), 2 when
// migragen could not do its job.
func exitFor(err error) int {
	var destructive *generate.DestructiveError
	var key *schema.PrimaryKeyError
	if errors.As(err, &destructive) || errors.As(err, &key) {
		return exitFindings
	}
	return exitUsage
}
