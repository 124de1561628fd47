package fleet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/migrate"
)

// runCmd runs the fleet command with args and returns its stdout, its
// stderr with durations blanked, and its error.
func runCmd(t *testing.T, cmd *fleet.Cmd, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Name, cmd.Stdout, cmd.Stderr = "app-fleet", &out, &errOut
	err = cmd.Run(context.Background(), args)
	return out.String(), durations.ReplaceAllString(errOut.String(), "DUR"), err
}

var durations = regexp.MustCompile(`\d+(\.\d+)?(ms|s)\b`)

// TestCommandTemplate drives SQLite files through the command with a DSN
// template: up -json with a canary, the JSON read back; status with a
// target behind; up with a failing target, which exits with the
// summary's error.
func TestCommandTemplate(t *testing.T) {
	template := sqliteTemplate(t)
	cmd := fleet.Command(openWith(sqlite.Open), fleetMigrations(nil))
	tpl := []string{"-template", template, "-names", "a, b,c"}

	out, errOut, err := runCmd(t, cmd, slices.Concat([]string{"up", "-json", "-canary", "1", "-parallel", "2"}, tpl, []string{revItems})...)
	if err != nil {
		t.Fatalf("up: %v\n%s", err, errOut)
	}
	var s fleet.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("up -json printed what is not a summary: %v\n%s", err, out)
	}
	if s.Revision != revItems || len(s.Targets) != 3 || s.Counts[fleet.Migrated] != 3 || !s.Targets[0].Canary || s.Targets[1].Canary {
		t.Errorf("up -json summary: %+v", s)
	}
	for _, name := range []string{"a", "b", "c"} {
		if !strings.Contains(errOut, name+": applied "+revItems+" (DUR)\n") || !strings.Contains(errOut, name+": migrated base -> "+revItems+"; 1 pending (DUR)\n") {
			t.Errorf("progress lacks %s's lines:\n%s", name, errOut)
		}
	}
	if strings.Contains(out+errOut, filepath.Dir(template)) {
		t.Errorf("the output shows a DSN:\n%s%s", out, errOut)
	}

	// Behind is no failure; the table names what is pending.
	out, _, err = runCmd(t, cmd, slices.Concat([]string{"status"}, tpl)...)
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	want := "a  at " + revItems + "; 1 pending: " + revNote + "\n"
	if !strings.Contains(out, want) || !strings.Contains(out, "3 targets: 0 at head, 3 behind, 0 need attention (head "+revNote+")") {
		t.Errorf("status:\n%s\nwant a line %q and the counts", out, want)
	}

	// A poisoned target fails; the others migrate; the error is the
	// summary's.
	db, err := openWith(sqlite.Open)(strings.ReplaceAll(template, fleet.NamePlaceholder, "b"))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "INSERT INTO items (name) VALUES (?)", poison)
	closeDB(db)
	out, _, err = runCmd(t, cmd, slices.Concat([]string{"up"}, tpl)...)
	var ferr *fleet.Error
	if !errors.As(err, &ferr) || !slices.Equal(ferr.Failed, []string{"b"}) {
		t.Fatalf("up with b poisoned: %v, want a *fleet.Error naming b", err)
	}
	for _, line := range []string{
		"a  migrated",
		"b  failed      at " + revItems + "; 1 pending",
		"3 targets: 2 migrated, 1 failed in",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("up summary lacks %q:\n%s", line, out)
		}
	}
}

// TestCommandTargetsFile reads NAME=DSN lines, applies a shard of them,
// then the rest: each target is migrated once, by one of the two runs.
func TestCommandTargetsFile(t *testing.T) {
	template := sqliteTemplate(t)
	var lines []string
	for _, name := range names("t", 8) {
		lines = append(lines, name+"="+strings.ReplaceAll(template, fleet.NamePlaceholder, name))
	}
	file := filepath.Join(t.TempDir(), "targets")
	if err := os.WriteFile(file, []byte("# tenants\n\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := fleet.Command(openWith(sqlite.Open), fleetMigrations(nil))
	migrated := map[string]int{}
	for _, shard := range []string{"1/2", "2/2"} {
		out, _, err := runCmd(t, cmd, "up", "-json", "-targets", file, "-shard", shard)
		if err != nil {
			t.Fatalf("up -shard %s: %v", shard, err)
		}
		var s fleet.Summary
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.Targets {
			if r.State == fleet.Migrated {
				migrated[r.Target]++
			}
		}
	}
	for _, name := range names("t", 8) {
		if migrated[name] != 1 {
			t.Errorf("%s was migrated %d times over the two shards, want once", name, migrated[name])
		}
	}
}

// TestCommandPostgresTemplate shows the README's template on PostgreSQL
// schemas: search_path={name} puts each schema's tables in the schema.
func TestCommandPostgresTemplate(t *testing.T) {
	template, admin := pgTemplate(t)
	e := pgEngine(t, 3)
	cmd := fleet.Command(openWith(postgres.Open), fleetMigrations(nil))
	if _, errOut, err := runCmd(t, cmd, "up", "-template", template, "-names", strings.Join(e.names, ",")); err != nil {
		t.Fatalf("up: %v\n%s", err, errOut)
	}
	for _, name := range e.names {
		if cols := e.columns(t, name); !slices.Equal(cols, []string{"id", "name", "note"}) {
			t.Errorf("%s: items has columns %q", name, cols)
		}
	}
	var elsewhere int64
	if err := admin.Raw("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'items' AND table_schema = current_schema()").Scan(&elsewhere).Error; err != nil || elsewhere != 0 {
		t.Errorf("items in the template DSN's own schema: %d, %v", elsewhere, err)
	}
}

// TestCommandBadArgs checks that bad arguments are usage errors that say
// what to write, and that a targets file with a DSN where a name belongs
// is refused naming its line.
func TestCommandBadArgs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "targets")
	if err := os.WriteFile(file, []byte("a=x.db\nhost=db1 dbname=app\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := fleet.Command(openWith(sqlite.Open), fleetMigrations(nil))
	for _, tc := range []struct {
		args  []string
		want  string
		usage bool
	}{
		{nil, "no command given", true},
		{[]string{"down"}, `unknown command "down"`, true},
		{[]string{"up"}, "no targets: give -targets FILE or -template DSN -names LIST", true},
		{[]string{"up", "-targets", file, "-template", "{name}"}, "not both", true},
		{[]string{"up", "-template", "x.db", "-names", "a"}, "has no {name}", false},
		{[]string{"up", "-template", "{name}.db"}, "-template needs -names", true},
		{[]string{"up", "-template", "{name}.db", "-names", "a;b"}, `target name "a;b"`, false},
		{[]string{"up", "-template", "{name}.db", "-names", "a", "-shard", "3/2"}, `-shard "3/2": want I/N`, true},
		{[]string{"up", "-parallel", "x"}, "invalid value", true},
		{[]string{"up", "-template", "{name}.db", "-names", "a,b", "-shard", "1/2", "-canary", "1"}, "-canary 1 with -shard: each runner would take the first 1 of its own shard", true},
		{[]string{"status", "-canary", "1"}, "flag provided but not defined: -canary", true},
		{[]string{"status", "-template", "{name}.db", "-names", "a", "head"}, `unexpected argument "head"`, true},
		{[]string{"up", "-targets", file}, file + `:2: the line starts with the DSN keyword "host"`, false},
	} {
		_, _, err := runCmd(t, cmd, tc.args...)
		var usage *migrate.UsageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.As(err, &usage) != tc.usage {
			t.Errorf("%q: %v; want an error containing %q (usage error: %v)", tc.args, err, tc.want, tc.usage)
		}
	}
	out, _, err := runCmd(t, cmd, "help")
	if err != nil || !strings.Contains(out, "usage: app-fleet <command>") || !strings.Contains(out, "-continue-on-error=false") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

// TestCommandContract checks that up holds a contraction back with the
// hint to run up -contract, and that -contract applies it.
func TestCommandContract(t *testing.T) {
	migs := fleetMigrations(nil)
	migs[1].Contract = true // revNote, on top of revItems
	cmd := fleet.Command(openWith(sqlite.Open), migs)
	tpl := []string{"-template", sqliteTemplate(t), "-names", "a"}
	_, errOut, err := runCmd(t, cmd, slices.Concat([]string{"up"}, tpl)...)
	if err != nil || !strings.Contains(errOut, "a: holding back the contraction "+revNote+": once no binary older than its expansion runs, apply it with app-fleet up -contract\n") {
		t.Fatalf("up: %v; want the held line with its hint:\n%s", err, errOut)
	}
	out, errOut, err := runCmd(t, cmd, slices.Concat([]string{"up", "-contract"}, tpl)...)
	if err != nil || !strings.Contains(out, "migrated    "+revItems+" -> "+revNote) {
		t.Errorf("up -contract: %v\n%s%s", err, out, errOut)
	}
}
