package migrate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Cmd is a ready-made migration command line for an application: up,
// down, down-to, status, history, stamp, import, sql and resolve. Wire it into a
// main in a few lines:
//
//	if err := migrate.Command(db, migrations.All()).Run(ctx, os.Args[1:]); err != nil {
//		fmt.Fprintln(os.Stderr, err)
//		os.Exit(1)
//	}
//
// Results (summaries, status, history and sql's script) go to Stdout;
// progress per migration, with its duration, goes to Stderr, so that
// `app sql > script.sql` writes only the script. Cmd prints nothing of the
// connection's configuration, so a DSN and its password never appear in
// its output.
type Cmd struct {
	// Name is how the user runs the command, for the usage text and hints
	// such as "app migrate" (default: the program's base name).
	Name string
	// Stdout and Stderr receive the output (default os.Stdout and
	// os.Stderr).
	Stdout, Stderr io.Writer

	db         *gorm.DB
	migrations []Migration
	opts       []Option
}

// Command returns the command line for migrations on db. The options are
// those of New; a WithProgress among them still receives every event, in
// addition to Cmd's own progress output.
func Command(db *gorm.DB, migrations []Migration, opts ...Option) *Cmd {
	return &Cmd{
		Name:       filepath.Base(os.Args[0]),
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		db:         db,
		migrations: migrations,
		opts:       opts,
	}
}

// UsageError is what Run returns for an unknown command or bad arguments.
// Its message ends with the usage text; a main may exit with status 2 for
// it, as the flag package does.
type UsageError struct {
	Err   error
	Usage string
}

func (e *UsageError) Error() string { return e.Err.Error() + "\n\n" + e.Usage }

func (e *UsageError) Unwrap() error { return e.Err }

// subcommand is one command of Cmd.
type subcommand struct {
	name     string
	args     string // argument synopsis
	help     string // one line
	min, max int    // positional arguments
	run      func(r *runner, args []string) error
}

var subcommands = []subcommand{
	{"up", "[-contract] [REV]", "apply the pending migrations, up to REV (default head); contractions only when REV names one, or with -contract", 0, 1, (*runner).up},
	{"down", "[N]", "roll back the last N applied migrations (default 1)", 0, 1, (*runner).down},
	{"down-to", "REV", `roll back everything REV does not depend on; "base" rolls back all`, 1, 1, (*runner).downTo},
	{"status", "", "show the head, applied and pending revisions and any dirty state; fails when a revision is dirty, unknown or modified", 0, 0, (*runner).status},
	{"history", "", "list every revision with when it was applied", 0, 0, (*runner).history},
	{"stamp", "[-force] REV", "verify that the database matches REV, then record REV and its ancestors as applied without running anything, listing the data steps not run; -force records REV over differences, marked forced", 1, 1, (*runner).stamp},
	{"import", "-from TOOL [-table T] [-force] VERSION=REV...", "adopt a database goose, gormigrate or golang-migrate (TOOL) migrated: stamp, as stamp does, the revision the newest applied VERSION (a goose or golang-migrate version, a gormigrate id) maps to; -table names their version table if the project renamed it", 1, math.MaxInt, (*runner).importFrom},
	{"verify", "", "compare the live database with the schema the applied revisions describe; prints each difference and note, fails on a difference", 0, 0, (*runner).verify},
	{"sql", "[FROM] [TO]", "print the SQL from FROM (default base) to TO (default head); runs nothing", 0, 2, (*runner).sql},
	{"resolve", "REV applied|pending", "settle a dirty revision after checking the schema by hand", 2, 2, (*runner).resolve},
	{"help", "", "show this text", 0, 0, nil},
}

// subcommandFlags declares the flags of the subcommands that have any,
// stored in the runner.
var subcommandFlags = map[string]func(fs *flag.FlagSet, r *runner){
	"stamp": func(fs *flag.FlagSet, r *runner) { fs.BoolVar(&r.force, "force", false, "") },
	"up":    func(fs *flag.FlagSet, r *runner) { fs.BoolVar(&r.contract, "contract", false, "") },
	"import": func(fs *flag.FlagSet, r *runner) {
		fs.StringVar(&r.from.Tool, "from", "", "")
		fs.StringVar(&r.from.Table, "table", "", "")
		fs.BoolVar(&r.force, "force", false, "")
	},
}

// Usage returns the usage text.
func (c *Cmd) Usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s <command> [arguments]\n\ncommands:\n", c.name())
	rows := make([][]string, len(subcommands))
	for i, s := range subcommands {
		rows[i] = []string{"  " + strings.TrimSpace(s.name+" "+s.args), s.help}
	}
	writeTable(&b, rows)
	b.WriteString("\nREV is a revision id, a unique prefix of one (such as its timestamp), \"head\" or \"base\",\n" +
		"or a position: head~1 (or head-1) is the revision before head, REV~N counts N back from REV.\n")
	return b.String()
}

func (c *Cmd) name() string {
	if c.Name == "" {
		return "migrate"
	}
	return c.Name
}

func (c *Cmd) usageError(format string, a ...any) error {
	return &UsageError{Err: fmt.Errorf(format, a...), Usage: c.Usage()}
}

// Run runs the command args names, such as []string{"up"} or
// []string{"down", "2"}: os.Args[1:] in a main.
func (c *Cmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return c.usageError("no command given")
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			return c.usageError("help: unexpected argument %q", args[0])
		}
		_, err := io.WriteString(c.stdout(), c.Usage())
		return err
	}
	i := slices.IndexFunc(subcommands, func(s subcommand) bool { return s.name == name })
	if i < 0 {
		return c.usageError("unknown command %q", name)
	}
	sub := subcommands[i]
	fs := flag.NewFlagSet(sub.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	r := &runner{cmd: c, ctx: ctx, out: c.stdout(), progress: &progress{w: c.stderr(), cmd: c.name()}}
	if flags := subcommandFlags[sub.name]; flags != nil {
		flags(fs, r)
	}
	if err := fs.Parse(numbersAsArguments(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, err := fmt.Fprintf(c.stdout(), "usage: %s %s\n\n%s\n", c.name(), strings.TrimSpace(sub.name+" "+sub.args), sub.help)
			return err
		}
		return c.usageError("%s: %w", sub.name, err)
	}
	args = fs.Args()
	switch {
	case len(args) < sub.min:
		return c.usageError("%s: missing argument: %s %s", sub.name, sub.name, sub.args)
	case len(args) > sub.max:
		return c.usageError("%s: unexpected argument %q", sub.name, args[sub.max])
	}
	m, err := New(c.db, c.migrations, slices.Concat(c.opts, []Option{WithMoreProgress(r.progress.event)})...)
	if err != nil {
		return err
	}
	r.m = m
	if err := sub.run(r, args); err != nil {
		if ae, ok := err.(argError); ok {
			return c.usageError("%s", string(ae))
		}
		return err
	}
	return nil
}

// numbersAsArguments moves the negative whole numbers among the flags of
// args behind a "--", so that the flag package, which would take them for
// flags, leaves them as arguments in their order: the position of
// "up -contract -1" (head~1), the count "down -1" refuses with its own
// message. A number that is a flag's value ("-table -1") stays with it.
func numbersAsArguments(fs *flag.FlagSet, args []string) []string {
	var flags, numbers []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if _, err := strconv.Atoi(a); err == nil && strings.HasPrefix(a, "-") {
			numbers = append(numbers, a)
			continue
		}
		if a == "--" {
			return slices.Concat(flags, []string{"--"}, numbers, args[i+1:])
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			// The flag package stops here: the rest are arguments.
			return slices.Concat(flags, []string{"--"}, numbers, args[i:])
		}
		flags = append(flags, a)
		if takesValue(fs, a) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return slices.Concat(flags, []string{"--"}, numbers)
}

// takesValue reports whether arg is a defined flag that takes the next
// argument as its value: not a boolean, and not written -name=value.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// argError is a bad argument a subcommand found; Run adds the usage text.
type argError string

func (e argError) Error() string { return string(e) }

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

// runner runs one subcommand.
type runner struct {
	cmd      *Cmd
	ctx      context.Context
	m        *Migrator
	out      io.Writer
	progress *progress
	force    bool    // stamp -force, import -force
	contract bool    // up -contract
	from     Foreign // import -from, -table
}

func (r *runner) up(args []string) error {
	start := time.Now()
	m := r.m
	if r.contract {
		m = m.withContractions()
	}
	var err error
	if len(args) == 1 {
		err = m.UpTo(r.ctx, args[0])
	} else {
		err = m.Up(r.ctx)
	}
	if err != nil {
		return err
	}
	return r.summary("applied", time.Since(start))
}

func (r *runner) down(args []string) error {
	steps := 1
	if len(args) == 1 {
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 {
			return argError(fmt.Sprintf("down: N must be a whole number of migrations, at least 1, not %q", args[0]))
		}
		steps = n
	}
	start := time.Now()
	if err := r.m.Down(r.ctx, steps); err != nil {
		return err
	}
	return r.summary("rolled back", time.Since(start))
}

func (r *runner) downTo(args []string) error {
	start := time.Now()
	if err := r.m.DownTo(r.ctx, args[0]); err != nil {
		return err
	}
	return r.summary("rolled back", time.Since(start))
}

// stamp stamps after verifying, then lists what the team must judge: the
// differences a forced stamp recorded over, and the data and SQL steps that
// did not run.
func (r *runner) stamp(args []string) error {
	var opts []StampOption
	if r.force {
		opts = append(opts, Force())
	}
	res, err := r.m.StampWithResult(r.ctx, args[0], opts...)
	if err != nil {
		return err
	}
	if err := r.finish(fmt.Sprintf("stamped %s without running anything", args[0])); err != nil {
		return err
	}
	return r.stamped(res, nil)
}

// importFrom imports the version table of the tool -from names, with the
// VERSION=REV mapping args give, and prints as stamp does.
func (r *runner) importFrom(args []string) error {
	if r.from.Tool == "" {
		return argError(fmt.Sprintf("import: -from names the tool that migrated the database: %s, %s or %s", Goose, Gormigrate, GolangMigrate))
	}
	mapping := map[string]string{}
	for _, a := range args {
		i := strings.LastIndex(a, "=")
		if i <= 0 || i == len(a)-1 {
			return argError(fmt.Sprintf("import: %q is not VERSION=REV: give the other tool's version (or gormigrate id), \"=\" and the revision whose schema includes it, such as 43=head", a))
		}
		if _, dup := mapping[a[:i]]; dup {
			return argError(fmt.Sprintf("import: %s is mapped twice: map each version once", a[:i]))
		}
		mapping[a[:i]] = a[i+1:]
	}
	var opts []StampOption
	if r.force {
		opts = append(opts, Force())
	}
	res, err := r.m.Import(r.ctx, r.from, mapping, opts...)
	if err != nil {
		return err
	}
	if err := r.finish(fmt.Sprintf("imported %s %s %s: stamped %s without running anything", r.from.Tool, versionWord(r.from.Tool), res.Version, res.Revision)); err != nil {
		return err
	}
	return r.stamped(res.Stamp, res.Notes)
}

// stamped lists what the team must judge after a stamp: notes, the
// differences a forced stamp recorded over, and the data and SQL steps
// that did not run.
func (r *runner) stamped(res *StampResult, notes []string) error {
	var b strings.Builder
	for _, n := range notes {
		b.WriteString("note: " + n + "\n")
	}
	if res.Forced {
		fmt.Fprintf(&b, "forced over %d difference(s), recorded as forced:\n", len(res.Drift.Differences))
		for _, d := range res.Drift.Differences {
			b.WriteString("  " + d + "\n")
		}
	}
	if len(res.NotRun) > 0 {
		fmt.Fprintf(&b, "not run: %d data step(s) of the stamped revisions; run by hand what the database still needs:\n", len(res.NotRun))
		for _, s := range res.NotRun {
			b.WriteString("  " + s.String() + "\n")
		}
	}
	_, err := io.WriteString(r.out, b.String())
	return err
}

// verify prints the differences and notes Verify found, and fails when
// there is a difference, so that a deploy script stops on drift.
func (r *runner) verify([]string) error {
	d, err := r.m.Verify(r.ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, line := range d.Differences {
		b.WriteString(line + "\n")
	}
	for _, line := range d.Notes {
		b.WriteString("note: " + line + "\n")
	}
	if d.Clean() {
		fmt.Fprintf(&b, "the database matches %s\n", r.revID(d.Revision))
	}
	if _, err := io.WriteString(r.out, b.String()); err != nil {
		return err
	}
	if !d.Clean() {
		return fmt.Errorf("the database differs from %s in %s", r.revID(d.Revision), plural(len(d.Differences), "place"))
	}
	return nil
}

func (r *runner) resolve(args []string) error {
	var applied bool
	switch args[1] {
	case "applied":
		applied = true
	case "pending":
	default:
		return argError(fmt.Sprintf("resolve: the second argument is applied or pending, not %q", args[1]))
	}
	if err := r.m.Resolve(r.ctx, args[0], applied); err != nil {
		return err
	}
	return r.finish(fmt.Sprintf("resolved %s as %s", r.revID(args[0]), args[1]))
}

// revID is the revision rev names, in full: a message confirms what a
// prefix stood for. rev itself is returned when it names none,
// which the command it confirms has already refused.
func (r *runner) revID(rev string) string {
	if id, err := r.m.graph.resolve(rev); err == nil {
		return id
	}
	return rev
}

func (r *runner) sql(args []string) error {
	from, to := Base, "head"
	if len(args) > 0 {
		from = args[0]
	}
	if len(args) > 1 {
		to = args[1]
	}
	script, err := r.m.SQL(r.ctx, from, to)
	if err != nil {
		return err
	}
	_, err = io.WriteString(r.out, script)
	return err
}

// summary prints what Up or Down did and where the database is now.
func (r *runner) summary(verb string, took time.Duration) error {
	done, skipped := r.progress.counts()
	var parts []string
	if done > 0 {
		parts = append(parts, fmt.Sprintf("%s %s in %s", plural(done, "migration"), verb, FormatDuration(took)))
	}
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%s %s by another process meanwhile", plural(skipped, "migration"), verb))
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing to do")
	}
	return r.finish(strings.Join(parts, ", "))
}

// finish prints what happened and where the database is now.
func (r *runner) finish(what string) error {
	st, err := r.m.Status(r.ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(r.out, "%s; %s\n", what, position(st))
	return err
}

// position says where the database stands: "at head X", "at X; 2
// pending", "at base".
func position(st *Status) string {
	var b strings.Builder
	switch {
	case len(st.Applied) == 0:
		b.WriteString("at base")
	case len(st.Pending) == 0:
		b.WriteString("at head " + st.Head)
	default:
		b.WriteString("at " + strings.Join(current(st.Applied), ", "))
	}
	if len(st.Pending) > 0 {
		fmt.Fprintf(&b, "; %d pending", len(st.Pending))
	}
	if len(st.Held) > 0 {
		fmt.Fprintf(&b, " (%s held back: up -contract applies it once no older binary runs)", plural(len(st.Held), "contraction"))
	}
	if st.Dirty != nil {
		fmt.Fprintf(&b, "; %s is dirty (see status)", st.Dirty.Revision)
	}
	return b.String()
}

// current returns the applied revisions no other applied revision follows:
// one, unless branches are applied that a merge has not joined yet.
func current(applied []Revision) []string {
	followed := map[string]bool{}
	for _, r := range applied {
		for _, p := range r.Parents {
			followed[p] = true
		}
	}
	var out []string
	for _, r := range applied {
		if !followed[r.ID] {
			out = append(out, r.ID)
		}
	}
	if len(out) == 0 {
		return []string{Base}
	}
	return out
}

func (r *runner) status([]string) error {
	st, err := r.m.Status(r.ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	line := func(label, value string) { fmt.Fprintf(&b, "%-9s %s\n", label, value) }
	line("head", st.Head)
	line("current", strings.Join(current(st.Applied), ", "))
	line("applied", fmt.Sprintf("%d of %d", len(st.Applied), len(st.Applied)+len(st.Pending)))
	line("pending", strconv.Itoa(len(st.Pending)))
	rows := make([][]string, len(st.Pending))
	for i, p := range st.Pending {
		rows[i] = []string{"  " + p.ID, withDependencies(p.Message, p)}
	}
	writeTable(&b, rows)
	if d := st.Dirty; d != nil {
		line("dirty", d.Revision+": "+d.what())
		if d.Statement != "" {
			fmt.Fprintf(&b, "  failing statement: %s\n", d.Statement)
		}
		if d.Cause != "" {
			fmt.Fprintf(&b, "  error: %s\n", d.Cause)
		}
		fmt.Fprintf(&b, "  executed: %d statement(s) before it stopped\n", len(d.Executed))
		for i, e := range d.Executed {
			fmt.Fprintf(&b, "    %d. %s\n", i+1, e)
		}
		if d.Online {
			fmt.Fprintf(&b, "  to finish: %s\n", d.advice(r.cmd.name()+" "))
		} else {
			fmt.Fprintf(&b, "  to resolve: check the schema by hand, then %s\n", d.advice(r.cmd.name()+" "))
		}
	} else {
		line("dirty", "no")
	}
	if len(st.Unknown) > 0 {
		line("unknown", strings.Join(st.Unknown, ", ")+" (applied in the database but not in this program: a newer build migrated it)")
	}
	if forced := forcedIDs(st.Applied); len(forced) > 0 {
		line("forced", strings.Join(forced, ", ")+" (stamped by force over differences: verify lists those that remain)")
	}
	if len(st.Held) > 0 {
		ids := make([]string, len(st.Held))
		for i, h := range st.Held {
			ids[i] = h.ID
		}
		line("held", fmt.Sprintf("%s (contractions up holds back: once no binary older than their expansion runs, apply them with %s up -contract)", strings.Join(ids, ", "), r.cmd.name()))
	}
	if len(st.Modified) > 0 {
		line("modified", strings.Join(st.Modified, ", ")+" (changed after it was applied: restore it from version control and put the change in a new migration)")
	}
	for _, a := range st.Applied {
		if len(a.RecordedAs) > 0 {
			line("squashed", fmt.Sprintf("%s recorded under their old ids (%s) count as %s; the next up that applies something, down, stamp or resolve rewrites them", plural(len(a.RecordedAs), "revision"), span(a.RecordedAs), a.ID))
		}
	}
	for _, e := range st.Squash {
		line("squash", e.Error())
	}
	if len(st.Leftover) > 0 {
		line("leftover", span(st.Leftover)+" (rows of squashed-away revisions beside their squash's own row: ignored; the next up that applies something, down, stamp or resolve removes them)")
	}
	if _, err := io.WriteString(r.out, b.String()); err != nil {
		return err
	}
	return statusError(st)
}

// forcedIDs lists the revisions stamped by force.
func forcedIDs(revs []Revision) []string {
	var out []string
	for _, r := range revs {
		if r.Forced {
			out = append(out, r.ID)
		}
	}
	return out
}

// StatusError is what the status command returns, after printing the whole
// status, when the database needs a person before the next deploy: a
// revision is dirty, applied but unknown to this program, or modified since
// it was applied. Each of these makes up refuse or run against a history
// it cannot trust, so a main that exits non-zero on an error lets a deploy
// script gate on `app status`. Pending revisions are no error: up applies
// them.
type StatusError struct {
	// Dirty is the dirty revision, or "".
	Dirty string
	// Unknown and Modified are Status's lists.
	Unknown, Modified []string
	// Squash lists the squashed revisions the database applied only in
	// part (Status.Squash).
	Squash []string
}

func (e *StatusError) Error() string {
	var problems []string
	if e.Dirty != "" {
		problems = append(problems, e.Dirty+" is dirty")
	}
	if len(e.Unknown) > 0 {
		problems = append(problems, "applied but unknown to this program: "+strings.Join(e.Unknown, ", "))
	}
	if len(e.Modified) > 0 {
		problems = append(problems, "modified after it was applied: "+strings.Join(e.Modified, ", "))
	}
	if len(e.Squash) > 0 {
		problems = append(problems, "squashed revisions whose replaced revisions are applied only in part: "+strings.Join(e.Squash, ", "))
	}
	return "status: the database needs attention (see above): " + strings.Join(problems, "; ")
}

// statusError returns a *StatusError for what in st needs attention, or
// nil when nothing does.
func statusError(st *Status) error {
	e := &StatusError{Unknown: st.Unknown, Modified: st.Modified}
	if st.Newer {
		e.Unknown = nil // a rolling deploy's newer revisions, tolerated
	}
	if st.Dirty != nil {
		e.Dirty = st.Dirty.Revision
	}
	for _, s := range st.Squash {
		e.Squash = append(e.Squash, s.Revision)
	}
	if e.Dirty == "" && len(e.Unknown) == 0 && len(e.Modified) == 0 && len(e.Squash) == 0 {
		return nil
	}
	return e
}

func (r *runner) history([]string) error {
	revs, err := r.m.History(r.ctx)
	if err != nil {
		return err
	}
	rows := make([][]string, len(revs))
	for i, rev := range revs {
		when := "pending"
		if rev.Applied {
			when = rev.AppliedAt.UTC().Format(time.RFC3339)
		}
		msg := rev.Message
		if len(rev.Parents) > 1 {
			msg = strings.TrimSpace(msg + " (merges " + strings.Join(rev.Parents, ", ") + ")")
		}
		msg = withDependencies(msg, rev)
		if rev.Forced {
			msg = strings.TrimSpace(msg + " (stamped by force over differences)")
		}
		if len(rev.RecordedAs) > 0 {
			msg = strings.TrimSpace(msg + " (recorded under the ids of the revisions it squashed, " + span(rev.RecordedAs) + ", until the next up or down rewrites them)")
		}
		if rev.Contract && !rev.Applied {
			msg = strings.TrimSpace(msg + " (contraction: up holds it back until up -contract)")
		}
		rows[i] = []string{rev.ID, when, msg}
	}
	var b strings.Builder
	writeTable(&b, rows)
	_, err = io.WriteString(r.out, b.String())
	return err
}

// withDependencies adds rev's dependencies (DependsOn) to msg, for
// history and status.
func withDependencies(msg string, rev Revision) string {
	if len(rev.DependsOn) == 0 {
		return msg
	}
	return strings.TrimSpace(msg + " (depends on " + strings.Join(rev.DependsOn, ", ") + ")")
}

// writeTable writes rows with every column but the last padded to the
// widest cell plus two spaces, and no trailing blanks.
func writeTable(b *strings.Builder, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len(cell))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			if i < len(row)-1 {
				fmt.Fprintf(&line, "%-*s", widths[i]+2, cell)
			} else {
				line.WriteString(cell)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// progress prints one line per migration: "applying ID MESSAGE ..." when
// it starts, completed by "ok (12ms)" when it ends.
type progress struct {
	w             io.Writer
	cmd           string // how the user runs the command, for hints
	mu            sync.Mutex
	line          string // the open line's text, "" when none is open
	broken        bool   // another line was printed after the open one
	done, skipped int
}

// breakLine ends the open line, so that a message printed while a
// migration runs stands on a line of its own.
func (p *progress) breakLine() {
	if p.line != "" && !p.broken {
		fmt.Fprintln(p.w)
		p.broken = true
	}
}

func (p *progress) event(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Kind {
	case Started:
		verb := "applying"
		if e.Direction == "down" {
			verb = "rolling back"
		}
		p.line = strings.TrimSpace(verb+" "+e.Revision+" "+e.Message) + " ..."
		p.broken = false
		fmt.Fprint(p.w, p.line)
	case Held:
		p.breakLine()
		fmt.Fprintf(p.w, "holding back the contraction %s: once no binary older than its expansion runs, apply it with %s up -contract\n", e.Revision, p.cmd)
	case Waiting:
		p.breakLine()
		fmt.Fprintln(p.w, "waiting for the migration lock held by another process...")
	case Retrying:
		p.breakLine()
		fmt.Fprintf(p.w, "try %d of %s gave up waiting for a table lock (%v); trying again in %s\n", e.Attempt, e.Revision, e.Err, FormatDuration(e.Duration))
	case Done:
		p.done++
		p.end("ok (" + FormatDuration(e.Duration) + ")")
	case Skipped:
		p.skipped++
		word := "applied"
		if e.Direction == "down" {
			word = "rolled back"
		}
		p.end("skipped: " + word + " by another process meanwhile")
	case Failed:
		p.end("FAILED (" + FormatDuration(e.Duration) + ")")
	}
}

// end completes the open line, repeating its start if other lines came in
// between.
func (p *progress) end(result string) {
	switch {
	case p.line == "":
		fmt.Fprintln(p.w, result)
	case p.broken:
		fmt.Fprintln(p.w, p.line+" "+result)
	default:
		fmt.Fprintln(p.w, " "+result)
	}
	p.line, p.broken = "", false
}

func (p *progress) counts() (done, skipped int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done, p.skipped
}

// FormatDuration writes d as the command helper prints it: "12ms",
// "1.2s" or "2m5s"; a wrapper that reports runs too (a fleet) uses it so
// that both read alike.
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	}
	return d.Round(time.Second).String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
