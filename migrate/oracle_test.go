package migrate_test

import (
	"context"
	"runtime"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/corpus/cases"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestZeroDDLOracle generates the initial migration of every model set the
// analyzer is proven on (the corpus packages, GORM's own test models, the
// example), applies it to a fresh database on each engine, and holds the
// result against GORM: the schema must equal what AutoMigrate builds, and
// AutoMigrate afterwards must have nothing more to do than on its own
// database. The models given to GORM are each case's hand-written list.
// Then up → down to base → up must give the same schema again.
func TestZeroDDLOracle(t *testing.T) {
	for _, c := range cases.All() {
		t.Run(c.Name, func(t *testing.T) {
			if c.AutoMigrateFails != "" {
				t.Skipf("GORM's AutoMigrate fails on these models: %s", c.AutoMigrateFails)
			}
			t.Parallel()
			mig := initialMigration(t, c)
			ms := oracle.Models{List: c.Models, Settings: c.Settings, Setup: setupJoinTables(c)}
			for _, d := range corpustest.AllDialects {
				if !c.RunsOn(d) {
					continue
				}
				t.Run(string(d), func(t *testing.T) {
					base := oracle.NewBaseline(t, d, ms)
					db, rec := corpustest.Open(t, d, ms.Configure)
					got := oracle.UpDownUp(t, db, []migrate.Migration{mig})
					oracle.Check(t, db, rec, ms, base, got)
				})
			}
		})
	}
}

// initialMigration is what `migragen generate` writes first for c.
func initialMigration(t *testing.T, c cases.Case) migrate.Migration {
	t.Helper()
	limitLoads <- struct{}{}
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: testenv.ModuleRoot(t), Settings: c.Settings, Roots: c.Roots}, c.Pkgs...)
	<-limitLoads
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	if res.Snapshot == nil {
		t.Fatalf("analyze: no snapshot: %v", res.Diagnostics)
	}
	changes, err := schema.Diff(schema.New(res.Snapshot.Settings), res.Snapshot, schema.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	mig, err := oracle.Migration("20260101000000_initial", nil, changes)
	if err != nil {
		t.Fatal(err)
	}
	return mig
}

func setupJoinTables(c cases.Case) func(*gorm.DB) error {
	return func(db *gorm.DB) error {
		for _, jt := range c.JoinTables {
			if err := db.SetupJoinTable(jt.Model, jt.Field, jt.JoinModel); err != nil {
				return err
			}
		}
		return nil
	}
}

// limitLoads keeps parallel subtests from starting more go commands than
// the machine has cores.
var limitLoads = make(chan struct{}, runtime.NumCPU())
