package render

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// SQLStep is a data step the generator writes itself, as a migrate.SQL:
// the copies between a renamed column's old and new names during an
// expand/contract window, say.
type SQLStep struct {
	// Comment, when set, is written above the step.
	Comment string
	// Dialect is the GORM Dialector name the step runs on ("" for all).
	Dialect string
	// Up and Down are the statements; Down is run on rollback.
	Up, Down string
	// Online runs the step after the migration's transaction
	// (migrate.SQL.Online).
	Online bool
}

// writeSQLSteps writes each step as a migrate.SQL element of a
// []migrate.Step literal.
func writeSQLSteps(b *bytes.Buffer, steps []SQLStep) {
	for _, s := range steps {
		if s.Comment != "" {
			for line := range strings.SplitSeq(strings.TrimSpace(s.Comment), "\n") {
				fmt.Fprintf(b, "// %s\n", line)
			}
		}
		b.WriteString("migrate.SQL{\n")
		if s.Dialect != "" {
			fmt.Fprintf(b, "Dialect: %s,\n", strconv.Quote(s.Dialect))
		}
		fmt.Fprintf(b, "Up: %s,\nDown: %s,\n", goString(s.Up), goString(s.Down))
		if s.Online {
			b.WriteString("Online: true,\n")
		}
		b.WriteString("},\n")
	}
}

// goString writes s as a Go string literal a reviewer can read: a raw
// string where s allows one, otherwise one quoted line per line of s,
// joined with +.
func goString(s string) string {
	if !strings.ContainsAny(s, "`\r") {
		return "`" + s + "`"
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	quoted := make([]string, len(lines))
	for i, l := range lines {
		quoted[i] = strconv.Quote(l)
	}
	return strings.Join(quoted, " +\n")
}
