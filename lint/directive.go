package lint

import (
	"regexp"
	"strings"
)

// nolintPrefix starts a directive.
const nolintPrefix = "//migragen:nolint"

// directive is one //migragen:nolint comment.
type directive struct {
	line   int
	codes  []string
	reason string
	// problem says why the directive is malformed; it then silences
	// nothing.
	problem string
	// trailing says that code precedes the directive on its line: it is
	// about the change on that line.
	trailing bool
	// end is the last line of the comment group that holds it: a
	// directive on lines of its own is about the change whose literal
	// starts on the next line.
	end int
}

// looksLikeCode matches a word that reads as a lint code.
var looksLikeCode = regexp.MustCompile(`(?i)^MG1\d\d,?$`)

// parseDirective reads the comment text as a directive, and reports
// whether it is one: a comment that starts with nolintPrefix is, well
// formed or not. A well-formed one is the prefix, whitespace, its codes
// separated by commas (with or without spaces around them), and a reason.
func parseDirective(text string) (directive, bool) {
	rest, ok := strings.CutPrefix(text, nolintPrefix)
	if !ok {
		return directive{}, false
	}
	var d directive
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		d.problem = "a nolint directive is " + nolintPrefix + ", whitespace, its codes and a reason; " + strings.Fields(text)[0] + " is not one"
		return d, true
	}
	words := strings.Fields(rest)
	// The code list runs on while a comma joins the words.
	n := 0
	list := ""
	for n < len(words) {
		list += words[n]
		n++
		if n == len(words) || !strings.HasSuffix(list, ",") && !strings.HasPrefix(words[n], ",") {
			break
		}
	}
	for _, c := range strings.Split(list, ",") {
		if c != "" {
			d.codes = append(d.codes, c)
		}
	}
	d.reason = strings.Join(words[n:], " ")
	if n < len(words) && looksLikeCode.MatchString(words[n]) {
		d.problem = "a nolint directive's reason starts with " + strings.TrimSuffix(words[n], ",") + ", which reads as a code: separate the codes with commas (" + nolintPrefix + " MG106,MG101 reason)"
	}
	return d, true
}
