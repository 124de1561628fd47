package analyzer_test

import (
	"context"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	gormtests "gorm.io/gorm/utils/tests"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/internal/corpus/checks"
	"github.com/migragen/migragen/internal/corpus/crosspkg/a"
	"github.com/migragen/migragen/internal/corpus/crosspkg/b"
	"github.com/migragen/migragen/internal/corpus/edge"
	"github.com/migragen/migragen/internal/corpus/edge/sub"
	"github.com/migragen/migragen/internal/corpus/embedded"
	"github.com/migragen/migragen/internal/corpus/generic"
	"github.com/migragen/migragen/internal/corpus/indexes"
	"github.com/migragen/migragen/internal/corpus/indexes_mysql"
	"github.com/migragen/migragen/internal/corpus/indexes_pg"
	"github.com/migragen/migragen/internal/corpus/indexes_sqlite"
	"github.com/migragen/migragen/internal/corpus/jointable"
	"github.com/migragen/migragen/internal/corpus/kinds"
	"github.com/migragen/migragen/internal/corpus/many2many"
	"github.com/migragen/migragen/internal/corpus/naming"
	"github.com/migragen/migragen/internal/corpus/polymorphic"
	"github.com/migragen/migragen/internal/corpus/realworld"
	"github.com/migragen/migragen/internal/corpus/relations"
	"github.com/migragen/migragen/internal/corpus/wellknown"
	"github.com/migragen/migragen/internal/corpus/wellknown_mysql"
	"github.com/migragen/migragen/internal/corpus/wellknown_pg"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/internal/gormfield"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/internal/testenv"
	"github.com/migragen/migragen/schema"
)

// gormTestModels is GORM's own test model set, listed by hand as a user
// would pass it to AutoMigrate.
func gormTestModels() []any {
	return []any{
		&gormtests.User{}, &gormtests.Account{}, &gormtests.Pet{}, &gormtests.Toy{}, &gormtests.Tools{},
		&gormtests.Language{}, &gormtests.Coupon{}, &gormtests.CouponProduct{}, &gormtests.Order{},
		&gormtests.Parent{}, &gormtests.Child{},
	}
}

const corpus = "github.com/migragen/migragen/internal/corpus/"

// parityCase is one model package: parsed by GORM at run time from the
// compiled-in models, and by the analyzer from source.
type parityCase struct {
	name     string
	pkgs     []string
	models   []any
	settings schema.Settings
	// strict demands no diagnostics at all, not just no errors.
	strict bool
	// joinTables are the application's db.SetupJoinTable calls, given to
	// GORM as calls and to the analyzer as settings.
	joinTables []gormoracle.JoinTable
}

func parityCases() []parityCase {
	one := func(name string, models []any) parityCase {
		return parityCase{name: name, pkgs: []string{corpus + name}, models: models}
	}
	cases := []parityCase{
		{name: "gorm-tests", pkgs: []string{"gorm.io/gorm/utils/tests"}, models: gormTestModels(), strict: true},
		one("naming", naming.Models()),
		one("embedded", embedded.Models()),
		one("kinds", kinds.Models()),
		one("indexes", indexes.Models()),
		one("indexes_mysql", indexes_mysql.Models()),
		one("indexes_pg", indexes_pg.Models()),
		one("indexes_sqlite", indexes_sqlite.Models()),
		one("realworld", realworld.Models()),
		one("checks", checks.Models()),
		one("relations", relations.Models()),
		one("many2many", many2many.Models()),
		one("polymorphic", polymorphic.Models()),
		one("wellknown", wellknown.Models()),
		one("wellknown_mysql", wellknown_mysql.Models()),
		one("wellknown_pg", wellknown_pg.Models()),
		one("generic", generic.Models()),
		one("crosspkg/a", a.Models()),
		one("edge", edge.Models()),
		one("edge/sub", sub.Models()),
		{name: "jointable", pkgs: []string{corpus + "jointable"}, models: jointable.Models(), strict: true,
			settings:   schema.Settings{JoinTables: []schema.JoinTableSetting{{Model: "Member", Field: "Clubs", JoinModel: "Membership"}}},
			joinTables: []gormoracle.JoinTable{{Model: &jointable.Member{}, Field: "Clubs", JoinModel: &jointable.Membership{}}}},
		{name: "example", pkgs: []string{"github.com/migragen/migragen/example/models"}, models: models.All(), strict: true},
		{name: "crosspkg/a+b", pkgs: []string{corpus + "crosspkg/a", corpus + "crosspkg/b"}, models: append(a.Models(), b.Models()...)},
	}
	// The naming strategy's settings change every derived name; run the
	// packages richest in names under each of them.
	for _, s := range []schema.Naming{
		{TablePrefix: "app_"},
		{SingularTable: true},
		{NoLowerCase: true},
		{TablePrefix: "t_", SingularTable: true, IdentifierMaxLength: 30},
	} {
		for _, c := range cases[:4] {
			c.name += "/" + namingLabel(s)
			c.settings.Naming = s
			cases = append(cases, c)
		}
	}
	cases = append(cases, parityCase{name: "gorm-tests/no-fk", pkgs: []string{"gorm.io/gorm/utils/tests"}, models: gormTestModels(),
		settings: schema.Settings{DisableForeignKeyConstraints: true}, strict: true})
	return cases
}

func namingLabel(n schema.Naming) string {
	var parts []string
	if n.TablePrefix != "" {
		parts = append(parts, "prefix="+n.TablePrefix)
	}
	if n.SingularTable {
		parts = append(parts, "singular")
	}
	if n.NoLowerCase {
		parts = append(parts, "no-lower-case")
	}
	if n.IdentifierMaxLength != 0 {
		parts = append(parts, "max-len")
	}
	return strings.Join(parts, ",")
}

// TestParityWithGORM is the analyzer's main correctness test: for every
// corpus package, the snapshot derived statically must equal, table by
// table and column by column, the one built from GORM's own runtime parse.
func TestParityWithGORM(t *testing.T) {
	requireGo(t)
	for _, c := range parityCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			want, err := gormoracle.Snapshot(c.models, gormoracle.Options{
				Naming:                       c.settings.Naming,
				DisableForeignKeyConstraints: c.settings.DisableForeignKeyConstraints,
				JoinTables:                   c.joinTables,
			})
			if err != nil {
				t.Fatalf("GORM cannot parse the corpus: %v", err)
			}
			res := analyze(t, c.settings, c.pkgs...)
			for _, d := range res.Diagnostics {
				if d.Severity == analyzer.Error || (c.strict && d.Severity == analyzer.Warning) {
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
func compareColumnTypes(t *testing.T, c parityCase, snap *schema.Snapshot) {
	t.Helper()
	want, err := gormoracle.ColumnTypes(c.models, gormoracle.Options{
		Naming:                       c.settings.Naming,
		DisableForeignKeyConstraints: c.settings.DisableForeignKeyConstraints,
		JoinTables:                   c.joinTables,
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
	limitLoads <- struct{}{}
	defer func() { <-limitLoads }()
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: repoRoot(t), Settings: settings}, pkgs...)
	if err != nil {
		t.Fatalf("analyze %s: %v", pkgs, err)
	}
	return res
}

// limitLoads keeps parallel subtests from starting more go commands than
// the machine has cores.
var limitLoads = make(chan struct{}, runtime.NumCPU())

func repoRoot(t *testing.T) string { return testenv.ModuleRoot(t) }

func requireGo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the analyzer needs the go command on PATH")
	}
}
