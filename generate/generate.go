package generate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// Config says which models to compare with which migrations directory.
type Config struct {
	// Dir is the migrations directory.
	Dir string
	// Patterns are the packages holding the models, as for Analyze.
	Patterns []string
	// Analyzer configures the analysis.
	Analyzer analyzer.Config
	// Analysis, when set, is used instead of analysing Patterns (the CLI
	// analyses first to print diagnostics as every command does).
	Analysis *analyzer.Result
	// State, when set, is the already loaded directory (the CLI loads it
	// after the analysis). Generate takes it only with Lock: loaded
	// without the lock, it may be stale.
	State *State
	// Lock, when set, is the caller's held lock on Dir (see Lock);
	// otherwise Generate and Merge take the lock for their run.
	Lock *DirLock
	// Message describes the revision; its slug ends the revision ID.
	// Empty, Generate names the revision after its changes ("add
	// users.email, drop orders.legacy").
	Message string
	// Allow acknowledges destructive changes: "table" allows every
	// destructive change to the table, "table.column" those to one column.
	Allow []string
	// Now is the clock for the revision ID and date; nil means time.Now.
	Now func() time.Time
	// Split writes the changes that break a binary built from the previous
	// models (drops, the removal side of renames, NOT NULL on new columns)
	// to a second revision, a contraction that Up holds back, after an
	// expansion both binaries survive (schema.SplitChanges).
	Split bool
	// DependsOn names revisions the new one depends on without following
	// them (migrate.Migration's DependsOn), each by id or a unique prefix.
	DependsOn []string
}

// PlanResult is what Generate would do.
type PlanResult struct {
	// State is the verified migrations directory.
	State *State
	// Analysis is the analyzer's result; it is set, for its diagnostics,
	// even when Plan fails because the models have errors.
	Analysis *analyzer.Result
	// Changes turn the head snapshot into the models' snapshot.
	Changes []schema.Change
	// Unacknowledged are the destructive changes Config.Allow does not
	// name.
	Unacknowledged []schema.Change
	// Renames are drops plus adds that look like renames.
	Renames []schema.Suggestion
	// UnusedAllow are the Config.Allow entries that acknowledge none of
	// the destructive changes, such as a misspelled column.
	UnusedAllow []string
	// GORMUpgrade is set when there are changes and the models' module
	// builds against another gorm.io/gorm than the head snapshot records:
	// the changes may come from the upgrade rather than from the models.
	GORMUpgrade *GORMUpgrade
	// Policy describes each policy setting (schema.Settings.Dialects,
	// PlainDDL) the models' settings change from the head's, one line
	// each; Generate records them even without a schema change.
	Policy []string
}

// GORMUpgrade names the gorm.io/gorm version the head snapshot was derived
// with and the one the models' module uses now. From is a version range
// for a snapshot written before the actual version was recorded.
type GORMUpgrade struct {
	From, To string
}

// gormUpgrade compares the GORM the head snapshot was derived with and the
// one of the models' snapshot. A snapshot without a recorded version only
// tells the range migragen supported then; it counts as an upgrade when
// that range is not today's. Nil when nothing says GORM changed.
func gormUpgrade(head, models *schema.Snapshot) *GORMUpgrade {
	if models.GORMVersion == "" {
		return nil // a local GORM checkout: no version to compare
	}
	from := head.GORMVersion
	if from == "" && head.GORM != models.GORM {
		from = head.GORM
	}
	if from == "" || from == models.GORMVersion {
		return nil
	}
	return &GORMUpgrade{From: from, To: models.GORMVersion}
}

// Note presents changes as the possible result of the upgrade,
// one line each after the first, for the author to review before taking
// them for a model change. The analyzer has no rule that depends on the
// module's GORM version, so no change can be told apart as the upgrade's
// own: every one is listed.
func (u *GORMUpgrade) Note(changes []schema.Change) []string {
	out := []string{fmt.Sprintf("%s was derived with gorm.io/gorm %s and the module now uses %s: "+
		"these changes come from upgrading GORM from %s to %s unless the models changed too; "+
		"review them as an upgrade, not as a model change (GORM's derived names, such as uni_ versus idx_ for unique, "+
		"have changed between versions before):", SnapshotFile, u.From, u.To, u.From, u.To)}
	for _, c := range changes {
		out = append(out, "\t"+c.String())
	}
	return out
}

// Summary returns one line per change, then the destructive changes that
// need an acknowledgement, each with its fix when the models can avoid it,
// and the likely renames.
func (p *PlanResult) Summary() []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, c.String())
	}
	for _, c := range p.Unacknowledged {
		line := fmt.Sprintf("destructive: %s needs -allow %s", c, allowKey(c))
		if f := fix(c); f != "" {
			line += "; fix: " + f
		}
		out = append(out, line)
	}
	for _, s := range p.Renames {
		out = append(out, "hint: "+s.String())
	}
	return out
}

// Result is what Generate did.
type Result struct {
	Plan *PlanResult
	// ID is the new revision's ID; "" when there were no changes. With
	// Config.Split it is the expansion's, or the contraction's when that
	// is the only one.
	ID string
	// Contraction is, with Config.Split, the ID of the contraction written
	// after the expansion; "" when nothing needed one.
	Contraction string
	// Written lists the files written, in order.
	Written []string
	// Heads are, for Merge, the heads the merge revision joins (or the
	// single head when there was nothing to merge).
	Heads []string
	// Awaited are the dependencies (Config.DependsOn) on revisions the
	// directory lacks, which another branch adds: check refuses the
	// directory until that branch is merged.
	Awaited []string
}

// DestructiveError reports destructive changes that Config.Allow does not
// acknowledge. Nothing was written.
type DestructiveError struct {
	Plan *PlanResult
}

func (e *DestructiveError) Error() string {
	var b strings.Builder
	b.WriteString("the models make destructive changes; nothing was written. Change the models as each fix says, or acknowledge the change with -allow:")
	for _, c := range e.Plan.Unacknowledged {
		fmt.Fprintf(&b, "\n\t%s: %s", c, entry(c))
		if f := fix(c); f != "" {
			fmt.Fprintf(&b, "\n\t\tfix: %s", f)
		}
		fmt.Fprintf(&b, "\n\t\tallow with: -allow %s", allowKey(c))
	}
	for _, s := range e.Plan.Renames {
		fmt.Fprintf(&b, "\n\thint: %s", s)
	}
	return b.String()
}

// fix says how the models can avoid the destructive change c, or "" when
// only an acknowledgement helps (a narrowed type). A column that must be
// NOT NULL needs a value for the rows that have none, which a default
// gives; a rename hint keeps a dropped column's or table's data.
func fix(c schema.Change) string {
	switch c := c.(type) {
	case schema.AddColumn:
		return fmt.Sprintf("the rows already in %s have no value for it: give it a default (gorm:\"not null;default:...\"), or add it nullable first and make it NOT NULL in a later revision, once its values are filled in",
			c.Table)
	case schema.AlterColumn:
		if c.LeavesNulls() {
			return "nothing fills its NULLs: give it a default (gorm:\"not null;default:...\"), which the migration writes into them first, or fill them in a data step before it becomes NOT NULL"
		}
	case schema.DropColumn:
		return fmt.Sprintf("if it was renamed, keep its data: tag the renamed field migragen:\"renamed_from:%s\"", c.Column.Name)
	case schema.DropTable:
		return fmt.Sprintf("if it was renamed, keep its data: put //migragen:renamed_from %s on the renamed model type", c.Table.Name)
	}
	return ""
}

// allowKey is the -allow value that acknowledges c.
func allowKey(c schema.Change) string {
	switch c := c.(type) {
	case schema.AddColumn:
		return c.Table + "." + c.Column.Name
	case schema.DropColumn:
		return c.Table + "." + c.Column.Name
	case schema.AlterColumn:
		return c.Table + "." + c.From.Name
	case schema.DropTable:
		return c.Table.Name
	}
	return schema.TableOf(c)
}

// entry is the snapshot entry a destructive change loses or alters.
func entry(c schema.Change) string {
	var v any
	switch c := c.(type) {
	case schema.DropTable:
		v = c.Table
	case schema.DropColumn:
		v = c.Column
	case schema.AddColumn:
		v = c.Column
	case schema.AlterColumn:
		from, _ := json.Marshal(c.From)
		to, _ := json.Marshal(c.To)
		return fmt.Sprintf("%s becomes %s", from, to)
	default:
		return c.String()
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func acknowledged(c schema.Change, allow []string) bool {
	return slices.Contains(allow, schema.TableOf(c)) || slices.Contains(allow, allowKey(c))
}

// diff is schema.Diff; a test replaces it with a wrong one to see
// Generate's proof refuse what it returns.
var diff = schema.Diff

// Plan loads the migrations directory, analyses the models and diffs them
// against the head snapshot. When the models have errors it returns the
// plan, with Analysis set for the diagnostics, and an error.
func Plan(ctx context.Context, cfg Config) (*PlanResult, error) {
	st, err := cfg.State, error(nil)
	if st == nil {
		if st, err = Load(cfg.Dir); err != nil {
			return nil, err
		}
	}
	res := cfg.Analysis
	if res == nil {
		if res, err = analyzer.Analyze(ctx, cfg.Analyzer, cfg.Patterns...); err != nil {
			return nil, err
		}
	}
	p := &PlanResult{State: st, Analysis: res}
	if err := res.Err(); err != nil {
		return p, fmt.Errorf("the models have errors:\n%w", err)
	}
	if res.Snapshot == nil {
		return p, errors.New("the models have errors; nothing was derived")
	}
	prev := st.Snapshot
	if prev == nil {
		prev = schema.New(res.Snapshot.Settings)
	} else {
		p.Policy = keepPolicy(prev.Settings, &res.Snapshot.Settings)
	}
	if p.Changes, err = diff(prev, res.Snapshot, res.Hints); err != nil {
		return p, err
	}
	if st.Snapshot != nil && len(p.Changes) > 0 {
		p.GORMUpgrade = gormUpgrade(st.Snapshot, res.Snapshot)
	}
	for _, c := range p.Changes {
		if c.Destructive() && !acknowledged(c, cfg.Allow) {
			p.Unacknowledged = append(p.Unacknowledged, c)
		}
	}
	for _, a := range cfg.Allow {
		if !slices.ContainsFunc(p.Changes, func(c schema.Change) bool { return c.Destructive() && acknowledged(c, []string{a}) }) {
			p.UnusedAllow = append(p.UnusedAllow, a)
		}
	}
	if err := checkModelSet(p.Changes, res.Packages, cfg.Allow); err != nil {
		return p, err
	}
	p.Renames = schema.LikelyRenames(p.Changes)
	return p, nil
}

// checkModelSet refuses a run on a subset of the model packages (DESIGN
// decision 8): a table dropped because its model's package was not
// analyzed would otherwise be a mass drop.
func checkModelSet(changes []schema.Change, packages, allow []string) error {
	missing := map[string][]string{}
	for _, c := range changes {
		d, ok := c.(schema.DropTable)
		if !ok || d.Table.Model == "" || acknowledged(c, allow) {
			continue
		}
		pkg := d.Table.Model[:max(strings.LastIndex(d.Table.Model, "."), 0)]
		if pkg != "" && !slices.Contains(packages, pkg) {
			missing[pkg] = append(missing[pkg], d.Table.Name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("this run did not analyze every package of the model set; the migrations also hold models of:")
	for _, pkg := range slices.Sorted(maps.Keys(missing)) {
		fmt.Fprintf(&b, "\n\t%s (tables %s)", pkg, strings.Join(missing[pkg], ", "))
	}
	b.WriteString("\nname all model packages in one run; if the package is gone on purpose, acknowledge its tables with -allow and run again naming the packages that remain")
	return errors.New(b.String())
}

// lock makes sure the run holds the lock on cfg.Dir (see holdLock). A
// State loaded before the run held the lock is dropped, to be loaded
// again under it.
func (cfg *Config) lock(command string) (unlock func(), err error) {
	l, unlock, err := holdLock(cfg.Dir, cfg.Lock, command)
	if err != nil {
		return nil, err
	}
	if l != cfg.Lock {
		cfg.Lock, cfg.State = l, nil
	}
	return unlock, nil
}

// holdLock makes sure the run holds the lock on dir: the caller's, held,
// or one it takes now, which the returned function releases.
func holdLock(dir string, held *DirLock, command string) (*DirLock, func(), error) {
	if held != nil {
		if !held.holds(dir) {
			return nil, nil, fmt.Errorf("generate: Config.Lock is not a held lock on %s", dir)
		}
		return held, func() {}, nil
	}
	l, err := Lock(dir, command)
	if err != nil {
		return nil, nil, err
	}
	return l, func() { l.Unlock() }, nil
}

// slugMax is the longest slug: a revision ID stays readable in a file
// list and in `history`.
const slugMax = 40

// Slug turns a message into the part of a revision ID after the time:
// its words (runs of lower-case letters and digits) joined by underscores,
// as many whole words as fit in 40 characters. Only a first word longer
// than that is cut.
func Slug(msg string) string {
	words := strings.FieldsFunc(strings.ToLower(msg), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var b strings.Builder
	for _, w := range words {
		switch {
		case b.Len() == 0 && len(w) > slugMax:
			return w[:slugMax]
		case b.Len() > 0 && b.Len()+1+len(w) > slugMax:
			return b.String()
		case b.Len() > 0:
			b.WriteByte('_')
		}
		b.WriteString(w)
	}
	return b.String()
}

// describeMax is how many changes a derived message names before it
// counts the rest.
const describeMax = 3

// describe names a revision after its changes, as Django names its
// migrations, for a generate without -m: the message lists the first
// changes ("add users.email, drop orders.legacy", with "and N more" for
// the rest) and the slug holds as many whole ones as fit. The indexes,
// keys and checks of a table the revision creates are part of "create
// <table>" and not named again.
func describe(changes []schema.Change) (message, slug string) {
	var phrases []string
	created := map[string]bool{}
	for _, c := range changes {
		if t, ok := c.(schema.CreateTable); ok {
			created[t.Table.Name] = true
		} else if created[schema.TableOf(c)] {
			continue
		}
		if p := phrase(c); !slices.Contains(phrases, p) {
			phrases = append(phrases, p)
		}
	}
	message = strings.Join(phrases[:min(len(phrases), describeMax)], ", ")
	if n := len(phrases) - describeMax; n > 0 {
		message += fmt.Sprintf(" and %d more", n)
	}
	for _, p := range phrases {
		next := Slug(p)
		if slug != "" {
			next = slug + "_" + next
		}
		if len(next) > slugMax {
			break
		}
		slug = next
	}
	if slug == "" && len(phrases) > 0 {
		slug = Slug(phrases[0]) // one change with a long name: cut it
	}
	return message, slug
}

// phrase is a short name of c, verb first: "add users.email".
func phrase(c schema.Change) string {
	switch c := c.(type) {
	case schema.CreateTable:
		return "create " + c.Table.Name
	case schema.DropTable:
		return "drop " + c.Table.Name
	case schema.RenameTable:
		return fmt.Sprintf("rename %s to %s", c.From, c.To)
	case schema.AddColumn:
		return fmt.Sprintf("add %s.%s", c.Table, c.Column.Name)
	case schema.DropColumn:
		return fmt.Sprintf("drop %s.%s", c.Table, c.Column.Name)
	case schema.RenameColumn:
		return fmt.Sprintf("rename %s.%s to %s", c.Table, c.From, c.To)
	case schema.AlterColumn:
		return fmt.Sprintf("alter %s.%s", c.Table, c.To.Name)
	case schema.CreateIndex:
		return "add index " + c.Index.Name
	case schema.DropIndex:
		return "drop index " + c.Index.Name
	case schema.RenameIndex:
		return fmt.Sprintf("rename index %s to %s", c.From, c.To)
	case schema.RenameConstraint:
		return fmt.Sprintf("rename %s %s to %s", c.Kind, c.From, c.To)
	case schema.AddUnique:
		return "add unique " + c.Unique.Name
	case schema.DropUnique:
		return "drop unique " + c.Unique.Name
	case schema.AddCheck:
		return "add check " + c.Check.Name
	case schema.DropCheck:
		return "drop check " + c.Check.Name
	case schema.AddForeignKey:
		return "add foreign key " + c.ForeignKey.Name
	case schema.DropForeignKey:
		return "drop foreign key " + c.ForeignKey.Name
	}
	return strings.TrimLeft(c.String(), "+-~ ")
}

// Generate writes a revision for the changes Plan finds. With no changes
// it writes no revision and Result.ID is ""; when the plan changes a
// policy setting (PlanResult.Policy), it records that in schema.json, the
// index and the sum, listed in Result.Written. Unacknowledged destructive
// changes are a *DestructiveError and nothing is written.
func Generate(ctx context.Context, cfg Config) (*Result, error) {
	unlock, err := cfg.lock("generate")
	if err != nil {
		return &Result{}, err
	}
	defer unlock()
	p, err := Plan(ctx, cfg)
	if err != nil {
		return &Result{Plan: p}, err
	}
	r := &Result{Plan: p}
	if len(p.Changes) == 0 {
		return r, recordPolicy(cfg.Dir, r)
	}
	if len(p.Unacknowledged) > 0 {
		return r, &DestructiveError{Plan: p}
	}
	st := p.State
	now := time.Now
	if cfg.Now != nil {
		now = cfg.Now
	}
	date := now().UTC()
	id := date.Format("20060102150405")
	message, slug := cfg.Message, Slug(cfg.Message)
	if message == "" {
		message, slug = describe(p.Changes)
	}
	if slug != "" {
		id += "_" + slug
	}
	if slices.Contains(st.IDs(), id) {
		return r, fmt.Errorf("revision %s exists already; wait a second or change the message", id)
	}
	if st.Head != "" && id <= st.Head {
		return r, fmt.Errorf("the new revision's ID %s does not sort after the head %s; is the clock right?", id, st.Head)
	}

	// schema.json is encoded on another core while the revision is
	// proved and rendered, which read the models' snapshot. Encode sorts
	// what it encodes, in place; sorted here first, it finds nothing to
	// move, and so only reads too.
	p.Analysis.Snapshot.Sort()
	encoded := async(func() ([]byte, error) { return schema.Encode(p.Analysis.Snapshot) })
	defer encoded() // waits on every return; the result is taken below

	// Prove the new revision replays to the models before writing it.
	// The replay is only read, so it shares the tables the changes leave
	// alone with prev rather than copying thousands of them; every table
	// is still compared, so a diff that misses a change to a table it
	// does not touch fails here too.
	prev := st.Snapshot
	if prev == nil {
		prev = schema.New(p.Analysis.Snapshot.Settings)
	}
	replayed, err := schema.ApplyShared(prev, p.Changes)
	if err != nil {
		return r, fmt.Errorf("internal error: the diff does not apply: %w", err)
	}
	if d := schema.Differences(replayed, p.Analysis.Snapshot); len(d) > 0 {
		return r, fmt.Errorf("internal error: the diff does not reach the models: %s", strings.Join(d, "; "))
	}

	// Each direction checks the rows it starts from: Up those of the head
	// snapshot, Down those of the models' schema. With Split, the changes
	// that break the running binary go to a second revision, held back.
	base := render.File{Package: st.Package, ID: id, Message: message, Date: date}
	if st.Head != "" {
		base.Parents = []string{st.Head}
	}
	files, err := revisionFiles(base, prev, p.Changes, cfg.Split, p.Analysis.Snapshot.Settings.Dialects)
	if err != nil {
		return r, err
	}
	// The first revision carries them; a contraction after it follows it.
	if files[0].DependsOn, r.Awaited, err = resolveDependencies(st, cfg.DependsOn); err != nil {
		return r, err
	}
	sums := maps.Clone(st.Sums)
	if sums == nil {
		sums = map[string]string{}
	}
	ids := st.IDs()
	var migrations []file
	for _, f := range files {
		if slices.Contains(ids, f.ID) {
			return r, fmt.Errorf("revision %s exists already; wait a second or change the message", f.ID)
		}
		if f.Sum, err = revisionSum(f); err != nil {
			return r, err
		}
		src, err := render.Migration(f)
		if err != nil {
			return r, err
		}
		migrations = append(migrations, file{f.ID + ".go", src})
		sums[f.ID+".go"] = hashFile(src)
		ids = append(ids, f.ID)
	}
	index, err := render.Index(st.Package, ids, p.Analysis.Snapshot.Settings)
	if err != nil {
		return r, err
	}
	snap, err := encoded()
	if err != nil {
		return r, err
	}
	sums[IndexFile] = hashFile(index)

	// The directory exists: the lock the run holds (cfg.lock) made it.
	written, err := writeRevisions(cfg.Dir, migrations, index, snap, sums)
	if err != nil {
		return r, err
	}
	r.ID, r.Written = files[0].ID, written
	if last := files[len(files)-1]; last.Contract {
		r.Contraction = last.ID
	}
	return r, nil
}

// revisionSum is the checksum the compiled revision f will have
// (migrate.Checksum), which the file records as Sum so that the runtime
// need not compute it at every start: its Schema step, its generated SQL
// steps and its dependencies; checks do not count.
func revisionSum(f render.File) (string, error) {
	if len(f.Carried) > 0 {
		return "", nil // carried as text; the runtime computes it
	}
	sql := func(steps []render.SQLStep) []migrate.Step {
		var out []migrate.Step
		for _, s := range steps {
			out = append(out, migrate.SQL{Dialect: s.Dialect, Up: s.Up, Down: s.Down, Online: s.Online})
		}
		return out
	}
	up := slices.Concat(sql(f.Before), []migrate.Step{migrate.Schema{Changes: f.Up}}, sql(f.After))
	return migrate.Checksum(migrate.Migration{ID: f.ID, DependsOn: f.DependsOn, Up: up,
		Down: []migrate.Step{migrate.Schema{Changes: f.Down}}})
}
