package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

const sqlUsage = "usage: migragen sql -dialect postgres|mysql|sqlite|sqlserver [-dir DIR] [-version-table NAME] [-schema NAME] [FROM [TO]]\n\n" +
	"Prints the SQL script that takes a database from revision FROM (default base)\n" +
	"to TO (default head), compiled for the dialect through GORM's own dialector with\n" +
	"no connection: the version-table statements, each revision's statements in\n" +
	"its transaction, its data checks as comments, and a mark where a Go step runs.\n" +
	"A revision is an id, a unique prefix of one, base, head, or a position:\n" +
	"head~1, head-2, -1 (one before head). The files are read, not compiled."

func runSQL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sql", sqlUsage, stderr)
	var dir, dialect, table, pgSchema string
	fs.StringVar(&dir, "dir", "migrations", "the migrations directory")
	fs.StringVar(&dialect, "dialect", "", "the dialect to compile for: "+strings.Join(dialects.Names, ", "))
	fs.StringVar(&table, "version-table", "", "the version table's name, as given to migrate.WithVersionTable (default migragen_versions)")
	fs.StringVar(&pgSchema, "schema", "", "PostgreSQL: the version table's schema, as given to migrate.WithSchema")
	revs, err := parseWithPositions(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if len(revs) > 2 {
		fmt.Fprintf(stderr, "migragen sql: unexpected argument %q\n", revs[2])
		fs.Usage()
		return exitUsage
	}
	from, to := migrate.Base, "head"
	if len(revs) > 0 {
		from = revs[0]
	}
	if len(revs) > 1 {
		to = revs[1]
	}
	db, code := dryRunDB(dialect, "-dialect", stderr)
	if db == nil {
		return code
	}
	o, err := readOffline(dir)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	var opts []migrate.Option
	if table != "" {
		opts = append(opts, migrate.WithVersionTable(table))
	}
	if pgSchema != "" {
		opts = append(opts, migrate.WithSchema(pgSchema))
	}
	return o.writeScript(ctx, db, from, to, opts, stdout, stderr)
}

// writeScript writes the script from from to to, led by the notes on
// what it cannot show as the program runs it.
func (o *offline) writeScript(ctx context.Context, db *gorm.DB, from, to string, opts []migrate.Option, stdout, stderr io.Writer) int {
	if !o.state.Empty() {
		db = withSettings(db, o.state.Snapshot.Settings)
	}
	m, err := migrate.New(db, o.migrations, opts...)
	if err == nil {
		var script string
		if script, err = m.SQL(ctx, from, to); err == nil {
			for _, n := range o.notes {
				// Only the notes of the revisions the script holds, which
				// it heads "-- up <id>: ..." or "-- down <id>: ...".
				if strings.Contains(script, "\n-- up "+n.id+":") || strings.Contains(script, "\n-- down "+n.id+":") {
					fmt.Fprintf(stdout, "-- note: %s\n", n.text)
					fmt.Fprintf(stderr, "migragen: note: %s\n", n.text)
				}
			}
			io.WriteString(stdout, script)
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "migragen: %v\n", err)
	return exitUsage
}

// dryRunDB is the DryRun database of the dialect the flag named, which
// compiles and runs nothing; nil and an exit code when it names none.
func dryRunDB(dialect, flagName string, stderr io.Writer) (*gorm.DB, int) {
	if !slices.Contains(dialects.Names, dialect) {
		fmt.Fprintf(stderr, "migragen: %s %q: name one of %s\n", flagName, dialect, strings.Join(dialects.Names, ", "))
		return nil, exitUsage
	}
	dbs, err := dialects.DryRun()
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return nil, exitUsage
	}
	return dbs[dialect], exitOK
}

// withSettings is db with the naming strategy and foreign-key setting the
// model set records, which migrate.New requires of a database; the table
// options the runtime applies itself.
func withSettings(db *gorm.DB, s schema.Settings) *gorm.DB {
	db = db.Session(&gorm.Session{}) // a copy of the shared Config
	db.NamingStrategy = gormschema.NamingStrategy{
		TablePrefix:         s.Naming.TablePrefix,
		SingularTable:       s.Naming.SingularTable,
		NoLowerCase:         s.Naming.NoLowerCase,
		IdentifierMaxLength: s.Naming.IdentifierMaxLength,
	}
	db.DisableForeignKeyConstraintWhenMigrating = s.DisableForeignKeyConstraints
	return db
}

// position matches a revision given by position alone, "-1", which the
// flag package would take for a flag.
var position = regexp.MustCompile(`^-[0-9]+$`)

// parseWithPositions parses fs from args and returns the positional
// arguments, taking "-N" for one wherever it stands.
func parseWithPositions(fs *flag.FlagSet, args []string) ([]string, error) {
	var out []string
	for {
		i := slices.IndexFunc(args, position.MatchString)
		if i < 0 {
			if err := fs.Parse(args); err != nil {
				return nil, err
			}
			return append(out, fs.Args()...), nil
		}
		if err := fs.Parse(args[:i]); err != nil {
			return nil, err
		}
		out = append(append(out, fs.Args()...), args[i])
		args = args[i+1:]
	}
}

// planSQL prints the script of the revisions generate would write for
// the plan p: generate runs on a copy of the directory, which is then
// read as sql reads a directory, so the script is of the very files.
func planSQL(ctx context.Context, g *genFlags, p *generate.PlanResult, stdout, stderr io.Writer) int {
	db, code := dryRunDB(g.sql, "-sql", stderr)
	if db == nil {
		return code
	}
	tmp, err := os.MkdirTemp("", "migragen-plan-")
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	defer os.RemoveAll(tmp)
	copyDir := filepath.Join(tmp, filepath.Base(filepath.Clean(g.dir)))
	if err := copyFiles(g.dir, copyDir); err != nil {
		fmt.Fprintf(stderr, "migragen: copying %s: %v\n", g.dir, err)
		return exitUsage
	}
	res, err := generate.Generate(ctx, generate.Config{
		Dir: copyDir, Analysis: p.Analysis, Message: g.message, Allow: splitList(g.allow), Now: clock, Split: g.split,
	})
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "migragen: -sql: %v\n", err)
		return exitFor(err)
	case res.ID == "":
		return exitOK
	}
	o, err := readOffline(copyDir)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: -sql: reading what generate would write: %v\n", err)
		return exitUsage
	}
	from := p.State.Head
	if from == "" {
		from = migrate.Base
	}
	fmt.Fprintf(stdout, "the %s script of the new revisions:\n", g.sql)
	return o.writeScript(ctx, db, from, "head", nil, stdout, stderr)
}

// copyFiles copies the regular files of dir, if it exists, to a new
// directory to.
func copyFiles(dir, to string) error {
	if err := os.Mkdir(to, 0o777); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == generate.LockFile {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(to, e.Name()), data, 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
