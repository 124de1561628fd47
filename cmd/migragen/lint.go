package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/lint"
	"github.com/migragen/migragen/schema"
)

// lintMode says what generate, check and plan do with lint findings.
type lintMode string

const (
	lintWarn  lintMode = "warn"  // print them
	lintError lintMode = "error" // print them and exit 1
	lintOff   lintMode = "off"   // do not lint
)

// lintFlags are the lint flags of generate, check and plan.
type lintFlags struct {
	mode lintMode
	// from is check's -lint-from: the first revision linted.
	from string
}

func (l *lintFlags) register(fs *flag.FlagSet, command string) {
	l.mode = lintWarn
	fs.Func("lint", "what to do with lint findings: warn (print them; the default), error (print them and exit 1), or off", func(v string) error {
		switch m := lintMode(v); m {
		case lintWarn, lintError, lintOff:
			l.mode = m
			return nil
		}
		return fmt.Errorf("want warn, error or off, got %q", v)
	})
	if command == "check" {
		fs.StringVar(&l.from, "lint-from", "", "lint only this revision (its ID) and those after it in graph order; the older ones are replayed, not linted")
	}
}

// registerPolicy registers the flags of the model set's policy settings,
// which set s.Dialects and s.PlainDDL only when given: a command that does
// not give one keeps what schema.json records.
func registerPolicy(fs *flag.FlagSet, s *schema.Settings) {
	fs.Func("dialects", "comma-separated dialects the model set is deployed to ("+strings.Join(lint.Shipped, ", ")+
		"), which lint checks, and checks the SQL in tags against (with none, lint checks all four, and its findings for all but postgres are informational); recorded in schema.json, so say it once; an empty value clears it", func(v string) error {
		list, err := dialectList(v, false)
		s.Dialects = list
		return err
	})
	fs.Func("plain-ddl", "comma-separated dialects on which the runtime emits plain DDL rather than the online-safe form, or all; "+
		"recorded in schema.json, so say it once; none (or an empty value) turns the online-safe form back on everywhere", func(v string) error {
		list, err := dialectList(v, true)
		s.PlainDDL = list
		return err
	})
}

// dialectList reads a flag's comma-separated dialects, sorted, without
// repeats, and never nil: a given flag replaces the recorded value. all
// (for -plain-ddl) names every dialect, and none nothing.
func dialectList(v string, withAll bool) ([]string, error) {
	out := []string{}
	for _, d := range splitList(v) {
		switch {
		case withAll && d == "all":
			return []string{"all"}, nil
		case withAll && d == "none":
		case slices.Contains(lint.Shipped, d):
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		default:
			return nil, fmt.Errorf("unknown dialect %q; want %s", d, strings.Join(lint.Shipped, ", "))
		}
	}
	slices.Sort(out)
	return out, nil
}

// report prints findings as go vet prints diagnostics, with a note when
// some are informational only because the model set declares no dialect,
// and returns the exit code they call for: 1 under -lint=error when one is
// not informational. silence says how to silence them where they are.
func (l *lintFlags) report(stderr io.Writer, settings schema.Settings, findings []lint.Finding, silence string) int {
	for _, f := range findings {
		fmt.Fprintln(stderr, f)
	}
	if note := lint.UndeclaredNote(settings, findings); note != "" {
		fmt.Fprintln(stderr, "migragen: "+note)
	}
	n := lint.Failing(findings)
	switch {
	case n == 0:
		return exitOK
	case l.mode == lintError:
		fmt.Fprintf(stderr, "migragen: -lint=error: %d lint findings; %s\n", n, silence)
		return exitFindings
	}
	fmt.Fprintf(stderr, "migragen: %d lint findings (-lint=error fails on them); %s\n", n, silence)
	return exitOK
}

// lintPlan lints the changes plan would have generate write.
func (l *lintFlags) lintPlan(stderr io.Writer, p *generate.PlanResult) int {
	if l.mode == lintOff || len(p.Changes) == 0 {
		return exitOK
	}
	findings, err := lint.Check(p.State.Snapshot, p.Changes, lint.Options{Settings: p.Analysis.Snapshot.Settings})
	if err != nil {
		fmt.Fprintf(stderr, "migragen: lint: %v\n", err)
		return exitUsage
	}
	return l.report(stderr, p.Analysis.Snapshot.Settings, findings, "generate writes them into the revision, where a //migragen:nolint CODE reason line right above a change silences it")
}

// lintWritten lints the revisions generate just wrote, pointing into
// their files.
func (l *lintFlags) lintWritten(stderr io.Writer, res *generate.Result) int {
	if l.mode == lintOff {
		return exitOK
	}
	var paths []string
	for _, p := range res.Written {
		if filepath.Ext(p) == ".go" && filepath.Base(p) != generate.IndexFile {
			paths = append(paths, p)
		}
	}
	findings, err := lint.CheckFiles(res.Plan.State.Snapshot, paths, res.Plan.Analysis.Snapshot.Settings, "")
	if err != nil {
		fmt.Fprintf(stderr, "migragen: lint: %v\n", err)
		return exitUsage
	}
	return l.report(stderr, res.Plan.Analysis.Snapshot.Settings, findings, "the revision is written: silence each with a //migragen:nolint CODE reason line right above its change, then run migragen hash")
}

// lintDir lints every revision file of the directory (from -lint-from on).
func (l *lintFlags) lintDir(stderr io.Writer, p *generate.PlanResult) int {
	if l.mode == lintOff {
		return exitOK
	}
	paths := make([]string, len(p.State.Migrations))
	for i, m := range p.State.Migrations {
		paths[i] = filepath.Join(p.State.Dir, m.ID+".go")
	}
	findings, err := lint.CheckFiles(nil, paths, p.Analysis.Snapshot.Settings, l.from)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: lint: %v\n", err)
		return exitUsage
	}
	return l.report(stderr, p.Analysis.Snapshot.Settings, findings, "silence each with a //migragen:nolint CODE reason line right above its change, then run migragen hash; -lint-from REV lints only REV and later revisions")
}

// notePolicy reports a generate that recorded policy settings without a
// schema change.
func notePolicy(stderr io.Writer, res *generate.Result) {
	fmt.Fprintf(stderr, "migragen: no schema changes; recorded the policy settings (%s): %s\n",
		strings.Join(res.Plan.Policy, "; "), strings.Join(res.Written, ", "))
}
