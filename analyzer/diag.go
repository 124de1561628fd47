package analyzer

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops generation.
type Severity int

const (
	// Error means GORM would fail or migragen cannot know what GORM does;
	// no snapshot is produced.
	Error Severity = iota
	// Warning flags a GORM pitfall: legal, but probably not what the
	// author meant.
	Warning
	// Info is a note: what the analyzer found or chose, and legal GORM
	// that is easy to misread, such as an ambiguous relation. The CLI
	// prints notes with -v.
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// Diagnostic is one finding, positioned like a compiler error.
type Diagnostic struct {
	Pos      token.Position
	Object   string // e.g. "models.User.Email"
	Severity Severity
	Message  string
	// Hint says how to fix it.
	Hint string
}

// String formats d the way go vet does:
// "path/file.go:12:2: models.User.Email: message (fix: hint)".
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.Pos.IsValid() {
		b.WriteString(d.Pos.String())
		b.WriteString(": ")
	}
	if d.Object != "" {
		b.WriteString(d.Object)
		b.WriteString(": ")
	}
	switch d.Severity {
	case Warning:
		b.WriteString("warning: ")
	case Info:
		b.WriteString("note: ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (fix: ")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// diagnostics collects findings while positions are still token.Pos.
type diagnostics struct {
	fset *token.FileSet
	list []*pendingDiag
	seen map[string]bool
}

type pendingDiag struct {
	pos token.Pos
	Diagnostic
}

// hint sets the fix hint of a diagnostic just reported.
func (d *pendingDiag) hint(format string, args ...any) *pendingDiag {
	d.Hint = fmt.Sprintf(format, args...)
	return d
}

func (ds *diagnostics) add(sev Severity, pos token.Pos, object, format string, args ...any) *pendingDiag {
	d := &pendingDiag{pos: pos, Diagnostic: Diagnostic{Object: object, Severity: sev, Message: fmt.Sprintf(format, args...)}}
	// An embedded struct is parsed once per model that embeds it; say each
	// thing once.
	key := fmt.Sprintf("%d\x00%s", pos, d.Message)
	if ds.seen[key] {
		return d // reported already; the caller's hint goes nowhere
	}
	if ds.seen == nil {
		ds.seen = map[string]bool{}
	}
	ds.seen[key] = true
	ds.list = append(ds.list, d)
	return d
}

func (ds *diagnostics) errorf(pos token.Pos, object, format string, args ...any) *pendingDiag {
	return ds.add(Error, pos, object, format, args...)
}

func (ds *diagnostics) warnf(pos token.Pos, object, format string, args ...any) *pendingDiag {
	return ds.add(Warning, pos, object, format, args...)
}

func (ds *diagnostics) infof(pos token.Pos, object, format string, args ...any) *pendingDiag {
	return ds.add(Info, pos, object, format, args...)
}

// resolve returns the diagnostics sorted by position, with file names made
// relative to dir where that is shorter.
func (ds *diagnostics) resolve(dir string) []Diagnostic {
	out := make([]Diagnostic, 0, len(ds.list))
	for _, d := range ds.list {
		dd := d.Diagnostic
		if d.pos.IsValid() && ds.fset != nil {
			dd.Pos = ds.fset.Position(d.pos)
			if rel, err := filepath.Rel(dir, dd.Pos.Filename); err == nil && !strings.HasPrefix(rel, "..") {
				dd.Pos.Filename = rel
			}
		}
		out = append(out, dd)
	}
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
	})
	return out
}
