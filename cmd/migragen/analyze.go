package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/schema"
)

// analyzeFlags are the flags of every command that reads models.
type analyzeFlags struct {
	tags, models, roots string
	verbose             bool
	settings            schema.Settings
}

func (a *analyzeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.tags, "tags", "", "comma-separated build tags, as for go build")
	fs.StringVar(&a.roots, "roots", "auto", "how the root models are found: auto (the models the packages' db.AutoMigrate calls name and those discover finds, warning where they differ), discover, automigrate, or a comma-separated list of models (Name or import/path.Name)")
	fs.StringVar(&a.models, "models", "", "comma-separated root models; the same as -roots with a list")
	fs.BoolVar(&a.verbose, "v", false, "also report the models found and why others were skipped")
	n := &a.settings.Naming
	fs.StringVar(&n.TablePrefix, "table-prefix", "", "NamingStrategy.TablePrefix of the application's *gorm.DB")
	fs.BoolVar(&n.SingularTable, "singular-table", false, "NamingStrategy.SingularTable of the application's *gorm.DB")
	fs.BoolVar(&n.NoLowerCase, "no-lower-case", false, "NamingStrategy.NoLowerCase of the application's *gorm.DB")
	fs.IntVar(&n.IdentifierMaxLength, "identifier-max-length", 0, "NamingStrategy.IdentifierMaxLength; 0 means GORM's default per dialect")
	fs.BoolVar(&a.settings.DisableForeignKeyConstraints, "disable-fk-constraints", false, "gorm.Config.DisableForeignKeyConstraintWhenMigrating")
	fs.StringVar(&a.settings.TableOptions, "table-options", "", `the value the application sets with db.Set("gorm:table_options", ...)`)
	fs.Func("join-table", "a db.SetupJoinTable call, as Model.Field=JoinModel (repeatable)", func(v string) error {
		lhs, join, ok := strings.Cut(v, "=")
		i := strings.LastIndex(lhs, ".")
		if !ok || i <= 0 || i == len(lhs)-1 || join == "" {
			return fmt.Errorf("want Model.Field=JoinModel, got %q", v)
		}
		a.settings.JoinTables = append(a.settings.JoinTables, schema.JoinTableSetting{Model: lhs[:i], Field: lhs[i+1:], JoinModel: join})
		return nil
	})
	registerPolicy(fs, &a.settings)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// rootRule reads -roots and -models: a rule, or the models a list names.
func (a *analyzeFlags) rootRule() (analyzer.RootRule, []string, error) {
	switch a.roots {
	case "auto":
		return analyzer.RootsAuto, splitList(a.models), nil
	case "discover":
		return analyzer.RootsDiscover, nil, a.noModels()
	case "automigrate":
		return analyzer.RootsAutoMigrate, nil, a.noModels()
	}
	models := splitList(a.roots)
	if len(models) == 0 {
		return 0, nil, fmt.Errorf("-roots %q: want auto, discover, automigrate or a list of models", a.roots)
	}
	return analyzer.RootsAuto, models, a.noModels()
}

func (a *analyzeFlags) noModels() error {
	if a.models != "" {
		return fmt.Errorf("-models and -roots %s contradict each other; give the list with -roots", a.roots)
	}
	return nil
}

// analyze runs the analyzer and prints its diagnostics to stderr. It
// returns nil and an exit code when the caller should stop.
func (a *analyzeFlags) analyze(ctx context.Context, patterns []string, stderr io.Writer) (*analyzer.Result, int) {
	rule, models, err := a.rootRule()
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return nil, exitUsage
	}
	res, err := analyzer.Analyze(ctx, analyzer.Config{
		Tags:     splitList(a.tags),
		Models:   models,
		Roots:    rule,
		Settings: a.settings,
	}, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return nil, exitUsage
	}
	for _, d := range res.Diagnostics {
		if d.Severity != analyzer.Info || a.verbose {
			fmt.Fprintln(stderr, d)
		}
	}
	if a.verbose {
		for _, m := range res.Models {
			kind := "added by AutoMigrate"
			if m.Root {
				kind = "root"
			}
			name := m.Type
			if name == "" {
				name = "join table"
			}
			fmt.Fprintf(stderr, "%s: %s: table %s (%s)\n", m.Pos, name, m.Table, kind)
		}
	}
	if res.Snapshot == nil {
		fmt.Fprintln(stderr, "migragen: the models have errors; nothing was derived")
		return nil, exitFindings
	}
	roots := 0
	for _, m := range res.Models {
		if m.Root {
			roots++
		}
	}
	if !a.verbose {
		fmt.Fprintf(stderr, "migragen: %d tables from %d root models (-v lists them)\n", len(res.Models), roots)
	}
	return res, exitOK
}
