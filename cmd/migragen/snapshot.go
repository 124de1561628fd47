package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/migragen/migragen/schema"
)

func runSnapshot(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("snapshot", "usage: migragen snapshot [flags] [packages]\n\nPrints the schema snapshot derived from the models of the packages (default \".\").", stderr)
	var a analyzeFlags
	a.register(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	res, code := a.analyze(ctx, fs.Args(), stderr)
	if res == nil {
		return code
	}
	data, err := schema.Encode(res.Snapshot)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return exitUsage
	}
	stdout.Write(data)
	return exitOK
}
