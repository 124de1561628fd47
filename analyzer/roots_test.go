package analyzer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/corpus/cases"
)

// TestRootRules checks each root rule on packages that call AutoMigrate.
// The expected tables are GORM's: those AutoMigrate creates for the
// discovery corpus's Models() (checked against GORM by its corpus test),
// and, for rootsunread, the models its Setup passes, read by hand.
func TestRootRules(t *testing.T) {
	requireGo(t)
	corpus := cases.Corpus + "discovery"
	gormTables := "accounts billing_plans customers items orders"
	for _, tc := range []struct {
		name   string
		cfg    analyzer.Config
		pkg    string
		tables string // "" when the analysis must fail
		diag   string // a diagnostic that must be reported
	}{
		{"auto", analyzer.Config{}, corpus, gormTables, ""},
		{"automigrate", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, corpus, gormTables, ""},
		{"list", analyzer.Config{Models: []string{"Item", "Account", "Order", "Plan", "Customer"}}, corpus, gormTables, ""},
		// Discovery takes the query results for tables too, and fails on
		// ItemTotal, saying it may not be a model.
		{"discover", analyzer.Config{Roots: analyzer.RootsDiscover}, corpus, "", "ItemTotal: warning: ItemTotal may not be a model"},
		// A call through a helper cannot be read: auto discovers, and
		// adds Item, which only the direct call names.
		{"auto-unread", analyzer.Config{}, diagCases + "rootsunread", "audits items users", "note: migragen cannot tell which model this AutoMigrate argument is"},
		{"automigrate-unread", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, diagCases + "rootsunread", "", "models...: migragen cannot tell which model this AutoMigrate argument is"},
		{"automigrate-none", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, diagCases + "directives", "", "the analyzed packages call no db.AutoMigrate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := analyzeConfig(t, tc.cfg, tc.pkg)
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.String())
			}
			if tc.diag != "" && !slices.ContainsFunc(all, func(s string) bool { return strings.Contains(s, tc.diag) }) {
				t.Errorf("no diagnostic containing %q in:\n%s", tc.diag, strings.Join(all, "\n"))
			}
			if tc.tables == "" {
				if res.Snapshot != nil {
					t.Errorf("want the analysis to fail, got a snapshot")
				}
				return
			}
			if res.Snapshot == nil {
				t.Fatalf("no snapshot: %v", res.Err())
			}
			var got []string
			for _, tb := range res.Snapshot.Tables {
				got = append(got, tb.Name)
			}
			if g := strings.Join(got, " "); g != tc.tables {
				t.Errorf("tables = %q, want %q", g, tc.tables)
			}
		})
	}
}
