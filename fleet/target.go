package fleet

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

// Target is one database the fleet migrates.
type Target struct {
	// Name identifies the target in progress, the summary, canary lists
	// and shards. It never contains a DSN, so output shows no password.
	Name string
	// DB is the target's database, owned by the caller. Set DB or Open.
	DB *gorm.DB
	// Open opens the target's database when its turn comes; the fleet
	// closes its pool when the target is done, so that a fleet of
	// thousands holds connections only for the targets in flight.
	Open func(ctx context.Context) (*gorm.DB, error)
}

// Opener opens a *gorm.DB for a DSN, typically the application's own
// line of gorm.Open with its driver and *gorm.Config:
//
//	open := func(dsn string) (*gorm.DB, error) { return gorm.Open(postgres.Open(dsn), cfg) }
//
// Package fleet imports no driver; the Opener brings one.
type Opener func(dsn string) (*gorm.DB, error)

// FromDSN returns a target opened from dsn when its turn comes.
func FromDSN(name, dsn string, open Opener) Target {
	return Target{Name: name, Open: func(context.Context) (*gorm.DB, error) { return open(dsn) }}
}

// NamePlaceholder is what a DSN template holds where each target's name
// goes.
const NamePlaceholder = "{name}"

// validName is what a target name may be: it is spliced into DSN
// templates, so nothing that could end a DSN value or start another
// setting.
var validName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// FromTemplate returns one target per name, each opened from template
// with every {name} replaced by the name: for PostgreSQL schemas
// "host=db1 user=app dbname=app search_path={name}", for MySQL databases
// "app:pw@tcp(db1:3306)/{name}?parseTime=true", for SQLite files
// "/data/{name}.db". Names are letters, digits, '_', '.' and '-'.
func FromTemplate(template string, names []string, open Opener) ([]Target, error) {
	if !strings.Contains(template, NamePlaceholder) {
		return nil, fmt.Errorf("the DSN template has no %s: every target would be the same database; put %s where the database, schema or file name goes", NamePlaceholder, NamePlaceholder)
	}
	targets := make([]Target, 0, len(names))
	for _, name := range names {
		if !validName.MatchString(name) {
			return nil, fmt.Errorf("target name %q: a name is letters, digits, '_', '.' and '-', starting with a letter, digit or '_', since it goes into a DSN", name)
		}
		targets = append(targets, FromDSN(name, strings.ReplaceAll(template, NamePlaceholder, name), open))
	}
	return targets, nil
}

// dsnKeywords are the PostgreSQL connection keywords a line of a targets
// file most likely starts with when its name was forgotten.
var dsnKeywords = map[string]bool{"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true, "sslmode": true, "search_path": true}

// dsnHint says the text looks like a DSN, without showing it.
func dsnHint(text string) string {
	if strings.Contains(text, "://") || strings.Contains(text, "@") {
		return "; it looks like a DSN: put the target's name and '=' before it"
	}
	return ""
}

// ReadTargets reads a targets file: one target a line, NAME=DSN, where
// NAME is letters, digits, '_', '.' and '-' and the DSN runs to the end
// of the line (it may contain '=' and spaces). Blank lines and lines
// starting with '#' are skipped. file names the file in errors.
func ReadTargets(r io.Reader, file string, open Opener) ([]Target, error) {
	var targets []Target
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		// Errors never echo the line or the text before '=': a line
		// without a name is a DSN, which may hold a password.
		name, dsn, ok := strings.Cut(text, "=")
		name, dsn = strings.TrimSpace(name), strings.TrimSpace(dsn)
		switch {
		case !ok || dsn == "":
			return nil, fmt.Errorf("%s:%d: want NAME=DSN, one target a line%s", file, line, dsnHint(text))
		case dsnKeywords[strings.ToLower(name)]:
			return nil, fmt.Errorf("%s:%d: the line starts with the DSN keyword %q; give the target a name: NAME=DSN", file, line, name)
		case !validName.MatchString(name):
			return nil, fmt.Errorf("%s:%d: the text before '=' is not a valid target name (want NAME=DSN; a name is letters, digits, '_', '.' and '-')%s", file, line, dsnHint(name))
		case seen[name] != 0:
			return nil, fmt.Errorf("%s:%d: target %s is listed twice (first on line %d); give each target one line", file, line, name, seen[name])
		}
		seen[name] = line
		targets = append(targets, FromDSN(name, dsn, open))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("%s lists no targets; write one NAME=DSN a line", file)
	}
	return targets, nil
}

// Shard returns the targets runner i of n takes (1 <= i <= n): those
// whose name hashes (FNV-1a) to i-1 modulo n. Every target falls to
// exactly one runner, whatever order each runner lists the targets in,
// and a target keeps its runner while others are added or removed.
func Shard(targets []Target, i, n int) ([]Target, error) {
	if n < 1 || i < 1 || i > n {
		return nil, fmt.Errorf("shard %d/%d: want i/n with 1 <= i <= n, such as 1/4", i, n)
	}
	var out []Target
	for _, t := range targets {
		h := fnv.New32a()
		h.Write([]byte(t.Name))
		if int(h.Sum32()%uint32(n)) == i-1 {
			out = append(out, t)
		}
	}
	return out, nil
}

// checkTargets refuses targets a run cannot tell apart or open.
func checkTargets(targets []Target) error {
	if len(targets) == 0 {
		return errors.New("fleet: no targets")
	}
	seen := map[string]bool{}
	for i, t := range targets {
		switch {
		case t.Name == "":
			return fmt.Errorf("fleet: target %d has no name; names identify targets in the summary", i+1)
		case seen[t.Name]:
			return fmt.Errorf("fleet: target %s is listed twice; a target is migrated once per run", t.Name)
		case (t.DB == nil) == (t.Open == nil):
			return fmt.Errorf("fleet: target %s needs exactly one of DB and Open", t.Name)
		}
		seen[t.Name] = true
	}
	return nil
}

// open returns the target's database and what releases it: nothing for a
// DB the caller owns, closing the pool for one Open made.
func (t Target) open(ctx context.Context) (db *gorm.DB, release func(), err error) {
	if t.DB != nil {
		return t.DB, func() {}, nil
	}
	db, err = openWithin(ctx, t.Open)
	if err != nil {
		return nil, nil, fmt.Errorf("opening target %s: %w", t.Name, err)
	}
	if db == nil {
		return nil, nil, fmt.Errorf("opening target %s: Open returned no database", t.Name)
	}
	return db, func() { closePool(db) }, nil
}

// openWithin runs open, but returns when ctx ends even if open has not:
// an Opener gets no context (gorm.Open pings without one), so an
// unreachable host would otherwise outlast WithTargetTimeout. A pool that
// arrives after ctx ended is closed; a panic in open is returned as an
// error. Nothing is opened once ctx has ended: an open left running
// could still create a SQLite file or a session after Up returned.
func openWithin(ctx context.Context, open func(context.Context) (*gorm.DB, error)) (*gorm.DB, error) {
	if ctx.Err() != nil {
		return nil, fmt.Errorf("not opened: %w", context.Cause(ctx))
	}
	type opened struct {
		db  *gorm.DB
		err error
	}
	ch := make(chan opened, 1) // buffered: a late open must not block
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- opened{err: fmt.Errorf("Open panicked: %v", p)}
			}
		}()
		db, err := open(ctx)
		ch <- opened{db, err}
	}()
	select {
	case o := <-ch:
		return o.db, o.err
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.db != nil {
				closePool(o.db)
			}
		}()
		return nil, fmt.Errorf("gave up waiting for the connection: %w", context.Cause(ctx))
	}
}

func closePool(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}
