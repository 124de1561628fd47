package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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
}

// parseGenFlags parses the flags of the command name; withWrite adds the
// flags only generate has. It returns false and an exit code when the
// command should stop.
func parseGenFlags(name, usage string, withWrite bool, args []string, stderr io.Writer) (*genFlags, bool, int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	g := &genFlags{}
	fs.StringVar(&g.dir, "dir", "migrations", "the migrations directory")
	if withWrite {
		fs.StringVar(&g.message, "m", "", "the revision's message; its slug ends the revision ID")
		fs.StringVar(&g.allow, "allow", "", "comma-separated destructive changes to allow: table or table.column")
	}
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, false, exitOK
		}
		return nil, false, exitUsage
	}
	g.patterns = fs.Args()
	return g, true, exitOK
}

// config analyses the models, printing diagnostics as snapshot does, and
// returns the configuration for the generate library. On failure it returns
// false and an exit code.
func (g *genFlags) config(ctx context.Context, stderr io.Writer) (generate.Config, bool, int) {
	// Reading the directory and analysing the models are independent, and
	// the analysis mostly waits for the go command: do both at once.
	type loaded struct {
		st  *generate.State
		err error
	}
	dir := make(chan loaded, 1)
	go func() {
		st, err := generate.Load(g.dir)
		dir <- loaded{st, err}
	}()
	res, code := g.analyze(ctx, g.patterns, stderr)
	l := <-dir
	if res == nil {
		return generate.Config{}, false, code
	}
	if l.err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", l.err)
		return generate.Config{}, false, exitUsage
	}
	if len(l.st.Leftovers) > 0 {
		fmt.Fprintf(stderr, "migragen: note: interrupted runs left %s; the next generate, merge or hash removes them\n",
			strings.Join(l.st.Leftovers, ", "))
	}
	return generate.Config{
		State:    l.st,
		Dir:      g.dir,
		Patterns: g.patterns,
		Analyzer: analyzer.Config{Tags: splitList(g.tags), Models: splitList(g.models), Settings: g.settings},
		Analysis: res,
		Message:  g.message,
		Allow:    splitList(g.allow),
		Now:      clock,
	}, true, exitOK
}

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, ok, code := parseGenFlags("generate", "usage: migragen generate [-dir DIR] [-m MESSAGE] [-allow LIST] [flags] [packages]\n\n"+
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
	res, err := generate.Generate(ctx, cfg)
	if res != nil {
		warnUnusedAllow(stderr, res.Plan)
		noteGORMUpgrade(stderr, res.Plan)
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitFor(err)
	case res.ID == "":
		fmt.Fprintf(stderr, "migragen: no changes; %s is up to date\n", g.dir)
		return exitOK
	}
	for _, line := range res.Plan.Summary() {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stderr, "migragen: wrote revision %s (%d changes): %s\n", res.ID, len(res.Plan.Changes), strings.Join(res.Written, ", "))
	return exitOK
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, p, code := planFor(ctx, "check", "usage: migragen check [-dir DIR] [flags] [packages]\n\n"+
		"Verifies the migrations directory and compares it with the models of the\n"+
		"packages (default \".\"). Exits 1 and lists the changes when the models have\n"+
		"changes no migration captures, 2 on errors, 0 otherwise.", false, args, stderr)
	if p == nil {
		return code
	}
	for _, line := range p.Summary() {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stderr, "migragen: the models have %d changes not in %s; run migragen generate\n", len(p.Changes), g.dir)
	return exitFindings
}

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, p, code := planFor(ctx, "plan", "usage: migragen plan [-dir DIR] [-allow LIST] [flags] [packages]\n\n"+
		"Prints what generate would write, and writes nothing.", true, args, stderr)
	if p == nil {
		return code
	}
	head := p.State.Head
	if head == "" {
		head = "none (first revision)"
	}
	fmt.Fprintf(stdout, "new revision in %s after %s:\n", g.dir, head)
	for _, line := range p.Summary() {
		fmt.Fprintln(stdout, "\t"+line)
	}
	if len(p.Unacknowledged) > 0 {
		fmt.Fprintf(stderr, "migragen: generate would refuse: %d destructive changes need -allow\n", len(p.Unacknowledged))
		return exitFindings
	}
	return exitOK
}

// planFor runs what check and plan share: flags, analysis, plan. It returns
// a nil plan, and the exit code, when there is nothing more to do — an
// error, or no changes.
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
	if len(p.Changes) == 0 {
		fmt.Fprintf(stderr, "migragen: no changes; %s is up to date with the models\n", g.dir)
		return nil, nil, exitOK
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
