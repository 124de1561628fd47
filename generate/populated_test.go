package generate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// These tests generate migrations from model source, as a user's
// go:generate does, and apply them to tables that hold rows on
// PostgreSQL, MariaDB and SQLite (issue 9, defects 3 to 5).

// modelStep is one version of a model package: its declarations (the
// file has no imports) and the -allow list generate is given.
type modelStep struct {
	decls string
	allow []string
}

// generated is a migrations directory that generateSteps wrote.
type generated struct {
	migrations []migrate.Migration
	plans      []*PlanResult
}

// revision returns the ID of the i'th step's revision.
func (g generated) revision(i int) string { return g.migrations[i].ID }

// generateSteps runs generate once per step on one migrations directory and
// returns the revisions, read back from the directory as an application
// compiles them, and the plan of each step.
func generateSteps(t *testing.T, steps ...modelStep) generated {
	t.Helper()
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	var g generated
	for i, s := range steps {
		writeDecls(t, models, s.decls)
		res, err := Generate(context.Background(), Config{Dir: dir, Patterns: []string{"./" + filepath.ToSlash(models)},
			Message: "step", Allow: s.allow, Now: clock(fmt.Sprintf("2026-01-%02dT00:00:00Z", i+1))})
		if err != nil {
			t.Fatalf("generate step %d: %v", i+1, err)
		}
		if res.ID == "" {
			t.Fatalf("generate step %d: no changes", i+1)
		}
		g.plans = append(g.plans, res.Plan)
	}
	g.migrations = loadMigrations(t, dir)
	return g
}

// loadMigrations reads the revisions of a migrations directory as an
// application compiles them.
func loadMigrations(t *testing.T, dir string) []migrate.Migration {
	t.Helper()
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []migrate.Migration
	for _, f := range st.Migrations {
		out = append(out, migrate.Migration{ID: f.ID, Parents: f.Parents, Message: f.Message,
			Up:   []migrate.Step{migrate.Schema{Changes: f.Up}},
			Down: []migrate.Step{migrate.Schema{Changes: f.Down}}})
	}
	return out
}

// writeDecls writes a model package without imports.
func writeDecls(t *testing.T, dir, decls string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "models.go"), []byte("package models\n\n"+decls), 0o644); err != nil {
		t.Fatal(err)
	}
}

// summaries returns the header lines of a plan's changes.
func summaries(p *PlanResult) []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, c.String())
	}
	return out
}

// populated opens a database of dialect d with the migrations applied up
// to and including revision, and rows inserted by the statements.
func populated(t *testing.T, d corpustest.Dialect, g generated, revision string, inserts ...string) (*gorm.DB, *corpustest.Recorder, *migrate.Migrator) {
	t.Helper()
	db, rec := corpustest.Open(t, d)
	m, err := migrate.New(db, g.migrations)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UpTo(context.Background(), revision); err != nil {
		t.Fatalf("up to %s: %v", revision, err)
	}
	for _, s := range inserts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return db, rec, m
}

// count returns the number of rows of table.
func count(t *testing.T, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEmptyDefaultsOnPopulatedTables: default:” (and 0 and false) is a
// default, as it is in GORM. A nullable column that becomes NOT NULL with
// it is not destructive, the header names the default, and the migration
// backfills the NULLs on every engine before the column becomes NOT NULL.
func TestEmptyDefaultsOnPopulatedTables(t *testing.T) {
	g := generateSteps(t,
		modelStep{decls: "type Item struct {\n\tID     uint\n\tName   *string `gorm:\"size:100\"`\n\tQty    *int\n\tActive *bool\n}\n"},
		modelStep{decls: "type Item struct {\n\tID     uint\n\tName   string `gorm:\"size:100;not null;default:''\"`\n" +
			"\tQty    int    `gorm:\"not null;default:0\"`\n\tActive bool   `gorm:\"not null;default:false\"`\n}\n"})
	want := []string{
		"~ column items.name (NOT NULL, default ''; NULLs backfilled with its default)",
		"~ column items.qty (NOT NULL, default 0; NULLs backfilled with its default)",
		"~ column items.active (NOT NULL, default false; NULLs backfilled with its default)",
	}
	if got := summaries(g.plans[1]); !slices.Equal(got, want) {
		t.Errorf("header lines:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	type item struct {
		Name   string
		Qty    int
		Active bool
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _, m := populated(t, d, g, g.revision(0),
				"INSERT INTO items (name, qty, active) VALUES (NULL, NULL, NULL)",
				"INSERT INTO items (name, qty, active) VALUES ('kept', 5, TRUE)")
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up over rows holding NULL: %v", err)
			}
			// The column defaults fill a row that names none of them.
			if err := db.Exec("INSERT INTO items (id) VALUES (100)").Error; err != nil {
				t.Fatal(err)
			}
			var got []item
			if err := db.Raw("SELECT name, qty, active FROM items ORDER BY id").Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if want := []item{{"", 0, false}, {"kept", 5, true}, {"", 0, false}}; !slices.Equal(got, want) {
				t.Errorf("rows after the migration: %+v, want %+v", got, want)
			}
			for _, c := range []string{"name", "qty", "active"} {
				if err := db.Exec("INSERT INTO items (" + c + ") VALUES (NULL)").Error; err == nil {
					t.Errorf("items.%s accepts NULL after the migration", c)
				}
			}
			if err := m.DownTo(ctx, g.revision(0)); err != nil {
				t.Fatalf("down over the backfilled rows: %v", err)
			}
			if n := count(t, db, "items"); n != 3 {
				t.Errorf("%d rows after down, want 3", n)
			}
		})
	}
}

// TestAddNotNullColumnNeedsDefault: a NOT NULL column without a default,
// added to a table that may hold rows, is refused until it is
// acknowledged, like a column made NOT NULL without a default; both
// refusals say to add a default, not to add a rename hint. The fix they
// suggest, a default (an empty string one included), applies on every
// engine to a table with rows.
func TestAddNotNullColumnNeedsDefault(t *testing.T) {
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	cfg := func(at string, allow ...string) Config {
		return Config{Dir: dir, Patterns: []string{"./" + filepath.ToSlash(models)}, Message: "step", Allow: allow, Now: clock(at)}
	}
	ctx := context.Background()
	writeDecls(t, models, "type Item struct {\n\tID   uint\n\tName string `gorm:\"size:100\"`\n}\n")
	if _, err := Generate(ctx, cfg("2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}

	writeDecls(t, models, "type Item struct {\n\tID    uint\n\tName  string `gorm:\"size:100;not null\"`\n"+
		"\tCode  string `gorm:\"size:20;not null\"`\n\tLabel string `gorm:\"size:20;not null;default:''\"`\n\tSeq   int    `gorm:\"not null;default:0\"`\n}\n")
	_, err := Generate(ctx, cfg("2026-01-02T00:00:00Z"))
	var de *DestructiveError
	if !errors.As(err, &de) {
		t.Fatalf("a NOT NULL column without a default: err %v, want a DestructiveError", err)
	}
	var keys []string
	for _, c := range de.Plan.Unacknowledged {
		keys = append(keys, allowKey(c))
	}
	if !slices.Equal(keys, []string{"items.code", "items.name"}) {
		t.Errorf("refused changes %q, want items.code and items.name (a default, '' and 0 included, makes a column safe)", keys)
	}
	msg := err.Error()
	for _, s := range []string{
		"+ column items.code: ",
		"fix: the rows already in items have no value for it: give it a default",
		"allow with: -allow items.code",
		"~ column items.name (NOT NULL): ",
		"fix: nothing fills its NULLs: give it a default",
		"allow with: -allow items.name",
	} {
		if !strings.Contains(msg, s) {
			t.Errorf("the refusal lacks %q:\n%s", s, msg)
		}
	}
	if strings.Contains(msg, "rename") {
		t.Errorf("the refusal of NOT NULL columns suggests a rename:\n%s", msg)
	}
	for _, allow := range [][]string{{"items.code", "items.name"}, {"items"}} {
		if p, err := Plan(ctx, cfg("2026-01-02T00:00:00Z", allow...)); err != nil || len(p.Unacknowledged) != 0 {
			t.Errorf("-allow %s: err %v, unacknowledged %v", allow, err, p.Unacknowledged)
		}
	}

	// The suggested fix: defaults.
	writeDecls(t, models, "type Item struct {\n\tID    uint\n\tName  string `gorm:\"size:100;not null;default:'none'\"`\n"+
		"\tCode  string `gorm:\"size:20;not null;default:''\"`\n\tLabel string `gorm:\"size:20;not null;default:''\"`\n\tSeq   int    `gorm:\"not null;default:0\"`\n}\n")
	if _, err := Generate(ctx, cfg("2026-01-02T00:00:00Z")); err != nil {
		t.Fatalf("NOT NULL columns with defaults: %v", err)
	}
	g := generated{migrations: loadMigrations(t, dir)}
	type item struct {
		Name, Code, Label string
		Seq               int
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db, _, m := populated(t, d, g, g.revision(0), "INSERT INTO items (name) VALUES ('a'), (NULL)")
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up over a table with rows: %v", err)
			}
			var got []item
			if err := db.Raw("SELECT name, code, label, seq FROM items ORDER BY id").Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if want := []item{{"a", "", "", 0}, {"none", "", "", 0}}; !slices.Equal(got, want) {
				t.Errorf("rows after the migration: %+v, want %+v", got, want)
			}
		})
	}
}

// TestReferencedKeyKeepsForeignKeys: a comment or a default on a key that
// foreign keys reference changes no type, so the keys stay: the
// migration neither drops nor adds one, rebuilds no child table on SQLite,
// and applies on MariaDB, which changes such a column in place. The keys
// still hold afterwards, and no row is lost.
func TestReferencedKeyKeepsForeignKeys(t *testing.T) {
	// Models are found by their gorm tags: the children's keys carry one.
	const children = "type Team struct {\n\tID             uint `gorm:\"primaryKey\"`\n\tOrganizationID uint\n\tOrganization   Organization\n}\n\n" +
		"type Member struct {\n\tID             uint `gorm:\"primaryKey\"`\n\tOrganizationID uint\n\tOrganization   Organization\n}\n\n" +
		"type Office struct {\n\tID         uint\n\tRegionCode string `gorm:\"size:8\"`\n\tRegion     Region `gorm:\"foreignKey:RegionCode\"`\n}\n"
	g := generateSteps(t,
		modelStep{decls: "type Organization struct {\n\tID   uint\n\tName string `gorm:\"size:50\"`\n}\n\n" +
			"type Region struct {\n\tCode string `gorm:\"primaryKey;size:8\"`\n\tName string `gorm:\"size:50\"`\n}\n\n" + children},
		modelStep{decls: "type Organization struct {\n\tID   uint   `gorm:\"comment:the organization\"`\n\tName string `gorm:\"size:50\"`\n}\n\n" +
			"type Region struct {\n\tCode string `gorm:\"primaryKey;size:8;default:'eu';comment:ISO code\"`\n\tName string `gorm:\"size:50\"`\n}\n\n" + children})
	got := summaries(g.plans[1])
	slices.Sort(got)
	if want := []string{"~ column organizations.id (comment the organization)", "~ column regions.code (default 'eu', comment ISO code)"}; !slices.Equal(got, want) {
		t.Fatalf("changes:\n%s\nwant only\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	rows := map[string]int64{"organizations": 2, "teams": 3, "members": 2, "regions": 2, "offices": 2}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, rec, m := populated(t, d, g, g.revision(0),
				"INSERT INTO organizations (name) VALUES ('a'), ('b')",
				"INSERT INTO teams (organization_id) VALUES (1), (2), (2)",
				"INSERT INTO members (organization_id) VALUES (1), (2)",
				"INSERT INTO regions (code, name) VALUES ('eu', 'Europe'), ('us', 'America')",
				"INSERT INTO offices (region_code) VALUES ('eu'), ('us')")
			rec.Reset()
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up: %v", err)
			}
			for _, s := range rec.DDL() {
				upper := strings.ToUpper(s)
				if strings.Contains(upper, "FOREIGN KEY") || strings.Contains(upper, "CONSTRAINT") {
					t.Errorf("the migration touches a foreign key: %s", s)
				}
				for _, child := range []string{"teams", "members", "offices"} {
					if strings.Contains(s, "_migragen_new_"+child) {
						t.Errorf("the migration rebuilds child table %s: %s", child, s)
					}
				}
			}
			for table, n := range rows {
				if got := count(t, db, table); got != n {
					t.Errorf("%s has %d rows after the migration, want %d", table, got, n)
				}
			}
			for _, orphan := range []string{
				"INSERT INTO teams (organization_id) VALUES (99)",
				"INSERT INTO members (organization_id) VALUES (99)",
				"INSERT INTO offices (region_code) VALUES ('xx')",
			} {
				if err := db.Exec(orphan).Error; err == nil {
					t.Errorf("a foreign key is gone: %s succeeded", orphan)
				}
			}
			// The new default is in place.
			if err := db.Exec("DELETE FROM offices WHERE region_code = 'eu'").Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("DELETE FROM regions WHERE code = 'eu'").Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("INSERT INTO regions (name) VALUES ('Europe again')").Error; err != nil {
				t.Errorf("the key's default: %v", err)
			}
			if err := m.DownTo(ctx, g.revision(0)); err != nil {
				t.Fatalf("down: %v", err)
			}
		})
	}
}
