package lint

import (
	"slices"
	"strings"

	"github.com/migragen/migragen/schema"
)

// Assumed lists the dialects lint checks although the model set does not
// declare them: with no Settings.Dialects, every shipped dialect but
// PostgreSQL, whose online-safe DDL is the default the lint rules are
// written against. Their findings are informational (-lint=error does not
// fail on them): a PostgreSQL-only application must not fail on what
// MySQL would do, and one deployed elsewhere is told to say so
// (UndeclaredNote). With dialects declared, lint checks those only, and
// none is assumed.
func Assumed(s schema.Settings) []string {
	if len(s.Dialects) > 0 {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(Shipped), func(d string) bool { return d == postgres })
}

// UndeclaredNote is the line to print once with findings, when one of
// them is on an assumed dialect; "" otherwise.
func UndeclaredNote(s schema.Settings, findings []Finding) string {
	assumed := Assumed(s)
	if !slices.ContainsFunc(findings, func(f Finding) bool { return slices.Contains(assumed, f.Dialect) }) {
		return ""
	}
	return "lint: no -dialects declared; findings for " + strings.Join(assumed, ", ") +
		" are informational — declare the dialects you deploy to with -dialects"
}
