package lint

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// File is a migration file as lint reads it, from its syntax alone, as
// the generator reads migrations (render.ReadSource): it is never
// compiled.
type File struct {
	// Path is the file's path, as given to ReadFile.
	Path string
	// ID is the revision's ID.
	ID string
	// Up are the schema changes of Up, in order.
	Up []schema.Change
	// NoTransaction and Contract are the migration's fields of those
	// names.
	NoTransaction, Contract bool
	// upLines and downLines are the lines of the change literals of Up
	// and Down, one per change.
	upLines, downLines []render.Lines
	// dataSteps are where Up's data steps run (Options.DataSteps).
	dataSteps []int
	// headerEnd is the line of the package clause: a directive above it
	// holds for the whole file.
	headerEnd  int
	directives []directive
}

// ReadFile parses the migration file at path: its Up changes, where
// each one's literal is, and its nolint directives.
func ReadFile(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	m, err := render.ReadSource(fset, af)
	if err != nil {
		return nil, err
	}
	f := &File{
		Path: path, ID: m.ID, Up: m.Up, NoTransaction: m.NoTransaction, Contract: m.Contract,
		upLines: m.UpLines, downLines: m.DownLines, dataSteps: afters(m.UpData), headerEnd: fset.Position(af.Package).Line,
	}
	for _, g := range af.Comments {
		end := fset.Position(g.End()).Line
		for _, c := range g.List {
			d, ok := parseDirective(c.Text)
			if !ok {
				continue
			}
			pos := fset.Position(c.Pos())
			d.line, d.end = pos.Line, end
			// Text before the comment on its line makes it a trailing
			// comment, about that line.
			d.trailing = strings.TrimSpace(string(src[pos.Offset-(pos.Column-1):pos.Offset])) != ""
			f.directives = append(f.directives, d)
		}
	}
	return f, nil
}

// Check lints the file's Up applied to before (the schema the revisions
// before it build; nil for none) under settings, places each finding at
// its change's line, drops the ones a directive silences, and adds a
// finding (MG100) for each directive that is malformed or silences
// nothing.
func (f *File) Check(before *schema.Snapshot, settings schema.Settings) ([]Finding, error) {
	findings, err := Check(before, f.Up, Options{Settings: settings, NoTransaction: f.NoTransaction, Contract: f.Contract, DataSteps: f.dataSteps})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	out := f.directiveProblems()
	for _, fd := range findings {
		line := f.lineOf(fd.Index)
		fd.Pos, fd.line = fmt.Sprintf("%s:%d", f.Path, line), line
		if !f.silenced(fd.Code, fd.Index) {
			out = append(out, fd)
		}
	}
	sortFindings(out)
	return out, nil
}

// lineOf is the line of change i's literal, or the package clause's for
// a finding about no change.
func (f *File) lineOf(i int) int {
	if i < 0 || i >= len(f.upLines) {
		return f.headerEnd
	}
	return f.upLines[i].First
}

// silenced reports whether a well-formed directive silences code on
// change i of Up: one in the header, or one placed on the change.
func (f *File) silenced(code string, i int) bool {
	for _, d := range f.directives {
		if d.problem != "" || d.reason == "" || !slices.Contains(d.codes, code) {
			continue
		}
		if d.line < f.headerEnd || slices.Contains(f.changesOf(d, f.upLines), i) {
			return true
		}
	}
	return false
}

// changesOf returns the indexes of the changes, among those whose
// literals are at lines, that directive d is placed on: a directive at
// the end of a line, on the change whose literal spans that line; one on
// lines of its own (with the comments around it), on the change whose
// literal starts on the next line.
func (f *File) changesOf(d directive, lines []render.Lines) []int {
	var out []int
	for i, l := range lines {
		if d.trailing && l.First <= d.line && d.line <= l.Last || !d.trailing && l.First == d.end+1 {
			out = append(out, i)
		}
	}
	return out
}

// directiveProblems returns a finding for each directive that is
// malformed, names no code or an unknown one, has no reason, or is placed
// where it silences nothing.
func (f *File) directiveProblems() []Finding {
	var out []Finding
	for _, d := range f.directives {
		var why string
		switch unknown := unknownCodes(d.codes); {
		case d.problem != "":
			why = d.problem
		case len(d.codes) == 0:
			why = "a nolint directive names no code"
		case len(unknown) > 0:
			why = "a nolint directive names " + strings.Join(unknown, ", ") + ", which is not a lint code"
		case d.reason == "":
			why = "a nolint directive needs a reason after its codes"
		case d.line < f.headerEnd || len(f.changesOf(d, f.upLines)) > 0:
			continue
		case len(f.changesOf(d, f.downLines)) > 0:
			why = "a nolint directive on a change of Down silences nothing: Down is not linted"
		case d.trailing:
			why = "a nolint directive at the end of a line silences the change of Up on that line, and there is none"
		default:
			why = "a nolint directive on lines of its own silences the change whose literal starts on the next line, and none does"
		}
		out = append(out, Finding{Code: BadNolint, Index: -1, Pos: fmt.Sprintf("%s:%d", f.Path, d.line), line: d.line, Why: why,
			Fix: "write " + nolintPrefix + " MG1xx[,MG1yy] reason, on the line right above a change of Up or at the end of its line, or in the file's header for the whole file"})
	}
	return out
}

func unknownCodes(codes []string) []string {
	var out []string
	for _, c := range codes {
		if !known(c) {
			out = append(out, c)
		}
	}
	return out
}

// afters returns, for each data step, how many changes run before it.
func afters(steps []render.DataStep) []int {
	out := make([]int, len(steps))
	for i, d := range steps {
		out[i] = d.After
	}
	return out
}
