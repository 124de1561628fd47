package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	_ "github.com/migragen/migragen/dialect/sqlite"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

const (
	cmdUsers  = "20260101000001_users"
	cmdOrders = "20260101000002_orders"
)

// cmdMigrations is a two-revision chain: users, then orders.
func cmdMigrations() []migrate.Migration {
	id := func() *schema.Column {
		return &schema.Column{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	}
	users := &schema.Table{Name: "users", Columns: []*schema.Column{
		id(),
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 100, NotNull: true},
	}}
	orders := &schema.Table{Name: "orders", Columns: []*schema.Column{
		id(),
		{Name: "user_id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, NotNull: true},
		{Name: "total_cents", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, NotNull: true},
	}}
	return []migrate.Migration{
		{
			ID:      cmdUsers,
			Message: "create users",
			Up:      []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: users}}}},
			Down:    []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: users}}}},
		},
		{
			ID:      cmdOrders,
			Parents: []string{cmdUsers},
			Message: "add orders",
			Up:      []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: orders}}}},
			Down:    []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: orders}}}},
		},
	}
}

// syncBuffer is a bytes.Buffer safe for a Run in another goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

type cmdFixture struct {
	t              *testing.T
	dsn            string
	db             *gorm.DB
	cmd            *migrate.Cmd
	stdout, stderr *syncBuffer
	all            strings.Builder // every output, for the DSN check
}

func openSQLite(t *testing.T, dsn string) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

func newCmdFixture(t *testing.T, opts ...migrate.Option) *cmdFixture {
	t.Helper()
	f := &cmdFixture{t: t, dsn: filepath.Join(t.TempDir(), "app.db"), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	f.db = openSQLite(t, f.dsn)
	f.cmd = migrate.Command(f.db, cmdMigrations(), opts...)
	f.cmd.Name = "app"
	f.cmd.Stdout, f.cmd.Stderr = f.stdout, f.stderr
	return f
}

// run runs args and returns stdout and stderr with durations replaced by
// DUR.
func (f *cmdFixture) run(args ...string) (stdout, stderr string, err error) {
	f.t.Helper()
	f.stdout.Reset()
	f.stderr.Reset()
	err = f.cmd.Run(context.Background(), args)
	stdout, stderr = f.stdout.String(), f.stderr.String()
	f.all.WriteString(stdout + stderr)
	if err != nil {
		f.all.WriteString(err.Error())
	}
	return normalizeDurations(stdout), normalizeDurations(stderr), err
}

// ok runs args, which must succeed, and compares stdout and stderr with
// want (nil: must be empty).
func (f *cmdFixture) ok(args []string, wantOut, wantErr []string) {
	f.t.Helper()
	out, errOut, err := f.run(args...)
	if err != nil {
		f.t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	checkLines(f.t, strings.Join(args, " ")+": stdout", out, wantOut)
	checkLines(f.t, strings.Join(args, " ")+": stderr", errOut, wantErr)
}

// fails runs args, which must fail, compares stdout and stderr with want
// (nil: must be empty) and returns the error.
func (f *cmdFixture) fails(args []string, wantOut, wantErr []string) error {
	f.t.Helper()
	out, errOut, err := f.run(args...)
	if err == nil {
		f.t.Fatalf("%s succeeded", strings.Join(args, " "))
	}
	checkLines(f.t, strings.Join(args, " ")+": stdout", out, wantOut)
	checkLines(f.t, strings.Join(args, " ")+": stderr", errOut, wantErr)
	return err
}

func checkLines(t *testing.T, what, got string, want []string) {
	t.Helper()
	w := strings.Join(want, "\n")
	if len(want) > 0 {
		w += "\n"
	}
	if got != w {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", what, got, w)
	}
}

var durationRE = regexp.MustCompile(`\b\d+(ms|\.\d+s|m\d+s)\b`)

func normalizeDurations(s string) string { return durationRE.ReplaceAllString(s, "DUR") }

// tables lists the tables in the database, read independently of migrate.
func tables(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var names []string
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	return names
}

func checkTables(t *testing.T, db *gorm.DB, want ...string) {
	t.Helper()
	if got := tables(t, db); !slices.Equal(got, want) {
		t.Errorf("tables = %v, want %v", got, want)
	}
}

func TestCommandSession(t *testing.T) {
	f := newCmdFixture(t)
	pendingBoth := []string{
		"head      " + cmdOrders,
		"current   base",
		"applied   0 of 2",
		"pending   2",
		"  " + cmdUsers + "   create users",
		"  " + cmdOrders + "  add orders",
		"dirty     no",
	}
	f.ok([]string{"status"}, pendingBoth, nil)
	checkTables(t, f.db)

	// up to a revision given by a unique prefix.
	f.ok([]string{"up", "20260101000001"},
		[]string{"1 migration applied in DUR; at " + cmdUsers + "; 1 pending"},
		[]string{"applying " + cmdUsers + " create users ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions", "users")

	f.ok([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdUsers,
		"applied   1 of 2",
		"pending   1",
		"  " + cmdOrders + "  add orders",
		"dirty     no",
	}, nil)

	before := time.Now().UTC().Truncate(time.Second)
	f.ok([]string{"up"},
		[]string{"1 migration applied in DUR; at head " + cmdOrders},
		[]string{"applying " + cmdOrders + " add orders ... ok (DUR)"})
	after := time.Now().UTC()
	checkTables(t, f.db, "migragen_versions", "orders", "users")

	f.ok([]string{"up"}, []string{"nothing to do; at head " + cmdOrders}, nil)

	f.ok([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdOrders,
		"applied   2 of 2",
		"pending   0",
		"dirty     no",
	}, nil)

	// history: id, applied time in UTC as RFC 3339, message.
	out, _, err := f.run("history")
	if err != nil {
		t.Fatal(err)
	}
	histRE := regexp.MustCompile(`^(\S+)  +(\S+)  +(.+)$`)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := [][2]string{{cmdUsers, "create users"}, {cmdOrders, "add orders"}}
	if len(lines) != len(want) {
		t.Fatalf("history: %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, line := range lines {
		m := histRE.FindStringSubmatch(line)
		if m == nil || m[1] != want[i][0] || m[3] != want[i][1] {
			t.Errorf("history line %d = %q, want %s <time> %s", i+1, line, want[i][0], want[i][1])
			continue
		}
		at, err := time.Parse(time.RFC3339, m[2])
		if err != nil || !strings.HasSuffix(m[2], "Z") {
			t.Errorf("history line %d: applied time %q is not RFC 3339 in UTC", i+1, m[2])
		}
		if i == 1 && (at.Before(before) || at.After(after)) {
			t.Errorf("history: %s applied at %s, want between %s and %s", cmdOrders, at, before, after)
		}
		// The columns line up: the widest id plus two spaces, then the
		// time (20 characters) plus two spaces.
		if col := len(cmdOrders) + 2; strings.Index(line, m[2]) != col || strings.Index(line, m[3]) != col+22 {
			t.Errorf("history line %d is not aligned: %q", i+1, line)
		}
	}

	f.ok([]string{"down"},
		[]string{"1 migration rolled back in DUR; at " + cmdUsers + "; 1 pending"},
		[]string{"rolling back " + cmdOrders + " add orders ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions", "users")

	out, _, err = f.run("history")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out, "\n"); len(lines) != 3 || lines[1] != cmdOrders+"  pending               add orders" {
		t.Errorf("history after down:\n%s", out)
	}

	// stamp verifies first: orders is missing, so stamping head is refused
	// with the difference listed, and records nothing.
	err = f.fails([]string{"stamp", "head"}, nil, nil)
	var de *migrate.StampDriftError
	if !errors.As(err, &de) || len(de.Differences) != 1 || !strings.Contains(de.Differences[0], "orders") {
		t.Fatalf("stamp head without the orders table: %v, want a *migrate.StampDriftError naming orders alone", err)
	}
	f.ok([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdUsers,
		"applied   1 of 2",
		"pending   1",
		"  " + cmdOrders + "  add orders",
		"dirty     no",
	}, nil)
	// -force records without running, over the difference, which it
	// lists; status and history show the revision forced. orders stays
	// missing.
	f.ok([]string{"stamp", "-force", "head"}, []string{
		"stamped head without running anything; at head " + cmdOrders,
		"forced over 1 difference(s), recorded as forced:",
		"  " + de.Differences[0],
	}, nil)
	checkTables(t, f.db, "migragen_versions", "users")
	f.ok([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdOrders,
		"applied   2 of 2",
		"pending   0",
		"dirty     no",
		"forced    " + cmdOrders + " (stamped by force over differences: verify lists those that remain)",
	}, nil)
	out, _, err = f.run("history")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out, "\n"); len(lines) != 3 || !strings.HasSuffix(lines[1], "  add orders (stamped by force over differences)") || strings.Contains(lines[0], "forced") {
		t.Errorf("history after the forced stamp:\n%s", out)
	}
	f.ok([]string{"stamp", "base"}, []string{"stamped base without running anything; at base; 2 pending"}, nil)
	checkTables(t, f.db, "migragen_versions", "users")
	f.ok([]string{"stamp", cmdUsers}, []string{"stamped " + cmdUsers + " without running anything; at " + cmdUsers + "; 1 pending"}, nil)

	f.ok([]string{"up"},
		[]string{"1 migration applied in DUR; at head " + cmdOrders},
		[]string{"applying " + cmdOrders + " add orders ... ok (DUR)"})
	f.ok([]string{"down-to", "base"},
		[]string{"2 migrations rolled back in DUR; at base; 2 pending"},
		[]string{
			"rolling back " + cmdOrders + " add orders ... ok (DUR)",
			"rolling back " + cmdUsers + " create users ... ok (DUR)",
		})
	checkTables(t, f.db, "migragen_versions")
	f.ok([]string{"down"}, []string{"nothing to do; at base; 2 pending"}, nil)
	f.ok([]string{"status"}, pendingBoth, nil)

	// A second Up from base applies both, in order.
	f.ok([]string{"up"},
		[]string{"2 migrations applied in DUR; at head " + cmdOrders},
		[]string{
			"applying " + cmdUsers + " create users ... ok (DUR)",
			"applying " + cmdOrders + " add orders ... ok (DUR)",
		})
	f.ok([]string{"down", "2"},
		[]string{"2 migrations rolled back in DUR; at base; 2 pending"},
		[]string{
			"rolling back " + cmdOrders + " add orders ... ok (DUR)",
			"rolling back " + cmdUsers + " create users ... ok (DUR)",
		})

	// The DSN (here the database file) never appears.
	if strings.Contains(f.all.String(), f.dsn) || strings.Contains(f.all.String(), filepath.Dir(f.dsn)) {
		t.Errorf("the output names the database file %s:\n%s", f.dsn, f.all.String())
	}
}

// TestCommandSQL runs the printed script on a fresh database and checks that
// the command then finds that database at head.
func TestCommandSQL(t *testing.T) {
	f := newCmdFixture(t)
	script, stderr, err := f.run("sql")
	if err != nil {
		t.Fatal(err)
	}
	if stderr != "" {
		t.Errorf("sql wrote to stderr: %s", stderr)
	}
	for _, want := range []string{
		"-- migragen: up from base to " + cmdOrders + " for sqlite\n",
		"\n-- up " + cmdUsers + ": create users\nPRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE `users` (",
		"\n-- up " + cmdOrders + ": add orders\nPRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE `orders` (",
		"INSERT INTO `migragen_versions` ",
		"COMMIT;\n",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("sql: the script lacks %q:\n%s", want, script)
		}
	}
	if strings.Index(script, "`users`") > strings.Index(script, "`orders`") {
		t.Errorf("sql: orders comes before users:\n%s", script)
	}
	// sql runs nothing.
	checkTables(t, f.db)

	// The INSERTs record the time the script runs, not the time it was
	// written, so explicit FROM and TO and the default TO give the same
	// script byte for byte.
	if n := strings.Count(script, ", CURRENT_TIMESTAMP)"); n != 2 {
		t.Errorf("sql: %d version rows stamped with CURRENT_TIMESTAMP, want 2", n)
	}
	for _, args := range [][]string{{"sql", "base", "head"}, {"sql", "base"}} {
		if out, _, err := f.run(args...); err != nil || out != script {
			t.Errorf("%v: err %v, script differs from `sql`'s:\n%s", args, err, out)
		}
	}
	down, _, err := f.run("sql", "head", cmdUsers)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(down, "-- migragen: down from "+cmdOrders+" to "+cmdUsers+" for sqlite\n") ||
		!strings.Contains(down, "DROP TABLE `orders`;\n") || strings.Contains(down, "`users`") {
		t.Errorf("sql head %s:\n%s", cmdUsers, down)
	}

	// Run the script on another database, statement by statement.
	other := openSQLite(t, filepath.Join(t.TempDir(), "other.db"))
	for stmt := range strings.SplitSeq(script, ";\n") {
		var code []string
		for line := range strings.SplitSeq(stmt, "\n") {
			if !strings.HasPrefix(line, "--") && strings.TrimSpace(line) != "" {
				code = append(code, line)
			}
		}
		if len(code) == 0 {
			continue
		}
		if err := other.Exec(strings.Join(code, "\n")).Error; err != nil {
			t.Fatalf("running the script: %v\n%s", err, strings.Join(code, "\n"))
		}
	}
	checkTables(t, other, "migragen_versions", "orders", "users")
	c := migrate.Command(other, cmdMigrations())
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(context.Background(), []string{"up"}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "nothing to do; at head "+cmdOrders+"\n" {
		t.Errorf("up after running the script: %q", got)
	}
}

// TestCommandSQLIrreversible: a script that goes down through a data step
// without a Down is refused, saying that the script rolls back (FROM and
// TO are often swapped) and where it can end instead.
func TestCommandSQLIrreversible(t *testing.T) {
	migs := cmdMigrations()
	migs[0].Up = append(migs[0].Up, migrate.SQL{Up: "INSERT INTO users (name) VALUES ('admin')"})
	f := newCmdFixture(t)
	f.cmd = migrate.Command(f.db, migs)
	f.cmd.Stdout, f.cmd.Stderr = f.stdout, f.stderr
	err := f.fails([]string{"sql", "head", "base"}, nil, nil)
	for _, want := range []string{
		"the script from head to base goes down",
		"revision " + cmdUsers + " cannot be rolled back: its Up step 2 (migrate.SQL) has no Down",
		"(from base to head)",
		"end the script at " + cmdUsers,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("sql head base: %v\nwant it to contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "nothing was rolled back") {
		t.Errorf("sql head base speaks of a rollback it never attempts: %v", err)
	}
	// Where it suggests ending, the script can be written.
	if _, _, err := f.run("sql", "head", cmdUsers); err != nil {
		t.Errorf("sql head %s: %v", cmdUsers, err)
	}
}

func TestCommandDirtyUnknownModified(t *testing.T) {
	f := newCmdFixture(t)
	if _, _, err := f.run("up"); err != nil {
		t.Fatal(err)
	}
	// Make the state a failed MySQL apply leaves, by hand.
	if err := f.db.Exec("UPDATE migragen_versions SET dirty = ?, failed_statement = ?, error = ? WHERE id = ?",
		true, "CREATE TABLE `orders` (...)", "boom", cmdOrders).Error; err != nil {
		t.Fatal(err)
	}
	err := f.fails([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdUsers,
		"applied   1 of 2",
		"pending   1",
		"  " + cmdOrders + "  add orders",
		"dirty     " + cmdOrders + ": applying it failed or was interrupted half-way, and this database cannot roll DDL back",
		"  failing statement: CREATE TABLE `orders` (...)",
		"  error: boom",
		"  executed: 0 statement(s) before it stopped",
		"  to resolve: check the schema by hand, then either finish the migration and run `app resolve " + cmdOrders + " applied`, or undo its partial changes and run `app resolve " + cmdOrders + " pending`",
	}, nil)
	checkStatusError(t, err, migrate.StatusError{Dirty: cmdOrders})
	_, _, err = f.run("up")
	var dirty *migrate.DirtyError
	if !errors.As(err, &dirty) || dirty.Revision != cmdOrders {
		t.Errorf("up on a dirty database: %v, want a DirtyError for %s", err, cmdOrders)
	}
	if _, _, err := f.run("resolve", cmdUsers, "applied"); err == nil || !strings.Contains(err.Error(), "not dirty") {
		t.Errorf("resolve of a clean revision: %v", err)
	}
	// The confirmation names the revision the prefix stood for.
	f.ok([]string{"resolve", "20260101000002", "applied"}, []string{"resolved " + cmdOrders + " as applied; at head " + cmdOrders}, nil)

	// A revision the program does not know, and a changed one.
	if err := f.db.Exec("INSERT INTO migragen_versions (id, checksum, applied_at, duration_ms, dirty) VALUES (?, ?, ?, 0, ?)",
		"20270101000000_future", "x", time.Now().UTC(), false).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.db.Exec("UPDATE migragen_versions SET checksum = ? WHERE id = ?", "changed", cmdUsers).Error; err != nil {
		t.Fatal(err)
	}
	err = f.fails([]string{"status"}, []string{
		"head      " + cmdOrders,
		"current   " + cmdOrders,
		"applied   2 of 2",
		"pending   0",
		"dirty     no",
		"unknown   20270101000000_future (applied in the database but not in this program: a newer build migrated it)",
		"modified  " + cmdUsers + " (changed after it was applied: restore it from version control and put the change in a new migration)",
	}, nil)
	checkStatusError(t, err, migrate.StatusError{Unknown: []string{"20270101000000_future"}, Modified: []string{cmdUsers}})
}

// checkStatusError requires err to be a *migrate.StatusError equal to want
// whose message names each revision in it.
func checkStatusError(t *testing.T, err error, want migrate.StatusError) {
	t.Helper()
	var got *migrate.StatusError
	if !errors.As(err, &got) {
		t.Fatalf("status: %v, want a *migrate.StatusError", err)
	}
	if got.Dirty != want.Dirty || !slices.Equal(got.Unknown, want.Unknown) || !slices.Equal(got.Modified, want.Modified) {
		t.Errorf("status: %+v, want %+v", *got, want)
	}
	for _, id := range append(append([]string{want.Dirty}, want.Unknown...), want.Modified...) {
		if !strings.Contains(got.Error(), id) {
			t.Errorf("status error %q does not name %s", got, id)
		}
	}
}

func TestCommandBadArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"upp"}, `unknown command "upp"`},
		{[]string{"up", "a", "b"}, `up: unexpected argument "b"`},
		{[]string{"up", "-x"}, "up: flag provided but not defined: -x"},
		{[]string{"down", "x"}, `down: N must be a whole number of migrations, at least 1, not "x"`},
		{[]string{"down", "0"}, `down: N must be a whole number of migrations, at least 1, not "0"`},
		{[]string{"down", "-1"}, `down: N must be a whole number of migrations, at least 1, not "-1"`},
		{[]string{"down-to"}, "down-to: missing argument: down-to REV"},
		{[]string{"stamp"}, "stamp: missing argument: stamp [-force] REV"},
		{[]string{"status", "now"}, `status: unexpected argument "now"`},
		{[]string{"history", "x"}, `history: unexpected argument "x"`},
		{[]string{"sql", "a", "b", "c"}, `sql: unexpected argument "c"`},
		{[]string{"resolve", "x"}, "resolve: missing argument: resolve REV applied|pending"},
		{[]string{"resolve", cmdUsers, "done"}, `resolve: the second argument is applied or pending, not "done"`},
		{[]string{"help", "up"}, `help: unexpected argument "up"`},
	} {
		f := newCmdFixture(t)
		out, errOut, err := f.run(tc.args...)
		var ue *migrate.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: err = %v, want a UsageError", tc.args, err)
			continue
		}
		msg := err.Error()
		if first, _, _ := strings.Cut(msg, "\n"); first != tc.want {
			t.Errorf("%q: error starts %q, want %q", tc.args, first, tc.want)
		}
		if !strings.Contains(msg, "\n\nusage: app <command> [arguments]\n") || !strings.Contains(msg, "  resolve REV applied|pending  ") {
			t.Errorf("%q: the error lacks the usage text:\n%s", tc.args, msg)
		}
		if out != "" || errOut != "" {
			t.Errorf("%q: printed %q %q", tc.args, out, errOut)
		}
		checkTables(t, f.db)
	}

	// Errors from the runtime are not usage errors, and run nothing.
	f := newCmdFixture(t)
	for _, args := range [][]string{{"up", "nosuch"}, {"down-to", "nosuch"}, {"stamp", "nosuch"}, {"sql", "base", "nosuch"}} {
		_, _, err := f.run(args...)
		var ue *migrate.UsageError
		if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), `no revision "nosuch"`) {
			t.Errorf("%q: err = %v, want the runtime's unknown-revision error", args, err)
		}
	}
	checkTables(t, f.db)
}

// TestCommandNegativeNumbers checks that a negative number after a flag
// is an argument, the position -1 (head~1) here, and that a flag that
// takes a value keeps a negative one.
func TestCommandNegativeNumbers(t *testing.T) {
	f := newCmdFixture(t)
	f.ok([]string{"up", "-contract", "-1"},
		[]string{"1 migration applied in DUR; at " + cmdUsers + "; 1 pending"},
		[]string{"applying " + cmdUsers + " create users ... ok (DUR)"})
	checkTables(t, f.db, "migragen_versions", "users")
	// Numbers before "--" come first, as they were written.
	if out, _, err := f.run("sql", "-1", "--", "head"); err != nil || !strings.HasPrefix(out, "-- migragen: up from "+cmdUsers+" to "+cmdOrders+" for sqlite\n") {
		t.Errorf("sql -1 -- head: %v\n%s", err, out)
	}

	// On a database not adopted yet, which import requires.
	fresh := newCmdFixture(t)
	_, _, err := fresh.run("import", "-from", "goose", "-table", "-1", "1=head")
	var ue *migrate.UsageError
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "there is no table -1 in this database") {
		t.Errorf("import -table -1: %v, want the runtime's missing-table error for the table -1", err)
	}
	checkTables(t, f.db, "migragen_versions", "users")
}

func TestCommandHelp(t *testing.T) {
	f := newCmdFixture(t)
	for _, arg := range []string{"help", "-h", "--help"} {
		out, _, err := f.run(arg)
		if err != nil {
			t.Fatal(err)
		}
		if out != f.cmd.Usage() || !strings.HasPrefix(out, "usage: app <command> [arguments]\n\ncommands:\n") {
			t.Errorf("%s:\n%s", arg, out)
		}
		for _, line := range []string{
			"  up [-contract] [REV]                                  apply the pending migrations, up to REV (default head); contractions only when REV names one, or with -contract",
			"  down [N]                                              roll back the last N applied migrations (default 1)",
			"  down-to REV                                           ",
			"  status                                                ",
			"  history                                               ",
			"  stamp [-force] REV                                    ",
			"  import -from TOOL [-table T] [-force] VERSION=REV...  adopt a database goose, gormigrate or golang-migrate (TOOL) migrated",
			"  sql [FROM] [TO]                                       ",
			"  resolve REV applied|pending                           settle a dirty revision after checking the schema by hand",
			"  help                                                  show this text",
		} {
			if !strings.Contains(out, "\n"+line) {
				t.Errorf("%s: no line %q in\n%s", arg, line, out)
			}
		}
	}
	f.ok([]string{"down", "-h"}, []string{"usage: app down [N]", "", "roll back the last N applied migrations (default 1)"}, nil)
}

// TestCommandProgress checks that a WithProgress of the caller still gets
// every event beside the command's own output.
func TestCommandProgress(t *testing.T) {
	var mu sync.Mutex
	var got []string
	f := newCmdFixture(t, migrate.WithProgress(func(e migrate.Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, map[migrate.EventKind]string{migrate.Started: "started", migrate.Done: "done"}[e.Kind]+" "+e.Direction+" "+e.Revision)
	}))
	f.ok([]string{"up"},
		[]string{"2 migrations applied in DUR; at head " + cmdOrders},
		[]string{
			"applying " + cmdUsers + " create users ... ok (DUR)",
			"applying " + cmdOrders + " add orders ... ok (DUR)",
		})
	want := []string{"started up " + cmdUsers, "done up " + cmdUsers, "started up " + cmdOrders, "done up " + cmdOrders}
	if !slices.Equal(got, want) {
		t.Errorf("the caller's progress got %q, want %q", got, want)
	}
}

// TestCommandWaiting holds SQLite's write lock in another connection while
// up runs, and checks that up says it waits and then applies.
func TestCommandWaiting(t *testing.T) {
	f := newCmdFixture(t, migrate.WithLockTimeout(30*time.Second))
	if _, _, err := f.run("up", cmdUsers); err != nil {
		t.Fatal(err)
	}
	holder := openSQLite(t, f.dsn)
	sqlDB, err := holder.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Hold the write lock as another process's migration would.
	for _, stmt := range []string{"BEGIN", "CREATE TABLE other_process (x)"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	f.stdout.Reset()
	f.stderr.Reset()
	done := make(chan error, 1)
	go func() { done <- f.cmd.Run(ctx, []string{"up"}) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(f.stderr.String(), "waiting") {
		if time.Now().After(deadline) {
			t.Fatalf("up did not report waiting for the lock; stderr so far: %q", f.stderr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("up returned (%v) while another connection held the write lock; stderr: %q", err, f.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	time.Sleep(100 * time.Millisecond)
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The run plans under the lock, so it names the migration only once
	// it holds the lock.
	checkLines(t, "stderr", normalizeDurations(f.stderr.String()), []string{
		"waiting for the migration lock held by another process...",
		"applying " + cmdOrders + " add orders ... ok (DUR)",
	})
	checkLines(t, "stdout", normalizeDurations(f.stdout.String()), []string{"1 migration applied in DUR; at head " + cmdOrders})
}

// TestCommandHistoryMerge checks history's exact lines, times in UTC, and
// a merge revision's parents, on a graph with two branches.
func TestCommandHistoryMerge(t *testing.T) {
	base := cmdMigrations()
	tags := &schema.Table{Name: "tags", Columns: []*schema.Column{
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 64, PrimaryKey: true},
	}}
	const tagsID, mergeID = "20260101000003_tags", "20260101000004_merge"
	migs := append(base, migrate.Migration{
		ID:      tagsID,
		Parents: []string{cmdUsers},
		Message: "add tags",
		Up:      []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: tags}}}},
		Down:    []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: tags}}}},
	}, migrate.Migration{ID: mergeID, Parents: []string{cmdOrders, tagsID}})
	f := newCmdFixture(t)
	f.cmd = migrate.Command(f.db, migs)
	f.cmd.Name, f.cmd.Stdout, f.cmd.Stderr = "app", f.stdout, f.stderr

	f.ok([]string{"up", cmdOrders}, []string{"2 migrations applied in DUR; at " + cmdOrders + "; 2 pending"}, []string{
		"applying " + cmdUsers + " create users ... ok (DUR)",
		"applying " + cmdOrders + " add orders ... ok (DUR)",
	})
	f.ok([]string{"up", tagsID}, []string{"1 migration applied in DUR; at " + cmdOrders + ", " + tagsID + "; 1 pending"}, []string{
		"applying " + tagsID + " add tags ... ok (DUR)",
	})
	f.ok([]string{"status"}, []string{
		"head      " + mergeID,
		"current   " + cmdOrders + ", " + tagsID,
		"applied   3 of 4",
		"pending   1",
		"  " + mergeID,
		"dirty     no",
	}, nil)
	// Times with an offset, as another client may have written them.
	for id, at := range map[string]string{cmdUsers: "2026-01-02 03:04:05+02:00", cmdOrders: "2026-01-02 03:04:06+00:00", tagsID: "2026-01-02 03:04:07-05:30"} {
		if err := f.db.Exec("UPDATE migragen_versions SET applied_at = ? WHERE id = ?", at, id).Error; err != nil {
			t.Fatal(err)
		}
	}
	f.ok([]string{"history"}, []string{
		cmdUsers + "   2026-01-02T01:04:05Z  create users",
		cmdOrders + "  2026-01-02T03:04:06Z  add orders",
		tagsID + "    2026-01-02T08:34:07Z  add tags",
		mergeID + "   pending               (merges " + cmdOrders + ", " + tagsID + ")",
	}, nil)
}

// TestCommandFailure: a failing migration ends its progress line with
// FAILED, Run returns the runtime's error, and no summary is printed.
func TestCommandFailure(t *testing.T) {
	migs := append(cmdMigrations(), migrate.Migration{
		ID:      "20260101000003_broken",
		Parents: []string{cmdOrders},
		Message: "broken step",
		Up:      []migrate.Step{migrate.SQL{Up: "INSERT INTO no_such_table VALUES (1)", Down: "SELECT 1"}},
	})
	f := newCmdFixture(t)
	f.cmd = migrate.Command(f.db, migs)
	f.cmd.Name, f.cmd.Stdout, f.cmd.Stderr = "app", f.stdout, f.stderr
	out, errOut, err := f.run("up")
	if err == nil || !strings.Contains(err.Error(), "no_such_table") || !strings.Contains(err.Error(), "nothing of it was applied") {
		t.Errorf("up: err = %v, want the failing statement's error", err)
	}
	checkLines(t, "stdout", out, nil)
	checkLines(t, "stderr", errOut, []string{
		"applying " + cmdUsers + " create users ... ok (DUR)",
		"applying " + cmdOrders + " add orders ... ok (DUR)",
		"applying 20260101000003_broken broken step ... FAILED (DUR)",
	})
	f.ok([]string{"status"}, []string{
		"head      20260101000003_broken",
		"current   " + cmdOrders,
		"applied   2 of 3",
		"pending   1",
		"  20260101000003_broken  broken step",
		"dirty     no",
	}, nil)
}
