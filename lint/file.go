package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// File is a migration file as lint reads it, from its syntax alone, as
// the generator reads migrations: it is never compiled.
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
	// lines are the lines of Up's change literals, one per change; nil
	// when they cannot be matched with Up.
	lines []int
	// downLines are the lines of Down's change literals.
	downLines map[int]bool
	// headerEnd is the line of the package clause: a directive above it
	// holds for the whole file.
	headerEnd  int
	directives []directive
}

// directive is one //migragen:nolint line.
type directive struct {
	line   int
	codes  []string
	reason string
	// end is the last line of the comment group that holds it: the
	// change whose literal starts on the next line is the one silenced.
	end int
}

// nolintPrefix starts a directive.
const nolintPrefix = "//migragen:nolint"

// ReadFile parses the migration file at path: its Up changes, where
// each one's literal is, and its nolint directives.
func ReadFile(path string) (*File, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	m, err := render.ReadMigration(fset, af)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, ID: m.ID, Up: m.Up, Contract: m.Contract, headerEnd: fset.Position(af.Package).Line, downLines: map[int]bool{}}
	if lit := migrationLiteral(af); lit != nil {
		f.readFields(fset, lit)
	}
	if len(f.lines) != len(f.Up) {
		f.lines = nil
	}
	for _, g := range af.Comments {
		end := fset.Position(g.End()).Line
		for _, c := range g.List {
			if rest, ok := strings.CutPrefix(c.Text, nolintPrefix); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
				codes, reason, _ := strings.Cut(strings.TrimSpace(rest), " ")
				f.directives = append(f.directives, directive{
					line: fset.Position(c.Pos()).Line, codes: splitCodes(codes), reason: strings.TrimSpace(reason), end: end,
				})
			}
		}
	}
	return f, nil
}

func splitCodes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// migrationLiteral finds the file's migrate.Migration composite literal,
// as render.ReadMigration does.
func migrationLiteral(af *ast.File) *ast.CompositeLit {
	name := ""
	for _, imp := range af.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "github.com/migragen/migragen/migrate" {
			name = "migrate"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	var found *ast.CompositeLit
	ast.Inspect(af, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && found == nil && isSelector(lit.Type, name, "Migration") {
			found = lit
		}
		return found == nil
	})
	return found
}

// readFields reads what render.ReadMigration leaves out from the
// migrate.Migration literal: the lines of the change literals and
// NoTransaction.
func (f *File) readFields(fset *token.FileSet, lit *ast.CompositeLit) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			continue
		}
		switch key.Name {
		case "NoTransaction":
			f.NoTransaction = isTrue(kv.Value)
		case "Up":
			f.lines = changeLines(fset, kv.Value)
		case "Down":
			for _, l := range changeLines(fset, kv.Value) {
				f.downLines[l] = true
			}
		}
	}
}

// changeLines returns the line of each change literal in the
// migrate.Schema steps of a []migrate.Step literal, in order.
func changeLines(fset *token.FileSet, steps ast.Expr) []int {
	lit, ok := steps.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []int
	for _, elt := range lit.Elts {
		step, ok := elt.(*ast.CompositeLit)
		if !ok || !isSelectorNamed(step.Type, "Schema") {
			continue
		}
		for _, field := range step.Elts {
			kv, ok := field.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if changes, ok := kv.Value.(*ast.CompositeLit); ok {
				for _, c := range changes.Elts {
					out = append(out, fset.Position(c.Pos()).Line)
				}
			}
		}
	}
	return out
}

func isTrue(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "true"
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == pkg && sel.Sel.Name == name
}

func isSelectorNamed(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}

// Check lints the file's Up applied to before (the schema the revisions
// before it build; nil for none) under settings, places each finding at
// its change's line, drops the ones a directive silences, and adds a
// finding (MG100) for each directive that is malformed or silences
// nothing.
func (f *File) Check(before *schema.Snapshot, settings schema.Settings) ([]Finding, error) {
	findings, err := Check(before, f.Up, Options{Settings: settings, NoTransaction: f.NoTransaction, Contract: f.Contract})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	out := f.directiveProblems()
	for _, fd := range findings {
		line := f.lineOf(fd.Index)
		fd.Pos, fd.line = fmt.Sprintf("%s:%d", f.Path, line), line
		if !f.silenced(fd.Code, line) {
			out = append(out, fd)
		}
	}
	sortFindings(out)
	return out, nil
}

// lineOf is the line of change i's literal, or the package clause's when
// the literals could not be matched with the changes.
func (f *File) lineOf(i int) int {
	if f.lines == nil {
		return f.headerEnd
	}
	return f.lines[i]
}

// silenced reports whether a well-formed directive silences code on the
// change whose literal starts at line: one in the header, or one right
// above the literal.
func (f *File) silenced(code string, line int) bool {
	for _, d := range f.directives {
		if d.reason == "" || !slices.Contains(d.codes, code) {
			continue
		}
		if d.line < f.headerEnd || f.lines != nil && d.end == line-1 {
			return true
		}
	}
	return false
}

// directiveProblems returns a finding for each directive without codes,
// with an unknown code, without a reason, or placed where it silences
// nothing.
func (f *File) directiveProblems() []Finding {
	var out []Finding
	for _, d := range f.directives {
		var why string
		switch unknown := unknownCodes(d.codes); {
		case len(d.codes) == 0:
			why = "a nolint directive names no code"
		case len(unknown) > 0:
			why = "a nolint directive names " + strings.Join(unknown, ", ") + ", which is not a lint code"
		case d.reason == "":
			why = "a nolint directive needs a reason after its codes"
		case d.line < f.headerEnd:
			continue
		case f.downLines[d.end+1]:
			why = "a nolint directive above a change of Down silences nothing: Down is not linted"
		case !f.above(d):
			why = "a nolint directive silences the change whose literal starts on the next line, and none does"
		default:
			continue
		}
		out = append(out, Finding{Code: BadNolint, Index: -1, Pos: fmt.Sprintf("%s:%d", f.Path, d.line), line: d.line, Why: why,
			Fix: "write " + nolintPrefix + " MG1xx[,MG1yy] reason, on the line right above a change of Up, or in the file's header for the whole file"})
	}
	return out
}

// above reports whether d ends right above one of Up's change literals.
func (f *File) above(d directive) bool {
	return f.lines != nil && slices.Contains(f.lines, d.end+1)
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
