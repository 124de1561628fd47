package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// driftMigrations create companies, then users, whose columns, index and
// default give each hand-made drift something to change.
func driftMigrations() []migrate.Migration {
	id := func() *schema.Column {
		return &schema.Column{Name: "id", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	}
	companies := &schema.Table{Name: "companies", Columns: []*schema.Column{id(),
		{Name: "title", DataType: schema.String, GORMDataType: schema.String, Size: 100}}}
	users := &schema.Table{Name: "users", Columns: []*schema.Column{id(),
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 64, NotNull: true, HasDefault: true, Default: "anon", DefaultKind: schema.String},
		{Name: "email", DataType: schema.String, GORMDataType: schema.String, Size: 120},
		{Name: "company_id", DataType: schema.Int, GORMDataType: schema.Int, Size: 64},
	}, Indexes: []*schema.Index{{Name: "idx_users_email", Columns: []*schema.IndexColumn{{Column: "email"}}}}}
	create := func(id string, parents []string, t *schema.Table) migrate.Migration {
		return migrate.Migration{ID: id, Parents: parents,
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: t}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: t}}}}}
	}
	return []migrate.Migration{
		create("20260101000000_companies", nil, companies),
		create("20260102000000_users", []string{"20260101000000_companies"}, users),
	}
}

// driftKind is one hand-made change, as SQL per engine. SQLite alters
// little in place: its changes rebuild users from its CREATE statement
// with edit applied, as a person does by hand.
type driftKind struct {
	name   string
	pg, my string
	lite   func(create string) string
}

var driftKinds = []driftKind{
	{name: "extra column",
		pg: "ALTER TABLE users ADD COLUMN extra integer", my: "ALTER TABLE users ADD COLUMN extra int",
		lite: func(c string) string { return strings.TrimSuffix(c, ")") + ",`extra` integer)" }},
	{name: "changed type",
		pg: "ALTER TABLE users ALTER COLUMN email TYPE varchar(200)", my: "ALTER TABLE users MODIFY email varchar(200)",
		lite: func(c string) string { return strings.Replace(c, "`email` text", "`email` varchar(200)", 1) }},
	{name: "dropped not null",
		pg: "ALTER TABLE users ALTER COLUMN name DROP NOT NULL", my: "ALTER TABLE users MODIFY name varchar(64) NULL DEFAULT 'anon'",
		lite: func(c string) string { return strings.Replace(c, `NOT NULL DEFAULT "anon"`, `DEFAULT "anon"`, 1) }},
	{name: "missing index",
		pg: "DROP INDEX idx_users_email", my: "DROP INDEX idx_users_email ON users"},
	{name: "hand-added foreign key",
		pg: "ALTER TABLE users ADD CONSTRAINT fk_hand FOREIGN KEY (company_id) REFERENCES companies(id)",
		my: "ALTER TABLE users ADD CONSTRAINT fk_hand FOREIGN KEY (company_id) REFERENCES companies(id)",
		lite: func(c string) string {
			return strings.TrimSuffix(c, ")") + ",CONSTRAINT `fk_hand` FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`))"
		}},
	{name: "changed default",
		pg: "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'nobody'", my: "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'nobody'",
		lite: func(c string) string { return strings.Replace(c, `DEFAULT "anon"`, `DEFAULT "nobody"`, 1) }},
}

// apply makes the drift on db.
func (k driftKind) apply(t *testing.T, d corpustest.Dialect, db *gorm.DB) {
	t.Helper()
	var stmts []string
	switch {
	case d == corpustest.PostgreSQL:
		stmts = []string{k.pg}
	case d == corpustest.MariaDB:
		stmts = []string{k.my}
	case k.lite == nil: // the index drop is the same
		stmts = []string{k.pg}
	default:
		stmts = sqliteRebuild(t, db, k.lite)
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// sqliteRebuild returns the statements that rebuild users with edit
// applied to its CREATE TABLE statement, keeping its rows and indexes.
func sqliteRebuild(t *testing.T, db *gorm.DB, edit func(string) string) []string {
	t.Helper()
	return sqliteRebuildTable(t, db, "users", "id, name, email, company_id", edit)
}

// TestDriftCheck applies the migrations with WithDriftCheck on each
// engine, then requires Up to pass while nothing changed (the fingerprint
// is stable), to pass after a table the migrations do not own was added,
// and to fail, saying to run verify, after each hand-made drift. Without
// the option the same Up passes.
func TestDriftCheck(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		for _, k := range driftKinds {
			t.Run(string(d)+"/"+strings.ReplaceAll(k.name, " ", "_"), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				db, _ := corpustest.Open(t, d)
				migs := driftMigrations()
				if err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx); err != nil {
					t.Fatalf("up: %v", err)
				}
				var fps []string
				if err := db.Raw("SELECT fingerprint FROM migragen_versions ORDER BY id").Scan(&fps).Error; err != nil {
					t.Fatal(err)
				}
				if len(fps) != 2 || len(fps[0]) != 64 || len(fps[1]) != 64 || fps[0] == fps[1] {
					t.Fatalf("recorded fingerprints %q, want two different SHA-256 hex digests", fps)
				}
				if err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx); err != nil {
					t.Fatalf("up with nothing changed: %v", err)
				}
				if err := db.Exec("CREATE TABLE other (id int)").Error; err != nil {
					t.Fatal(err)
				}
				if err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx); err != nil {
					t.Fatalf("up after a table the migrations do not own was created: %v", err)
				}

				if d == corpustest.SQLite {
					// A rebuild by hand that changes nothing is no drift.
					noop := driftKind{lite: func(c string) string { return strings.TrimSuffix(c, ")") + " )" }}
					noop.apply(t, d, db)
					if err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx); err != nil {
						t.Fatalf("up after rebuilding users unchanged: %v", err)
					}
				}

				k.apply(t, d, db)
				err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx)
				var de *migrate.DriftError
				if !errors.As(err, &de) || de.Revision != "20260102000000_users" || !strings.Contains(err.Error(), "run verify") {
					t.Fatalf("up after the drift: %v, want a DriftError naming 20260102000000_users that says to run verify", err)
				}
				if err := mustNew(t, db, migs).Up(ctx); err != nil {
					t.Errorf("up without WithDriftCheck: %v", err)
				}
			})
		}
	}
}

// TestDriftCheckAfterDown rolls back a revision that was applied before
// the newest one still applied: two branches add a column each to
// companies, the second branch is applied first, and Down(2) rolls back
// the merge and that branch. The newest remaining revision's own
// fingerprint still has the second branch's column; Up with the check
// must compare with the catalog the rollback left, pass, and apply the
// two again.
func TestDriftCheckAfterDown(t *testing.T) {
	base := driftMigrations()[0]
	addColumn := func(id, name string) migrate.Migration {
		c := &schema.Column{Name: name, DataType: schema.Int, GORMDataType: schema.Int, Size: 64}
		return migrate.Migration{ID: id, Parents: []string{base.ID},
			Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.AddColumn{Table: "companies", Column: c}}}},
			Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropColumn{Table: "companies", Column: c}}}}}
	}
	a, b := addColumn("20260103000000_a", "a"), addColumn("20260104000000_b", "b")
	merge := migrate.Migration{ID: "20260105000000_merge", Parents: []string{a.ID, b.ID}}
	migs := []migrate.Migration{base, a, b, merge}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			m := mustNew(t, db, migs, migrate.WithDriftCheck())
			if err := m.UpTo(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if err := m.Down(ctx, 2); err != nil {
				t.Fatal(err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Applied) != 2 || st.Applied[1].ID != a.ID {
				t.Fatalf("applied after Down(2): %v, want %s and %s", st.Applied, base.ID, a.ID)
			}
			if err := mustNew(t, db, migs, migrate.WithDriftCheck()).Up(ctx); err != nil {
				t.Fatalf("up after the rollback: %v", err)
			}
		})
	}
}

// TestDriftCheckAfterStamp adopts a database by stamp with WithDriftCheck:
// the stamp records the catalog's fingerprint, so the first Up after it
// already notices a drift made by hand.
func TestDriftCheckAfterStamp(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := driftMigrations()
			// Build the schema the migrations describe, then forget that
			// migrations built it: a database to adopt.
			if err := mustNew(t, db, migs).Up(ctx); err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("DROP TABLE " + migrate.DefaultVersionTable).Error; err != nil {
				t.Fatal(err)
			}
			m := mustNew(t, db, migs, migrate.WithDriftCheck())
			if err := m.Stamp(ctx, "head"); err != nil {
				t.Fatalf("stamp: %v", err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up right after the stamp: %v", err)
			}
			driftKinds[0].apply(t, d, db)
			if err := m.Up(ctx); err == nil || !strings.Contains(err.Error(), "verify") {
				t.Fatalf("up after a drift: %v, want the drift check to fail saying to run verify", err)
			}
		})
	}
}

// TestStampRenewsFingerprint: after a drift the drift check refuses Up;
// once the database is brought back to what the revisions say, or the
// team accepts it, stamping head again renews the fingerprint and Up
// starts again. A stamp that does not verify is refused, as ever.
func TestStampRenewsFingerprint(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := driftMigrations()
			m := mustNew(t, db, migs, migrate.WithDriftCheck())
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			driftKinds[0].apply(t, d, db) // an extra column
			if err := m.Up(ctx); err == nil {
				t.Fatal("up after the drift passed")
			}
			if err := m.Stamp(ctx, "head"); err == nil {
				t.Fatal("stamp over the drift passed without Force")
			}
			if err := m.Stamp(ctx, "head", migrate.Force()); err != nil {
				t.Fatalf("forced stamp: %v", err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("up after the forced stamp accepted the catalog: %v", err)
			}
			st, err := m.Status(ctx)
			if err != nil || len(st.Applied) == 0 || !st.Applied[len(st.Applied)-1].Forced {
				t.Fatalf("status after the forced stamp: %+v, %v; want the head marked forced", st, err)
			}
		})
	}
}
