package schema

import (
	"strings"
	"testing"
)

// TestDifferencesIgnorePolicy: the policy settings reach no schema, so two
// snapshots that differ only there are equivalent (generate records a
// policy change without a revision, and proves a revision against the
// models whatever their policy), while the GORM settings still count.
func TestDifferencesIgnorePolicy(t *testing.T) {
	a := New(Settings{})
	b := New(Settings{Dialects: []string{"mysql", "postgres"}, PlainDDL: []string{"all"}})
	if d := Differences(a, b); len(d) > 0 {
		t.Errorf("snapshots differing in policy only: %v", d)
	}
	c := New(Settings{TableOptions: "ENGINE=InnoDB", Dialects: []string{"mysql"}})
	d := Differences(a, c)
	if len(d) != 1 || !strings.Contains(d[0], "tableOptions") || strings.Contains(d[0], "dialects") {
		t.Errorf("a table-options change with a policy change: %v, want one line naming tableOptions only", d)
	}
}
