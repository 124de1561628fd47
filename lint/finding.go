package lint

import (
	"cmp"
	"slices"
	"strings"
)

// Finding is one hazard of one change, on one dialect.
type Finding struct {
	// Code is the rule's stable code, such as "MG101".
	Code string
	// Dialect names the dialect the hazard is on; "" means every one.
	Dialect string
	// Change is the change's one-line summary, as the migration file's
	// header shows it; "" for a finding about the file (MG100).
	Change string
	// Index is the change's position in the list checked; -1 for a
	// finding about the file.
	Index int
	// Why says in a line why the change is a hazard; Fix, the safe
	// alternative.
	Why, Fix string
	// Info marks a finding that says what will happen rather than warns,
	// or one on a dialect the model set does not declare (Assumed):
	// -lint=error does not fail on it.
	Info bool
	// Pos is "file.go:41", the line of the change's literal, when the
	// change was read from a file.
	Pos string
	// line is Pos's line, for sorting a file's findings.
	line int
}

// String writes the finding as go vet writes a diagnostic:
//
//	migrations/20260102030405_x.go:41: MG101 postgres: + index idx_users_email on users: why; fix
func (f Finding) String() string {
	var b strings.Builder
	if f.Pos != "" {
		b.WriteString(f.Pos + ": ")
	}
	b.WriteString(f.Code)
	if f.Dialect != "" {
		b.WriteString(" " + f.Dialect)
	}
	if f.Info {
		b.WriteString(" (info)")
	}
	b.WriteString(": ")
	if f.Change != "" {
		b.WriteString(f.Change + ": ")
	}
	b.WriteString(f.Why)
	if f.Fix != "" {
		b.WriteString("; " + f.Fix)
	}
	return b.String()
}

// Failing counts the findings that are not informational: the ones
// -lint=error fails on.
func Failing(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if !f.Info {
			n++
		}
	}
	return n
}

// sortFindings orders findings by line (in a file), change, code and
// dialect, so that the output is stable.
func sortFindings(findings []Finding) {
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.Index, b.Index), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Dialect, b.Dialect))
	})
}
