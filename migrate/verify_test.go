package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// verifyWants is the line Verify must report for each of driftKinds, per
// engine where it differs, worked out by hand from the SQL each drift runs
// and the types GORM gives the migrations' columns (a 120-character string
// is varchar(120) on PostgreSQL and MariaDB, text on SQLite).
var verifyWants = map[string]map[corpustest.Dialect]string{
	"extra column": {corpustest.PostgreSQL: "users: extra column extra integer", corpustest.MariaDB: "users: extra column extra int",
		corpustest.SQLite: "users: extra column extra integer"},
	"changed type": {corpustest.PostgreSQL: "users.email: type varchar(200), want varchar(120)",
		corpustest.MariaDB: "users.email: type varchar(200), want varchar(120)", corpustest.SQLite: "users.email: type varchar(200), want text"},
	"dropped not null": {"": "users.name: nullable, want NOT NULL"},
	"missing index":    {"": "users: missing index idx_users_email (email)"},
	// MariaDB says RESTRICT for the default action, which is InnoDB's NO
	// ACTION; its own index for the key is not reported.
	"hand-added foreign key": {"": "users: extra foreign key fk_hand (company_id) REFERENCES companies(id) ON UPDATE NO ACTION ON DELETE NO ACTION"},
	"changed default":        {"": "users.name: default 'nobody', want 'anon'"},
}

// TestVerifyDrift applies the migrations with rows in the tables, requires
// Verify to find nothing, then makes each drift of driftKinds by hand and
// requires Verify to report exactly its one line, and the verify command
// to print it and fail.
func TestVerifyDrift(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		for _, k := range driftKinds {
			t.Run(string(d)+"/"+strings.ReplaceAll(k.name, " ", "_"), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				db, _ := corpustest.Open(t, d)
				migs := driftMigrations()
				m := mustNew(t, db, migs)
				if err := m.Up(ctx); err != nil {
					t.Fatalf("up: %v", err)
				}
				for _, s := range []string{"INSERT INTO companies (title) VALUES ('acme')",
					"INSERT INTO users (name, email, company_id) VALUES ('ann', 'ann@example.com', 1)"} {
					if err := db.Exec(s).Error; err != nil {
						t.Fatal(err)
					}
				}
				drift, err := m.Verify(ctx)
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				if !drift.Clean() || len(drift.Notes) > 0 || drift.Revision != "20260102000000_users" {
					t.Fatalf("verify before the drift: %+v, want clean at 20260102000000_users", drift)
				}
				if out, err := runVerify(db, migs); err != nil || out != "the database matches 20260102000000_users\n" {
					t.Errorf("verify command before the drift: %v, printed %q; want success saying it matches", err, out)
				}

				k.apply(t, d, db)
				want, ok := verifyWants[k.name][d]
				if !ok {
					want = verifyWants[k.name][""]
				}
				if drift, err = m.Verify(ctx); err != nil {
					t.Fatalf("verify: %v", err)
				}
				if !slices.Equal(drift.Differences, []string{want}) || len(drift.Notes) > 0 {
					t.Errorf("verify after the drift: differences %q, notes %q; want only %q", drift.Differences, drift.Notes, want)
				}

				out, err := runVerify(db, migs)
				if err == nil || !strings.Contains(err.Error(), "differs from 20260102000000_users in 1 place") {
					t.Errorf("verify command: %v, want an error that the database differs in 1 place", err)
				}
				if out != want+"\n" {
					t.Errorf("verify command printed %q, want %q", out, want+"\n")
				}
			})
		}
	}
}

// runVerify runs the verify command and returns what it printed.
func runVerify(db *gorm.DB, migs []migrate.Migration) (string, error) {
	var out strings.Builder
	cmd := migrate.Command(db, migs)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run(context.Background(), []string{"verify"})
	return out.String(), err
}

// TestVerifyNeedsInspector: on a dialect without a dialect.Inspector (a
// dialect registered by an application) Verify refuses, saying why, rather than report every table
// missing.
func TestVerifyNeedsInspector(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	name := fmt.Sprintf("noinspector%d", unknownDialects.Add(1))
	lite, err := dialect.Lookup(db)
	if err != nil {
		t.Fatal(err)
	}
	dialect.Register(renamedDialect{lite, name})
	db = db.Session(&gorm.Session{})
	db.Dialector = renamed{db.Dialector, name}
	m := mustNew(t, db, driftMigrations())
	_, err = m.Verify(context.Background())
	if !errors.Is(err, migrate.ErrCannotVerify) || !strings.Contains(err.Error(), "the "+name+" dialect has no dialect.Inspector") {
		t.Errorf("Verify on a dialect without an inspector: %v, want ErrCannotVerify naming the dialect", err)
	}
	// Stamp refuses too, and Force records the revisions unverified.
	ctx := context.Background()
	if err := m.Stamp(ctx, "head"); !errors.Is(err, migrate.ErrCannotVerify) {
		t.Errorf("Stamp without an inspector: %v, want ErrCannotVerify", err)
	}
	res, err := m.StampWithResult(ctx, "head", migrate.Force())
	if err != nil || !res.Forced || !res.Unverified {
		t.Errorf("forced Stamp without an inspector: %+v, %v; want it recorded forced and unverified", res, err)
	}
}
