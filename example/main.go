// Command example is the shop application: it applies its migrations
// through migragen's runtime and runs a few shop operations on the result.
//
//	go run ./example demo            # migrate a SQLite file, seed, report, status
//	go run ./example up|down|status|history|stamp|sql|resolve ...
//	go run ./example seed | report
//
// By default it uses the SQLite file shop.db in the current directory; give
// -dsn (or MIGRAGEN_EXAMPLE_DSN) for PostgreSQL ("host=... user=..." or
// "postgres://..."), MySQL/MariaDB ("user:pass@tcp(host:3306)/db?parseTime=true")
// or SQL Server ("sqlserver://..."). The DSN, and any password in it, is
// never printed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/migragen/migragen/example/shop"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		var usage *shop.UsageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("example", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dsn := flags.String("dsn", os.Getenv("MIGRAGEN_EXAMPLE_DSN"), "database to use (default: the SQLite file shop.db; also $MIGRAGEN_EXAMPLE_DSN)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: example [-dsn DSN] demo|seed|report|up|down|down-to|status|history|stamp|sql|resolve [args]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return &shop.UsageError{Err: err}
	}
	app, err := shop.Open(*dsn)
	if err != nil {
		return err
	}
	defer app.Close()
	app.Stdout, app.Stderr = stdout, stderr
	return app.Run(ctx, flags.Args())
}
