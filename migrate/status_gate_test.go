package migrate_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	_ "github.com/migragen/migragen/dialect/mysql"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// TestStatusGateMariaDB: on MariaDB, where a failed migration leaves a
// dirty revision, `status` prints the whole status and then fails with a
// *StatusError when a revision is dirty, unknown to the program or
// modified, so that a deploy script can gate on its exit code. Pending
// revisions alone are no failure.
func TestStatusGateMariaDB(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	status := func(migs []migrate.Migration, args ...string) (string, error) {
		t.Helper()
		var out bytes.Buffer
		c := migrate.Command(db, migs)
		c.Name, c.Stdout, c.Stderr = "app", &out, &out
		if len(args) == 0 {
			args = []string{"status"}
		}
		err := c.Run(context.Background(), args)
		return out.String(), err
	}
	// wantLines requires out to hold every line of the full status.
	wantLines := func(out string, lines ...string) {
		t.Helper()
		for _, l := range append([]string{"head      ", "current   ", "applied   ", "pending   ", "dirty     "}, lines...) {
			if !strings.Contains(out, "\n"+l) && !strings.HasPrefix(out, l) {
				t.Errorf("status output lacks %q:\n%s", l, out)
			}
		}
	}

	out, err := status(cmdMigrations())
	if err != nil {
		t.Fatalf("status with two revisions pending: %v", err)
	}
	wantLines(out, "pending   2")
	if _, err := status(cmdMigrations()[:1], "up"); err != nil {
		t.Fatal(err)
	}

	// The applied revision changed in the program.
	modified := cmdMigrations()[:1]
	modified[0].Up = append(modified[0].Up, migrate.SQL{Up: "SELECT 1", Down: "SELECT 1"})
	out, err = status(modified)
	checkStatusError(t, err, migrate.StatusError{Modified: []string{cmdUsers}})
	wantLines(out, "modified  "+cmdUsers)

	// An older program, that has only another revision.
	other := cmdMigrations()[1:]
	other[0].Parents = nil
	out, err = status(other)
	checkStatusError(t, err, migrate.StatusError{Unknown: []string{cmdUsers}})
	wantLines(out, "unknown   "+cmdUsers)

	// A migration that fails after its first statement ran.
	const broken = "20260101000002_broken"
	half := append(cmdMigrations()[:1], migrate.Migration{
		ID:      broken,
		Parents: []string{cmdUsers},
		Message: "half applied",
		Up: []migrate.Step{
			migrate.SQL{Up: "CREATE TABLE half (id int)", Down: "DROP TABLE half"},
			migrate.SQL{Up: "INSERT INTO no_such_table VALUES (1)", Down: "SELECT 1"},
		},
	})
	if _, err := status(half, "up"); err == nil {
		t.Fatal("up of a failing migration succeeded")
	}
	out, err = status(half)
	checkStatusError(t, err, migrate.StatusError{Dirty: broken})
	wantLines(out, "dirty     "+broken+": ", "  to resolve: ")
}
