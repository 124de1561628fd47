// Command migragen derives versioned database migrations from GORM models.
//
// It is meant to run as a go:generate step in a model package; see the
// README for the subcommands, their flags and exit codes.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK = 0
	// exitFindings means the models have problems (or, for check, pending
	// changes); the output says which.
	exitFindings = 1
	// exitUsage means migragen could not do its job: bad flags, packages
	// that do not load, unreadable files.
	exitUsage = 2
)

func main() {
	tuneGC()
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"snapshot", "print the schema snapshot migragen derives from the models", runSnapshot},
	{"generate", "write a migration for what the models change", runGenerate},
	{"check", "verify the migrations directory and that it captures the models", runCheck},
	{"plan", "print what generate would write, writing nothing", runPlan},
	{"merge", "join the heads of branches generated in parallel with a merge revision", runMerge},
	{"hash", "re-sum deliberately edited migration files", runHash},
	{"sql", "print the SQL of revisions for a dialect, offline, for review", runSQL},
	{"discard", "throw away the newest revision, which no database has applied", runDiscard},
	{"squash", "replace the revisions up to one with a single equivalent revision", runSquash},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "migragen: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: migragen <command> [flags] [packages]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'migragen <command> -h' for a command's flags.")
}

// newFlagSet is a subcommand's flag set: errors and -h print usage, then
// the flags, to stderr.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}
