package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/migragen/migragen/generate"
)

// dirFlags parses the flags of hash and merge, which read no models. It
// returns false and an exit code when the command should stop.
func dirFlags(name, usage string, withMessage bool, args []string, stderr io.Writer) (dir, message string, ok bool, code int) {
	fs := newFlagSet(name, usage, stderr)
	fs.StringVar(&dir, "dir", "migrations", "the migrations directory")
	if withMessage {
		fs.StringVar(&message, "m", "", "the merge revision's message; its slug ends the revision ID (default \"merge\")")
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return "", "", false, exitOK
		}
		return "", "", false, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "migragen %s: unexpected arguments %s\n", name, strings.Join(fs.Args(), " "))
		fs.Usage()
		return "", "", false, exitUsage
	}
	return dir, message, true, exitOK
}

func runHash(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	dir, _, ok, code := dirFlags("hash", "usage: migragen hash [-dir DIR]\n\n"+
		"Re-sums deliberately edited migration files: rewrites migragen.sum from the\n"+
		"migration files present, and the index (migrations.go) from the revisions.\n"+
		"It refuses, writing nothing, when a file does not parse or when the\n"+
		"migrations would no longer replay to schema.json.", false, args, stderr)
	if !ok {
		return code
	}
	lock := lockDir(dir, "hash", stderr)
	if lock == nil {
		return exitUsage
	}
	defer lock.Unlock()
	if err := generate.Hash(dir, lock); err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "migragen: wrote %s\n", filepath.Join(dir, generate.SumFile))
	return exitOK
}

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	dir, message, ok, code := dirFlags("merge", "usage: migragen merge [-dir DIR] [-m MESSAGE]\n\n"+
		"Joins the heads of the migrations directory (after two branches each added a\n"+
		"revision) with an empty merge revision, and rewrites the index, schema.json\n"+
		"and migragen.sum, which git usually reports as conflicting.", true, args, stderr)
	if !ok {
		return code
	}
	lock := lockDir(dir, "merge", stderr)
	if lock == nil {
		return exitUsage
	}
	defer lock.Unlock()
	res, err := generate.Merge(ctx, generate.Config{Dir: dir, Message: message, Now: clock, Lock: lock})
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	case res.ID == "" && len(res.Heads) == 0:
		fmt.Fprintf(stderr, "migragen: nothing to merge; %s holds no revisions\n", dir)
		return exitOK
	case res.ID == "":
		fmt.Fprintf(stderr, "migragen: nothing to merge; %s has a single head, %s\n", dir, res.Heads[0])
		return exitOK
	}
	fmt.Fprintf(stdout, "merged %s\n", strings.Join(res.Heads, ", "))
	fmt.Fprintf(stderr, "migragen: wrote merge revision %s: %s\n", res.ID, strings.Join(res.Written, ", "))
	return exitOK
}
