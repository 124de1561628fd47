package analyzer_test

import (
	"context"
	"os/exec"
	"runtime"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/internal/corpus/cases"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/internal/gormfield"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

// TestParityWithGORM is the analyzer's main correctness test: for every
// corpus package, the snapshot derived statically must equal, table by
// table and column by column, the one built from GORM's own runtime parse.
func TestParityWithGORM(t *testing.T) {
	requireGo(t)
	for _, c := range cases.All() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			want, err := gormoracle.Snapshot(c.Models, gormoracle.Options{
				Naming:                       c.Settings.Naming,
				DisableForeignKeyConstraints: c.Settings.DisableForeignKeyConstraints,
				JoinTables:                   c.JoinTables,
			})
			if err != nil {
				t.Fatalf("GORM cannot parse the corpus: %v", err)
			}
			res := analyzeConfig(t, analyzer.Config{Settings: c.Settings, Roots: c.Roots}, c.Pkgs...)
			for _, d := range res.Diagnostics {
				if d.Severity == analyzer.Error || (c.Strict && d.Severity == analyzer.Warning) {
					t.Errorf("diagnostic: %s", d)
				}
			}
			if res.Snapshot == nil {
				t.Fatal("no snapshot")
			}
			for _, diff := range gormoracle.Compare(want, res.Snapshot) {
				t.Error(diff)
			}
			compareColumnTypes(t, c, res.Snapshot)
		})
	}
}

// compareColumnTypes checks the analyzer's columns against each GORM
// driver: rebuilt into the field the drivers read, every column must
// compile on PostgreSQL, MySQL, SQLite and SQL Server to what GORM's own
// migrator writes for the parsed model.
func compareColumnTypes(t *testing.T, c cases.Case, snap *schema.Snapshot) {
	t.Helper()
	want, err := gormoracle.ColumnTypes(c.Models, gormoracle.Options{
		Naming:                       c.Settings.Naming,
		DisableForeignKeyConstraints: c.Settings.DisableForeignKeyConstraints,
		JoinTables:                   c.JoinTables,
	})
	if err != nil {
		t.Fatal(err)
	}
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, tb := range snap.Tables {
		for _, col := range tb.Columns {
			for _, name := range dialects.Names {
				got := dbs[name].Migrator().FullDataTypeOf(gormfield.Field(col)).SQL
				if w := want[tb.Name][col.Name][name]; got != w {
					t.Errorf("%s.%s on %s: analyzer's column compiles to %q, GORM's to %q", tb.Name, col.Name, name, got, w)
				}
				compared++
			}
		}
	}
	if compared == 0 {
		t.Error("no column was compared")
	}
}

// analyze runs the analyzer in the repository's module, whose go.mod
// provides the corpus packages and GORM's own test models.
func analyze(t *testing.T, settings schema.Settings, pkgs ...string) *analyzer.Result {
	t.Helper()
	return analyzeConfig(t, analyzer.Config{Settings: settings}, pkgs...)
}

// analyzeConfig is analyze with more of the configuration.
func analyzeConfig(t *testing.T, cfg analyzer.Config, pkgs ...string) *analyzer.Result {
	t.Helper()
	limitLoads <- struct{}{}
	defer func() { <-limitLoads }()
	cfg.Dir = testenv.ModuleRoot(t)
	res, err := analyzer.Analyze(context.Background(), cfg, pkgs...)
	if err != nil {
		t.Fatalf("analyze %s: %v", pkgs, err)
	}
	return res
}

// limitLoads keeps parallel subtests from starting more go commands than
// the machine has cores.
var limitLoads = make(chan struct{}, runtime.NumCPU())

func requireGo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the analyzer needs the go command on PATH")
	}
}
