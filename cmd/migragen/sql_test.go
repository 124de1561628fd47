package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gormsqlserver "gorm.io/driver/sqlserver"
	"gorm.io/gorm"

	"github.com/migragen/migragen/cmd/migragen/internal/offlinefixture"
	"github.com/migragen/migragen/example/migrations"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/ddlnorm"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/migrate"
)

// runCLI runs migragen with args in this process and returns its stdout;
// it must succeed with nothing on stderr but what allowStderr allows.
func runCLI(t *testing.T, allowStderr bool, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("migragen %s: exit %d\n%s", strings.Join(args, " "), code, &stderr)
	}
	if !allowStderr && stderr.Len() > 0 {
		t.Errorf("migragen %s wrote to stderr:\n%s", strings.Join(args, " "), &stderr)
	}
	return stdout.String()
}

// TestOfflineSQLMatchesProgram: the script sql writes from the files of a
// migrations directory, without compiling it, is byte for byte the one
// the compiled package writes (migrate.Migrator.SQL), on every dialect:
// same statements, same checks, same marks for Go steps and the same
// checksums in the version-table rows. The example's revisions hold a Go
// step; the fixture's a -split pair with per-dialect SQL copy steps and
// triggers, checks (one waived), and hand-added SQL and Go steps.
func TestOfflineSQLMatchesProgram(t *testing.T) {
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		name, dir string
		all       []migrate.Migration
	}{
		{"example", "../../example/migrations", migrations.All()},
		{"fixture", "internal/offlinefixture", offlinefixture.All()},
	} {
		for _, d := range dialects.Names {
			for _, r := range [][2]string{{"base", "head"}, {"head", "-1"}, {"base", "head~1"}} {
				t.Run(set.name+"/"+d+"/"+r[0]+"-"+r[1], func(t *testing.T) {
					m, err := migrate.New(dbs[d], set.all)
					if err != nil {
						t.Fatal(err)
					}
					want, err := m.SQL(context.Background(), r[0], r[1])
					if err != nil {
						t.Fatal(err)
					}
					got := runCLI(t, false, "sql", "-dialect", d, "-dir", set.dir, r[0], r[1])
					if got != want {
						t.Errorf("the offline script differs from the program's at %s", lineDiff([]byte(got), []byte(want)))
					}
				})
			}
		}
	}
}

// TestSQLServerCreatesMatchGORM compares the CREATE statements of the
// SQL Server script for the example models, generated afresh, with those
// GORM's sqlserver migrator issues for the same models in DryRun mode
// (no server runs here: CREATE is all GORM reaches; the ALTERs are golden
// tests in dialect/sqlserver). Only what GORM orders at random is
// normalised: the order of the constraints in a CREATE TABLE, and of the
// statements.
func TestSQLServerCreatesMatchGORM(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	runCLI(t, true, "generate", "-dir", dir, "-lint=off", "github.com/migragen/migragen/example/models")
	script := runCLI(t, false, "sql", "-dialect", "sqlserver", "-dir", dir)
	_, revisions, ok := strings.Cut(script, "\n-- up ") // after the version table
	if !ok {
		t.Fatalf("no revision in the script:\n%s", script)
	}
	var ours []string
	for s := range strings.SplitSeq(revisions, "\nGO\n") {
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "CREATE ") {
			ours = append(ours, ddlnorm.SortConstraints(s))
		}
	}

	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	db, err := gorm.Open(dbs["sqlserver"].Dialector, &gorm.Config{DryRun: true, DisableAutomaticPing: true})
	if err != nil {
		t.Fatal(err)
	}
	var gorms []string
	for _, v := range db.Migrator().(gormsqlserver.Migrator).ReorderModels(models.All(), true) {
		rec := &corpustest.Recorder{}
		if err := db.Session(&gorm.Session{Logger: rec}).Migrator().CreateTable(v); err != nil {
			t.Fatalf("GORM CreateTable %T: %v", v, err)
		}
		for _, s := range rec.Statements() {
			if strings.HasPrefix(s, "CREATE ") {
				gorms = append(gorms, ddlnorm.SortConstraints(s))
			}
		}
	}
	slices.Sort(ours)
	slices.Sort(gorms)
	if len(gorms) < 6 {
		t.Fatalf("GORM created only %d statements; the comparison would prove little", len(gorms))
	}
	if !slices.Equal(ours, gorms) {
		t.Errorf("the sqlserver script's CREATE statements differ from GORM's:\nmigragen:\n\t%s\nGORM:\n\t%s",
			strings.Join(ours, "\n\t"), strings.Join(gorms, "\n\t"))
	}
	t.Logf("compared %d CREATE statements", len(gorms))
}

// TestOfflineScriptApplies runs the offline script of the example's
// migrations on each real engine, as a DBA would, statement by statement
// on one connection, and then asks the compiled program: every revision
// is applied and none is modified (the script recorded the program's
// checksums), and the live schema is the one the revisions describe
// (Verify introspects it). The Go step the script only marks fills data,
// not schema.
func TestOfflineScriptApplies(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d)
			script := runCLI(t, false, "sql", "-dialect", string(d), "-dir", "../../example/migrations")
			err := db.Connection(func(conn *gorm.DB) error {
				for _, stmt := range scriptStatements(script) {
					if err := conn.Exec(stmt).Error; err != nil {
						t.Fatalf("%s: %v", stmt, err)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			m, err := migrate.New(db, migrations.All())
			if err != nil {
				t.Fatal(err)
			}
			st, err := m.Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Applied) != len(migrations.All()) || len(st.Pending) > 0 || len(st.Modified) > 0 || st.Dirty != nil {
				t.Errorf("after the script: %d applied, pending %v, modified %v, dirty %v", len(st.Applied), st.Pending, st.Modified, st.Dirty)
			}
			drift, err := m.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !drift.Clean() {
				t.Errorf("the database the script built differs from the migrations: %v", drift.Differences)
			}
		})
	}
}

// scriptStatements splits a script (without SQL Server's GO batches) into
// its statements, dropping the comment lines. The example's statements
// hold no ";" at a line's end.
func scriptStatements(script string) []string {
	var lines []string
	for l := range strings.Lines(script) {
		if !strings.HasPrefix(l, "-- ") {
			lines = append(lines, l)
		}
	}
	var out []string
	for s := range strings.SplitSeq(strings.Join(lines, ""), ";\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
