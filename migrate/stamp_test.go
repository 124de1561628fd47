package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

const gadgetsRev = "20260301000000_gadgets"

// gadgets is one revision creating a table with a default and a check,
// followed by a backfill Go step and two SQL steps, one for PostgreSQL
// only and one for MySQL only. drift removes the price default and
// changes the check, as in a database built by an older model or edited
// by hand.
func gadgets(drift bool) []migrate.Migration {
	price := &schema.Column{Name: "price", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, NotNull: true,
		HasDefault: true, Default: "0", DefaultKind: schema.Int}
	if drift {
		price.HasDefault, price.Default, price.DefaultKind = false, "", ""
	}
	check := &schema.Check{Name: "price_nonneg", Expr: "price >= 0", Column: "price"}
	if drift {
		check.Expr = "price > 0"
	}
	t := &schema.Table{Name: "gadgets", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		{Name: "name", DataType: schema.String, GORMDataType: schema.String, Size: 64, NotNull: true},
		price,
	}, Checks: []*schema.Check{check}}
	return []migrate.Migration{{ID: gadgetsRev, Message: "gadgets",
		Up: []migrate.Step{
			migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: t}}},
			migrate.Go{Name: "backfill prices", Up: func(context.Context, *gorm.DB) error { return nil }, Down: migrate.Nothing},
			migrate.SQL{Dialect: "postgres", Up: "CREATE EXTENSION IF NOT EXISTS pg_trgm", Down: "SELECT 1"},
			migrate.SQL{Dialect: "mysql", Up: "SELECT 1", Down: "SELECT 1"},
		},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: t}}}}}}
}

// buildByHand makes the schema migs describe without recording it: as
// AutoMigrate or a DBA would have, the version table left empty.
func buildByHand(t *testing.T, db *gorm.DB, migs []migrate.Migration) {
	t.Helper()
	scratch := "scratch_versions"
	if err := mustNew(t, db, migs, migrate.WithVersionTable(scratch)).Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrator().DropTable(scratch); err != nil {
		t.Fatal(err)
	}
}

// TestStampRefusesDrift stamps, on three engines, a database whose price
// column lacks the revision's default and whose check differs: Stamp must
// refuse with those two differences and record nothing; Force records it, marked forced in the
// version table, Status and History. A database that matches is stamped,
// not forced, and the data steps not run are listed, the SQL steps of the
// connected dialect only.
func TestStampRefusesDrift(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			t.Run("drift", func(t *testing.T) {
				db, _ := corpustest.Open(t, d)
				buildByHand(t, db, gadgets(true))
				m := mustNew(t, db, gadgets(false))
				err := m.Stamp(ctx, "head")
				var de *migrate.StampDriftError
				if !errors.As(err, &de) {
					t.Fatalf("Stamp: %v, want a *StampDriftError", err)
				}
				if len(de.Differences) != 2 ||
					!strings.Contains(de.Differences[0], "gadgets.price") || !strings.Contains(de.Differences[0], "default") ||
					!strings.Contains(de.Differences[1], "price_nonneg") || !strings.Contains(de.Differences[1], "price>0") {
					t.Errorf("differences = %q, want the missing default of gadgets.price and the changed check price_nonneg", de.Differences)
				}
				for _, diff := range de.Differences {
					if !strings.Contains(err.Error(), "\n  "+diff+"\n") {
						t.Errorf("the error does not list %q: %v", diff, err)
					}
				}
				if !strings.Contains(err.Error(), "-force") {
					t.Errorf("the error does not name the way out: %v", err)
				}
				checkStamped(t, m, nil)

				res, err := m.StampWithResult(ctx, "head", migrate.Force())
				if err != nil {
					t.Fatalf("forced stamp: %v", err)
				}
				if !res.Forced || !slices.Equal(res.Drift.Differences, de.Differences) || !slices.Equal(res.Recorded, []string{gadgetsRev}) {
					t.Errorf("forced stamp: forced %v, differences %q, recorded %q", res.Forced, res.Drift.Differences, res.Recorded)
				}
				checkStamped(t, m, []bool{true})
				var forced []bool
				if err := db.Raw("SELECT forced FROM " + migrate.DefaultVersionTable).Scan(&forced).Error; err != nil || !slices.Equal(forced, []bool{true}) {
					t.Errorf("the version table's forced column holds %v (%v), want [true]", forced, err)
				}
			})
			t.Run("clean", func(t *testing.T) {
				db, _ := corpustest.Open(t, d)
				buildByHand(t, db, gadgets(false))
				m := mustNew(t, db, gadgets(false))
				res, err := m.StampWithResult(ctx, "head")
				if err != nil {
					t.Fatalf("Stamp: %v", err)
				}
				checkStamped(t, m, []bool{false})
				var got []string
				for _, s := range res.NotRun {
					got = append(got, s.String())
				}
				want := []string{gadgetsRev + `: Up step 2 (migrate.Go "backfill prices")`}
				switch d {
				case corpustest.PostgreSQL:
					want = append(want, gadgetsRev+": Up step 3 (migrate.SQL, postgres only): CREATE EXTENSION IF NOT EXISTS pg_trgm")
				case corpustest.MariaDB:
					want = append(want, gadgetsRev+": Up step 4 (migrate.SQL, mysql only): SELECT 1")
				}
				if res.Forced || !slices.Equal(got, want) {
					t.Errorf("stamp: forced %v, not run %q, want not forced and %q", res.Forced, got, want)
				}
				// The command helper prints the same list.
				var out strings.Builder
				cmd := migrate.Command(db, gadgets(false))
				cmd.Name, cmd.Stdout, cmd.Stderr = "app", &out, &out
				for _, args := range [][]string{{"stamp", "base"}, {"stamp", "head"}} {
					out.Reset()
					if err := cmd.Run(ctx, args); err != nil {
						t.Fatalf("%s: %v", args, err)
					}
				}
				wantOut := "stamped head without running anything; at head " + gadgetsRev + "\n" +
					fmt.Sprintf("not run: %d data step(s) of the stamped revisions; run by hand what the database still needs:\n", len(want))
				for _, w := range want {
					wantOut += "  " + w + "\n"
				}
				if out.String() != wantOut {
					t.Errorf("app stamp head printed:\n%s\nwant:\n%s", out.String(), wantOut)
				}
			})
		})
	}
}

// checkStamped compares the applied revisions' Forced flags, in Status and
// History, with forced (nil: nothing applied).
func checkStamped(t *testing.T, m *migrate.Migrator, forced []bool) {
	t.Helper()
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hist, err := m.History(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var fromStatus, fromHistory []bool
	for _, r := range st.Applied {
		fromStatus = append(fromStatus, r.Forced)
	}
	for _, r := range hist {
		if r.Applied {
			fromHistory = append(fromHistory, r.Forced)
		}
	}
	if !slices.Equal(fromStatus, forced) || !slices.Equal(fromHistory, forced) {
		t.Errorf("forced flags of the applied revisions: status %v, history %v, want %v", fromStatus, fromHistory, forced)
	}
}
