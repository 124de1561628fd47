// Package cases lists the model packages migragen is proven on, each with
// the hand-written model list an application would give AutoMigrate and
// the settings it would make, so that the analyzer's parity test and the
// runtime's zero-DDL oracle walk the same set.
package cases

import (
	"slices"
	"strings"

	gormtests "gorm.io/gorm/utils/tests"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/internal/corpus/checks"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/corpus/crosspkg/a"
	"github.com/migragen/migragen/internal/corpus/crosspkg/b"
	"github.com/migragen/migragen/internal/corpus/discovery"
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
	"github.com/migragen/migragen/internal/corpus/layouts/base"
	callermodels "github.com/migragen/migragen/internal/corpus/layouts/caller/models"
	depmodels "github.com/migragen/migragen/internal/corpus/layouts/dep/models"
	"github.com/migragen/migragen/internal/corpus/many2many"
	"github.com/migragen/migragen/internal/corpus/naming"
	"github.com/migragen/migragen/internal/corpus/polymorphic"
	"github.com/migragen/migragen/internal/corpus/realworld"
	"github.com/migragen/migragen/internal/corpus/relations"
	"github.com/migragen/migragen/internal/corpus/runtimetypes"
	"github.com/migragen/migragen/internal/corpus/serializers"
	"github.com/migragen/migragen/internal/corpus/wellknown"
	"github.com/migragen/migragen/internal/corpus/wellknown_mysql"
	"github.com/migragen/migragen/internal/corpus/wellknown_pg"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// GORMTestModels is GORM's own test model set, listed by hand as a user
// would pass it to AutoMigrate.
func GORMTestModels() []any {
	return []any{
		&gormtests.User{}, &gormtests.Account{}, &gormtests.Pet{}, &gormtests.Toy{}, &gormtests.Tools{},
		&gormtests.Language{}, &gormtests.Coupon{}, &gormtests.CouponProduct{}, &gormtests.Order{},
		&gormtests.Parent{}, &gormtests.Child{},
	}
}

// Corpus is the import path prefix of the corpus packages.
const Corpus = "github.com/migragen/migragen/internal/corpus/"

// Case is one model set: parsed by GORM at run time from the compiled-in
// models, and by the analyzer from source.
type Case struct {
	Name     string
	Pkgs     []string
	Models   []any
	Settings schema.Settings
	// Roots is the root rule the analyzer runs with (-roots).
	Roots analyzer.RootRule
	// Strict demands no diagnostics at all, not just no errors.
	Strict bool
	// JoinTables are the application's db.SetupJoinTable calls, given to
	// GORM as calls and to the analyzer as settings.
	JoinTables []gormoracle.JoinTable
	// Dialects restricts the engines the models run on (dialect-specific
	// types or index options); nil means all.
	Dialects []corpustest.Dialect
	// AutoMigrateFails says why GORM's own AutoMigrate cannot build these
	// models, so there is nothing to hold migrations against.
	AutoMigrateFails string
}

// All returns every case: each corpus package, GORM's test models, the
// example app, a two-package model set, the richest packages under each
// naming-strategy setting, and GORM's models without foreign keys.
func All() []Case {
	one := func(name string, models []any, dialects ...corpustest.Dialect) Case {
		return Case{Name: name, Pkgs: []string{Corpus + name}, Models: models, Dialects: dialects}
	}
	cases := []Case{
		{Name: "gorm-tests", Pkgs: []string{"gorm.io/gorm/utils/tests"}, Models: GORMTestModels(), Strict: true},
		one("naming", naming.Models()),
		one("embedded", embedded.Models()),
		one("kinds", kinds.Models()),
		one("indexes", indexes.Models()),
		one("indexes_mysql", indexes_mysql.Models(), corpustest.MariaDB),
		one("indexes_pg", indexes_pg.Models(), corpustest.PostgreSQL),
		one("indexes_sqlite", indexes_sqlite.Models(), corpustest.SQLite),
		one("realworld", realworld.Models()),
		one("checks", checks.Models()),
		one("relations", relations.Models()),
		one("many2many", many2many.Models()),
		one("polymorphic", polymorphic.Models()),
		one("wellknown", wellknown.Models()),
		one("wellknown_mysql", wellknown_mysql.Models(), corpustest.MariaDB),
		one("wellknown_pg", wellknown_pg.Models(), corpustest.PostgreSQL),
		one("generic", generic.Models()),
		one("runtimetypes", runtimetypes.Models()),
		one("crosspkg/a", a.Models()),
		one("edge", edge.Models()),
		one("edge/sub", sub.Models()),
		// The roots come from the package's own AutoMigrate calls, which
		// are trusted: discovery would also take its query results.
		{Name: "discovery", Pkgs: []string{Corpus + "discovery"}, Models: discovery.Models(), Roots: analyzer.RootsAutoMigrate},
		// AuditLog is migrated by a package that imports the one given,
		// and must not be dropped.
		one("layouts/caller/models", callermodels.Models()),
		// An imported package migrating its own table says nothing about
		// the models.
		one("layouts/dep/models", depmodels.Models()),
		// A base struct with the key, embedded in untagged models.
		one("layouts/base", base.Models()),
		// Strict: a serializer the module registers draws no warning.
		{Name: "serializers", Pkgs: []string{Corpus + "serializers"}, Models: serializers.Models(), Strict: true},
		{Name: "jointable", Pkgs: []string{Corpus + "jointable"}, Models: jointable.Models(), Strict: true,
			Settings:   schema.Settings{JoinTables: []schema.JoinTableSetting{{Model: "Member", Field: "Clubs", JoinModel: "Membership"}}},
			JoinTables: []gormoracle.JoinTable{{Model: &jointable.Member{}, Field: "Clubs", JoinModel: &jointable.Membership{}}}},
		{Name: "example", Pkgs: []string{"github.com/migragen/migragen/example/models"}, Models: models.All(), Strict: true},
		{Name: "crosspkg/a+b", Pkgs: []string{Corpus + "crosspkg/a", Corpus + "crosspkg/b"}, Models: append(a.Models(), b.Models()...)},
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
			c.Name += "/" + namingLabel(s)
			c.Settings.Naming = s
			if c.Name == "naming/no-lower-case" {
				c.AutoMigrateFails = "a check constraint names its column in snake case, which NoLowerCase does not produce"
			}
			cases = append(cases, c)
		}
	}
	return append(cases, Case{Name: "gorm-tests/no-fk", Pkgs: []string{"gorm.io/gorm/utils/tests"}, Models: GORMTestModels(),
		Settings: schema.Settings{DisableForeignKeyConstraints: true}, Strict: true})
}

// RunsOn reports whether the case's models run on d.
func (c Case) RunsOn(d corpustest.Dialect) bool {
	return c.Dialects == nil || slices.Contains(c.Dialects, d)
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
