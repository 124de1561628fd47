package fleet

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/migragen/migragen/migrate"
)

// Cmd is a ready-made command line for a fleet, in the style of
// migrate.Command: `up` and `status` over targets listed in a file or
// made from a DSN template. Wire it into a main in a few lines:
//
//	open := func(dsn string) (*gorm.DB, error) { return gorm.Open(postgres.Open(dsn), &gorm.Config{}) }
//	if err := fleet.Command(open, migrations.All()).Run(ctx, os.Args[1:]); err != nil {
//		fmt.Fprintln(os.Stderr, err)
//		os.Exit(1)
//	}
//
// The summary (or status) goes to Stdout, as a table or with -json as
// JSON; progress, one complete line per event prefixed with the target's
// name, goes to Stderr. DSNs are never printed, only target names.
type Cmd struct {
	// Name is how the user runs the command, for the usage text (default:
	// the program's base name).
	Name string
	// Stdout and Stderr receive the output (default os.Stdout and
	// os.Stderr).
	Stdout, Stderr io.Writer

	open       Opener
	migrations []migrate.Migration
	opts       []Option
}

// Command returns the command line for migrations over targets that open
// makes from DSNs. The options are New's, the defaults that flags
// override; a WithProgress among them still receives every event.
func Command(open Opener, migrations []migrate.Migration, opts ...Option) *Cmd {
	return &Cmd{Name: filepath.Base(os.Args[0]), Stdout: os.Stdout, Stderr: os.Stderr, open: open, migrations: migrations, opts: opts}
}

// cmdFlags are the flags of a command run.
type cmdFlags struct {
	targets, template, names, shard string
	parallel                        int
	json                            bool
	// up only
	canary          int
	canaryTargets   string
	continueOnError bool
	targetTimeout   time.Duration
	contract        bool
}

func (c *Cmd) flagSet(name string, fl *cmdFlags) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&fl.targets, "targets", "", "")
	fs.StringVar(&fl.template, "template", "", "")
	fs.StringVar(&fl.names, "names", "", "")
	fs.StringVar(&fl.shard, "shard", "", "")
	fs.IntVar(&fl.parallel, "parallel", 0, "")
	fs.BoolVar(&fl.json, "json", false, "")
	if name == "up" {
		fs.IntVar(&fl.canary, "canary", 0, "")
		fs.StringVar(&fl.canaryTargets, "canary-targets", "", "")
		fs.BoolVar(&fl.continueOnError, "continue-on-error", true, "")
		fs.DurationVar(&fl.targetTimeout, "target-timeout", 0, "")
		fs.BoolVar(&fl.contract, "contract", false, "")
	}
	return fs
}

const usageText = `usage: %[1]s <command> [flags] [REV]

commands:
  up [flags] [REV]  apply the pending migrations up to REV (default head) on every target
  status [flags]    show where every target stands and which are behind; fails when one
                    is dirty, unreadable, or has unknown or modified revisions
  help              show this text

targets, one of:
  -targets FILE     a file of NAME=DSN lines ('#' comments and blank lines skipped)
  -template DSN -names a,b,c
                    one target per name, {name} in DSN replaced by it, e.g.
                    -template 'host=db user=app dbname=app search_path={name}'

flags:
  -shard I/N        take only the targets whose name hashes to I of N (runners
                    that share a fleet each take one shard)
  -parallel N       targets at once (default %[2]d)
  -json             print the summary or status as JSON
  -canary K         up: the first K targets must succeed before the others start
  -canary-targets a,b
                    up: these targets must succeed before the others start
  -continue-on-error=false
                    up: start no target after one failed (default: go on)
  -target-timeout D up: fail a target whose run takes longer than D, e.g. 5m
  -contract         up: apply contractions too (migrate.WithContractions), once
                    no binary older than their expansion runs

With -shard, each runner takes its canaries from its own shard: -canary K
is refused (each runner would pick a different group), and -canary-targets
runs, in each runner, those of the named targets its shard holds.

The exit status is 1 when a target failed, is dirty or was skipped (up), or
needs attention (status); a target that is only behind is no failure.
`

// Usage returns the usage text.
func (c *Cmd) Usage() string { return fmt.Sprintf(usageText, c.name(), DefaultParallel) }

func (c *Cmd) name() string {
	if c.Name == "" {
		return "fleet"
	}
	return c.Name
}

func (c *Cmd) usageError(format string, a ...any) error {
	return &migrate.UsageError{Err: fmt.Errorf(format, a...), Usage: c.Usage()}
}

// Run runs the command args names, such as []string{"up", "-parallel",
// "8"}: os.Args[1:] in a main. It returns a *migrate.UsageError for bad
// arguments, the summary's *Error when a target did not succeed, and the
// status's error when a target needs attention.
func (c *Cmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return c.usageError("no command given")
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		_, err := io.WriteString(c.stdout(), c.Usage())
		return err
	case "up", "status":
	default:
		return c.usageError("unknown command %q", name)
	}
	var fl cmdFlags
	fs := c.flagSet(name, &fl)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, err := io.WriteString(c.stdout(), c.Usage())
			return err
		}
		return c.usageError("%s: %w", name, err)
	}
	rev := "head"
	switch rest := fs.Args(); {
	case name == "up" && len(rest) == 1:
		rev = rest[0]
	case len(rest) > 0 && (name == "status" || len(rest) > 1):
		return c.usageError("%s: unexpected argument %q (flags go before it)", name, rest[len(rest)-1])
	}
	targets, err := c.targets(fl)
	if err != nil {
		return err
	}
	if fl.shard != "" {
		if fl.canary > 0 {
			return c.usageError("-canary %d with -shard: each runner would take the first %d of its own shard, a different group each; name the canaries with -canary-targets", fl.canary, fl.canary)
		}
		fl.canaryTargets = c.canariesInShard(fl, targets)
	}
	f, err := New(c.migrations, targets, slices.Concat(c.opts, fl.options(c.progress()))...)
	if err != nil {
		return err
	}
	if name == "status" {
		st, err := f.Status(ctx)
		return c.print(st, fl.json, err)
	}
	s, err := f.UpTo(ctx, rev)
	return c.print(s, fl.json, err)
}

// options turns the flags set into fleet options, after the Cmd's own.
func (fl cmdFlags) options(progress func(Event)) []Option {
	opts := []Option{chainFleetProgress(progress)}
	if fl.parallel > 0 {
		opts = append(opts, WithParallel(fl.parallel))
	}
	if fl.canary > 0 {
		opts = append(opts, WithCanary(fl.canary))
	}
	if fl.canaryTargets != "" {
		opts = append(opts, WithCanaryTargets(splitList(fl.canaryTargets)...))
	}
	if !fl.continueOnError {
		opts = append(opts, WithStopOnError())
	}
	if fl.targetTimeout > 0 {
		opts = append(opts, WithTargetTimeout(fl.targetTimeout))
	}
	if fl.contract {
		opts = append(opts, WithMigrateOptions(migrate.WithContractions()))
	}
	return opts
}

// canariesInShard returns those of -canary-targets this runner's shard
// holds, saying on Stderr which it leaves to the other runners: each
// runner runs its own canaries before its own other targets.
func (c *Cmd) canariesInShard(fl cmdFlags, targets []Target) string {
	var mine, others []string
	for _, name := range splitList(fl.canaryTargets) {
		if slices.ContainsFunc(targets, func(t Target) bool { return t.Name == name }) {
			mine = append(mine, name)
		} else {
			others = append(others, name)
		}
	}
	switch {
	case len(others) == 0:
	case len(mine) == 0:
		fmt.Fprintf(c.stderr(), "note: shard %s holds none of -canary-targets; this runner runs no canary phase (the runners of their shards do)\n", fl.shard)
	default:
		fmt.Fprintf(c.stderr(), "note: shard %s runs canaries %s; %s are in other shards, whose runners run them first\n", fl.shard, strings.Join(mine, ", "), strings.Join(others, ", "))
	}
	return strings.Join(mine, ",")
}

// chainFleetProgress adds fn after the progress function the options
// before it set.
func chainFleetProgress(fn func(Event)) Option {
	return func(c *config) {
		prev := c.progress
		c.progress = func(e Event) {
			if prev != nil {
				prev(e)
			}
			fn(e)
		}
	}
}

// targets makes the targets the flags name.
func (c *Cmd) targets(fl cmdFlags) ([]Target, error) {
	var (
		targets []Target
		err     error
	)
	switch {
	case fl.targets != "" && fl.template != "":
		return nil, c.usageError("give -targets FILE or -template DSN -names LIST, not both")
	case fl.targets != "":
		if fl.names != "" {
			return nil, c.usageError("-names goes with -template; a -targets file names its targets")
		}
		file, ferr := os.Open(fl.targets)
		if ferr != nil {
			return nil, ferr
		}
		defer file.Close()
		targets, err = ReadTargets(file, fl.targets, c.open)
	case fl.template != "":
		if fl.names == "" {
			return nil, c.usageError("-template needs -names a,b,c: the names that replace {name}")
		}
		targets, err = FromTemplate(fl.template, splitList(fl.names), c.open)
	default:
		return nil, c.usageError("no targets: give -targets FILE or -template DSN -names LIST")
	}
	if err != nil {
		return nil, err
	}
	if fl.shard == "" {
		return targets, nil
	}
	i, n, ok := parseShard(fl.shard)
	if !ok {
		return nil, c.usageError("-shard %q: want I/N, such as 1/4", fl.shard)
	}
	targets, err = Shard(targets, i, n)
	if err == nil && len(targets) == 0 {
		err = fmt.Errorf("shard %s holds none of the targets; nothing to do", fl.shard)
	}
	return targets, err
}

func parseShard(s string) (i, n int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	return i, n, found && err1 == nil && err2 == nil && n >= 1 && i >= 1 && i <= n
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// report is what print prints: a Summary or a Status.
type report interface {
	String() string
	JSON() ([]byte, error)
}

// print writes r to Stdout as text or JSON and returns runErr, the run's
// verdict.
func (c *Cmd) print(r report, asJSON bool, runErr error) error {
	text := r.String()
	if asJSON {
		b, err := r.JSON()
		if err != nil {
			return err
		}
		text = string(b) + "\n"
	}
	if _, err := io.WriteString(c.stdout(), text); err != nil {
		return err
	}
	return runErr
}

// progress prints one complete line per event, prefixed with the target:
// lines of targets in flight interleave, and a line never breaks.
func (c *Cmd) progress() func(Event) {
	w := c.stderr()
	return func(e Event) {
		var line string
		switch e.Kind {
		case TargetDone:
			r := e.Result
			line = strings.TrimSpace(string(r.State) + " " + r.describe())
		case Migration:
			m := e.Migration
			switch m.Kind {
			case migrate.Done:
				line = fmt.Sprintf("applied %s (%s)", m.Revision, migrate.FormatDuration(m.Duration))
			case migrate.Failed:
				line = fmt.Sprintf("%s FAILED (%s)", m.Revision, migrate.FormatDuration(m.Duration))
			case migrate.Waiting:
				line = "waiting for the migration lock held by another process..."
			case migrate.Skipped:
				line = m.Revision + " applied by another process meanwhile"
			case migrate.Retrying:
				line = fmt.Sprintf("try %d of %s gave up waiting for a table lock (%v); trying again in %s", m.Attempt, m.Revision, m.Err, migrate.FormatDuration(m.Duration))
			case migrate.Held:
				line = fmt.Sprintf("holding back the contraction %s: once no binary older than its expansion runs, apply it with %s up -contract", m.Revision, c.name())
			}
		}
		if line != "" {
			fmt.Fprintf(w, "%s: %s\n", e.Target, line)
		}
	}
}

func (c *Cmd) stdout() io.Writer {
	if c.Stdout == nil {
		return os.Stdout
	}
	return c.Stdout
}

func (c *Cmd) stderr() io.Writer {
	if c.Stderr == nil {
		return os.Stderr
	}
	return c.Stderr
}
