package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/lint"
	"github.com/migragen/migragen/render"
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
// their files, and remembers their findings with next, the directory's
// verification record after the run (generate.RecordGenerated; nil for
// none), for check.
func (l *lintFlags) lintWritten(stderr io.Writer, res *generate.Result, next *generate.State) int {
	if l.mode == lintOff {
		return exitOK
	}
	var paths []string
	for _, p := range res.Written {
		if filepath.Ext(p) == ".go" && filepath.Base(p) != generate.IndexFile {
			paths = append(paths, p)
		}
	}
	settings := res.Plan.Analysis.Snapshot.Settings
	findings, err := lint.CheckFiles(res.Plan.State.Snapshot, paths, settings, "")
	if err != nil {
		fmt.Fprintf(stderr, "migragen: lint: %v\n", err)
		return exitUsage
	}
	// check lints each revision against the revisions before it, replayed
	// under the models' settings; the head snapshot is that schema unless
	// this run changed a policy setting.
	if next != nil && len(res.Plan.Policy) == 0 {
		if byRev, ok := findingsByRevision(findings, paths); ok {
			next.SaveMemo(lintMemoKind(settings), byRev)
		}
	}
	return l.report(stderr, settings, findings, "the revision is written: silence each with a //migragen:nolint CODE reason line right above its change, then run migragen hash")
}

// lintDir lints every revision file of the directory (from -lint-from on).
// A revision's findings depend only on its file, the revisions before it
// and the settings, so they are remembered with the directory's
// verification record (generate.State.Memo) and a revision is linted
// again only when the record does not hold its findings.
func (l *lintFlags) lintDir(stderr io.Writer, p *generate.PlanResult) int {
	if l.mode == lintOff {
		return exitOK
	}
	st, settings := p.State, p.Analysis.Snapshot.Settings
	findings, ok := recalledFindings(st, settings, l.from)
	if !ok {
		var err error
		if findings, err = lintHistory(st, settings, l.from); err != nil {
			fmt.Fprintf(stderr, "migragen: lint: %v\n", err)
			return exitUsage
		}
	}
	return l.report(stderr, settings, findings, "silence each with a //migragen:nolint CODE reason line right above its change, then run migragen hash; -lint-from REV lints only REV and later revisions")
}

// lintHistory lints the revision files of st from revision from on ("" for
// all) and remembers every revision's findings.
func lintHistory(st *generate.State, settings schema.Settings, from string) ([]lint.Finding, error) {
	paths := make([]string, len(st.Migrations))
	for i, m := range st.Migrations {
		paths[i] = filepath.Join(st.Dir, m.ID+".go")
	}
	start := slices.IndexFunc(st.Migrations, func(m render.File) bool { return m.ID == from })
	if from != "" && start < 0 {
		return lint.CheckFiles(nil, paths, settings, from) // its error names the fix
	}
	all, err := lint.CheckFiles(nil, paths, settings, "")
	if err != nil {
		if from != "" {
			return lint.CheckFiles(nil, paths, settings, from) // the error may be before from
		}
		return nil, err
	}
	byRev, ok := findingsByRevision(all, paths)
	if !ok {
		return lint.CheckFiles(nil, paths, settings, from)
	}
	st.SaveMemo(lintMemoKind(settings), byRev)
	if from == "" {
		return all, nil
	}
	later := map[string]bool{}
	for _, p := range paths[start:] {
		later[p] = true
	}
	var out []lint.Finding
	for _, f := range all {
		if path, _, _ := cutPos(f.Pos); later[path] {
			out = append(out, f)
		}
	}
	return out, nil
}

// recalledFindings returns the findings the verification record of st
// holds for its revisions from revision from on, and false when it does
// not hold every one's.
func recalledFindings(st *generate.State, settings schema.Settings, from string) ([]lint.Finding, bool) {
	memo := st.Memo(lintMemoKind(settings))
	if memo == nil {
		return nil, false
	}
	start := 0
	if from != "" {
		if start = slices.IndexFunc(st.Migrations, func(m render.File) bool { return m.ID == from }); start < 0 {
			return nil, false
		}
	}
	var out []lint.Finding
	for i, m := range st.Migrations {
		data, ok := memo[m.ID]
		var found []lint.Finding
		if !ok || json.Unmarshal(data, &found) != nil {
			return nil, false
		}
		if i < start {
			continue
		}
		path := filepath.Join(st.Dir, m.ID+".go")
		for _, f := range found {
			f.Pos = path + f.Pos
			out = append(out, f)
		}
	}
	return out, true
}

// findingsByRevision splits findings of the revision files at paths by
// revision ID, each finding's position kept without its path (":41"), so
// that it holds whatever -dir names the directory. It returns false when a
// finding is in none of the files.
func findingsByRevision(findings []lint.Finding, paths []string) (map[string]json.RawMessage, bool) {
	by := make(map[string][]lint.Finding, len(paths))
	for _, p := range paths {
		by[p] = []lint.Finding{} // a revision without findings is one linted too
	}
	for _, f := range findings {
		path, line, ok := cutPos(f.Pos)
		if _, known := by[path]; !ok || !known {
			return nil, false
		}
		f.Pos = line
		by[path] = append(by[path], f)
	}
	out := make(map[string]json.RawMessage, len(by))
	for p, found := range by {
		data, err := json.Marshal(found)
		if err != nil {
			return nil, false
		}
		out[strings.TrimSuffix(filepath.Base(p), ".go")] = data
	}
	return out, true
}

// cutPos splits a finding's position "path:41" into the path and ":41".
func cutPos(pos string) (path, line string, ok bool) {
	i := strings.LastIndex(pos, ":")
	if i < 0 {
		return "", "", false
	}
	return pos[:i], pos[i:], true
}

// lintMemoKind names the memo of lint findings under settings.
func lintMemoKind(settings schema.Settings) string {
	data, _ := json.Marshal(settings)
	sum := sha256.Sum256(data)
	return "lint " + hex.EncodeToString(sum[:])
}

// notePolicy reports a generate that recorded policy settings without a
// schema change.
func notePolicy(stderr io.Writer, res *generate.Result) {
	fmt.Fprintf(stderr, "migragen: no schema changes; recorded the policy settings (%s): %s\n",
		strings.Join(res.Plan.Policy, "; "), strings.Join(res.Written, ", "))
}
