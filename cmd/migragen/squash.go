package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/migragen/migragen/generate"
)

const squashUsage = "usage: migragen squash [-dir DIR] [-to REV]\n\n" +
	"Replaces the revisions up to REV (default head) with one revision that builds\n" +
	"their schema from nothing and lists them in Replaces; the revisions after REV\n" +
	"follow it instead. migrate.SQL data steps written with literals are carried, in\n" +
	"order; Go steps are refused, by name. A database that applied every replaced\n" +
	"revision counts the new one applied; squash only what every database has\n" +
	"applied: one that applied some of them must first be upgraded past REV by a\n" +
	"build from before the squash."

func runSquash(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("squash", squashUsage, stderr)
	dir := fs.String("dir", "migrations", "the migrations directory")
	to := fs.String("to", "head", "the last revision to replace: an id, a unique prefix, head, or a position such as head~2")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "migragen squash: unexpected argument %q (name the revision with -to)\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	lock := lockDir(*dir, "squash", stderr)
	if lock == nil {
		return exitUsage
	}
	defer lock.Unlock()
	sq, err := generate.Squash(*dir, *to, clock, lock)
	if sq == nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "squashed %d revisions into %s\n", len(sq.Replaces), sq.ID)
	for _, c := range sq.Carried {
		fmt.Fprintf(stderr, "migragen: carried %s\n", c)
	}
	if len(sq.Rewritten) > 0 {
		fmt.Fprintf(stderr, "migragen: %s now follow %s\n", strings.Join(sq.Rewritten, ", "), sq.ID)
	}
	fmt.Fprintf(stderr, "migragen: warning: a database that applied only some of the replaced revisions is refused by builds from now on; "+
		"before deploying, upgrade every database past %s with the build from before the squash (status shows where each is)\n", sq.Replaces[len(sq.Replaces)-1])
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "migragen: removed %s; wrote %s\n", strings.Join(sq.Removed, ", "), strings.Join(sq.Written, ", "))
	return exitOK
}
