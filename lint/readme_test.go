package lint

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryCode holds the README's Lint section to Rules: a row
// for every code, and no row for a code that does not exist.
func TestREADMEListsEveryCode(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n### Lint\n")
	if !ok {
		t.Fatal("README.md has no ### Lint section")
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	for _, r := range Rules {
		if !strings.Contains(section, "\n| "+r.Code+" |") {
			t.Errorf("the README's Lint section has no row for %s (%s)", r.Code, r.Finds)
		}
	}
	for _, line := range strings.Split(section, "\n") {
		if code, ok := strings.CutPrefix(line, "| MG"); ok && len(code) >= 3 && !known("MG"+code[:3]) {
			t.Errorf("the README's Lint section lists MG%s, which is no code", code[:3])
		}
	}
}
