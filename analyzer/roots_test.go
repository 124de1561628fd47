package analyzer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/corpus/cases"
	"github.com/migragen/migragen/schema"
)

// TestRootRules checks each root rule on packages that call AutoMigrate.
// The expected tables are GORM's: those AutoMigrate creates for the
// corpus packages' Models() (checked against GORM by their corpus tests),
// the union of those with the discovered structs where auto must not drop
// them (table names from GORM's NamingStrategy), and, for the testdata
// packages, read by hand.
func TestRootRules(t *testing.T) {
	requireGo(t)
	corpus := cases.Corpus + "discovery"
	gormTables := "accounts billing_plans customers items orders"
	caller := cases.Corpus + "layouts/caller/models"
	for _, tc := range []struct {
		name   string
		cfg    analyzer.Config
		pkg    string
		tables string   // "" when the analysis must fail
		diags  []string // diagnostics that must be reported
	}{
		// The calls name five tables; discovery also takes two query
		// results, which auto keeps with a warning each, and leaves out
		// ItemTotal (it has errors) and PlanView (Plan's table), saying so.
		{"auto", analyzer.Config{}, corpus, "account_with_stats accounts billing_plans customers item_rankeds items orders", []string{
			"ItemRanked: warning: ItemRanked looks like a model and is taken as one, but no AutoMigrate call of the analyzed packages names it (fix: if the program migrates it elsewhere, pass that package too",
			"AccountWithStats: warning: AccountWithStats looks like a model",
			"ItemTotal: warning: ItemTotal may not be a model: it has errors, was found only because it looks like one, and no AutoMigrate call names it; it is left out",
			"PlanView: warning: PlanView is left out: no AutoMigrate call names it, and its table billing_plans is Plan's",
		}},
		{"automigrate", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, corpus, gormTables, nil},
		{"list", analyzer.Config{Models: []string{"Item", "Account", "Order", "Plan", "Customer"}}, corpus, gormTables, nil},
		// Discovery takes the query results for tables, Item, Account and
		// Plan for their base structs, and fails on ItemTotal.
		{"discover", analyzer.Config{Roots: analyzer.RootsDiscover}, corpus, "", []string{
			"ItemTotal: warning: ItemTotal may not be a model",
			"Item: warning: Item is not a root model: embedded in ItemRanked, it is taken for a base struct whose columns they share, not a table (fix: if Item is a table, name it in a db.AutoMigrate call",
		}},
		// A call through a helper cannot be read: auto discovers, and
		// adds Item, which only the direct call names.
		{"auto-unread", analyzer.Config{}, diagCases + "rootsunread", "audits items users", []string{"note: migragen cannot tell which model this AutoMigrate argument is"}},
		{"automigrate-unread", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, diagCases + "rootsunread", "", []string{"models...: migragen cannot tell which model this AutoMigrate argument is"}},
		{"automigrate-none", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, diagCases + "directives", "", []string{"no db.AutoMigrate call of the analyzed packages names a struct of the packages given"}},
		// The package given migrates User and Post; AuditLog is migrated
		// by package server, which imports it: auto keeps it and warns.
		{"caller-auto", analyzer.Config{}, caller, "audit_logs posts users", []string{
			"AuditLog: warning: AuditLog looks like a model and is taken as one, but no AutoMigrate call of the analyzed packages names it (fix: if the program migrates it elsewhere, pass that package too (e.g. migragen generate ./models ./cmd/server); if it is no table, put //migragen:ignore above `type AuditLog struct`, or trust the calls with -roots automigrate)",
		}},
		{"caller-automigrate", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, caller, "posts users", nil},
		{"caller-with-server", analyzer.Config{}, caller + " " + cases.Corpus + "layouts/caller/server", "audit_logs posts users", nil},
		// The only call is kv's, for its own table: the models are
		// discovered.
		{"dep-auto", analyzer.Config{}, cases.Corpus + "layouts/dep/models", "users", []string{
			"note: AutoMigrate creates a table for kv.Entry, outside the packages given; it is not in this snapshot",
		}},
		{"dep-automigrate", analyzer.Config{Roots: analyzer.RootsAutoMigrate}, cases.Corpus + "layouts/dep/models", "", []string{
			"no db.AutoMigrate call of the analyzed packages names a struct of the packages given",
		}},
		// A base struct with the key, embedded in models without gorm tags.
		{"base", analyzer.Config{}, cases.Corpus + "layouts/base", "projects todos", []string{
			"Base: warning: Base is not a root model: embedded in Todo, Project, it is taken for a base struct whose columns they share, not a table",
		}},
		// The parser's key rule: Id is a key, an ID tagged - is none.
		{"keys", analyzer.Config{}, diagCases + "rootskeys", "entry_views", []string{
			"Entry: warning: Entry is not a root model: embedded in EntryView",
			"Ghost: note: not a root model: it is a block of columns embedded in other structs",
		}},
		// Under NoLowerCase, Id's column is Id, and GORM's parse gives
		// Entry no primary key (checked with gorm's schema.Parse): a block
		// of columns, and no model is left.
		{"keys-no-lower-case", analyzer.Config{Settings: schema.Settings{Naming: schema.Naming{NoLowerCase: true}}}, diagCases + "rootskeys", "", []string{
			"Entry: note: not a root model: it is a block of columns embedded in other structs",
			"no models found",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := analyzeConfig(t, tc.cfg, strings.Fields(tc.pkg)...)
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.String())
			}
			for _, want := range tc.diags {
				if !slices.ContainsFunc(all, func(s string) bool { return strings.Contains(s, want) }) {
					t.Errorf("no diagnostic containing %q in:\n%s", want, strings.Join(all, "\n"))
				}
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
