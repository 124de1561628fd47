package generate

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// SquashSuffix ends the id of a squashed revision, after the time of the
// last revision it replaces, so that it sorts where that revision did.
const SquashSuffix = "_squashed"

// Squashed is what Squash did.
type Squashed struct {
	// ID is the new revision; Replaces are the ids it replaces, in graph
	// order (with those the revisions replaced themselves, for databases
	// that still record an earlier squash's revisions).
	ID       string
	Replaces []string
	// Carried describes each data step carried into the new revision.
	Carried []string
	// Rewritten are the revisions that followed the last replaced one and
	// now name ID as their parent.
	Rewritten []string
	// Written are the files written, Removed the revision files removed.
	Written, Removed []string
}

// Squash replaces the revisions of the migrations directory dir up to
// and including to (an id, a unique prefix of one, "" or "head", or a
// position such as "head~2") with
// one revision whose Up builds their schema from nothing, for a history
// grown long: fewer files to read, compile and check. The new revision
// lists the replaced ids (migrate.Migration's Replaces), by which the
// runtime counts it applied on a database that applied them all.
//
// Its Up is the difference from the empty schema to to's schema, as a
// first revision would be, unless a replaced revision has data steps:
// those are carried in order, each after the schema changes that ran
// before it (the changes up to the first of them as one difference, the
// rest as they were written, so that rows the steps write meet the same
// DDL; an Online step runs in the transaction, where it stood). Only
// migrate.SQL steps written with literals are carried; Go steps, steps
// that name package identifiers, and NoTransaction revisions are refused,
// each named, and nothing is written.
//
// The revisions that followed to get the new revision as parent, an edit
// their checksums do not see. Squash refuses, changing nothing, a set that
// is not ancestor-closed below to (a revision that branched off before
// to), a dependency (DependsOn) into the replaced revisions, and fewer
// than two revisions to replace. Files are written all or nothing, then
// the replaced files are removed, as Discard does.
func Squash(dir, to string, now func() time.Time, lock *DirLock) (*Squashed, error) {
	_, unlock, err := holdLock(dir, lock, "squash")
	if err != nil {
		return nil, err
	}
	defer unlock()
	st, err := Load(dir)
	if err != nil {
		return nil, err
	}
	if st.Empty() {
		return nil, fmt.Errorf("%s holds no revision; nothing to squash", dir)
	}
	target, err := st.resolve(to)
	if err != nil {
		return nil, fmt.Errorf("-to %s: %w", to, err)
	}
	replaced, kept := st.squashable(target)
	if len(replaced) < 2 {
		return nil, fmt.Errorf("revision %s has no revision before it: squash replaces two or more, up to the one named; name a later revision", target)
	}
	if err := st.followsOnly(target, replaced, kept); err != nil {
		return nil, err
	}
	sq := &Squashed{ID: squashedID(target, now)}
	if slices.Contains(st.IDs(), sq.ID) {
		return nil, fmt.Errorf("revision %s exists already; squash to another revision", sq.ID)
	}
	f, err := st.squashedFile(sq, replaced, now().UTC())
	if err != nil {
		return nil, err
	}
	if f.Sum, err = revisionSum(f); err != nil {
		return nil, err
	}
	src, err := render.Migration(f)
	if err != nil {
		return nil, err
	}

	// The new set: the squashed revision, then those kept, in graph order.
	sums := maps.Clone(st.Sums)
	for _, m := range replaced {
		delete(sums, m.ID+".go")
	}
	files := []file{{sq.ID + ".go", src}}
	sums[sq.ID+".go"] = hashFile(src)
	after := []render.File{f}
	for _, m := range kept {
		if slices.Contains(m.Parents, target) {
			name := m.ID + ".go"
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				return nil, err
			}
			if data, err = render.ReplaceParent(data, target, sq.ID); err != nil {
				return nil, fmt.Errorf("%s: %w; edit its Parents to name %s by hand after squashing to its parent, or restore the generated form", filepath.Join(dir, name), err, sq.ID)
			}
			files = append(files, file{name, data})
			sums[name] = hashFile(data)
			sq.Rewritten = append(sq.Rewritten, m.ID)
			m.Parents = slices.Clone(m.Parents)
			m.Parents[slices.Index(m.Parents, target)] = sq.ID
		}
		after = append(after, m)
	}
	// Prove the new set replays to the schema the old one did.
	snap, err := replayGraph(dir, after, schema.New(st.Snapshot.Settings))
	if err != nil {
		return nil, fmt.Errorf("internal error: the squashed set does not replay: %w", err)
	}
	if d := schema.Differences(snap, st.Snapshot); len(d) > 0 {
		return nil, fmt.Errorf("internal error: the squashed set does not replay to %s: %s", SnapshotFile, strings.Join(d, "; "))
	}
	ids := make([]string, len(after))
	for i, m := range after {
		ids[i] = m.ID
	}
	index, err := render.Index(st.Package, ids, st.Snapshot.Settings)
	if err != nil {
		return nil, err
	}
	sums[IndexFile] = hashFile(index)
	if sq.Written, err = writeSet(dir, append(files, file{IndexFile, index}, file{SumFile, encodeSum(sums)})); err != nil {
		return nil, err
	}
	gone := make([]string, len(replaced))
	for i, m := range replaced {
		gone[i] = m.ID
	}
	if sq.Removed, err = removeRevisions(dir, gone); err != nil {
		return sq, fmt.Errorf("%w\nthe index and %s no longer list the replaced revisions: remove their files left by hand", err, SumFile)
	}
	return sq, nil
}

// inTransaction returns the literal of a carried migrate.SQL step without
// its Online field, and whether it had one. An online step runs after its
// revision's transaction commits; in the squashed revision that would be
// after every later change of the squashed range, which it may not
// survive (a copy from a column a later contraction drops). On the fresh
// database the squashed revision builds there is nothing to keep online.
func inTransaction(src string) (string, bool, error) {
	e, err := parser.ParseExpr(src)
	if err != nil {
		return "", false, err
	}
	lit := e.(*ast.CompositeLit) // render.DataStep.SelfContained says so
	for i, elt := range lit.Elts {
		kv := elt.(*ast.KeyValueExpr)
		if key, _ := kv.Key.(*ast.Ident); key == nil || key.Name != "Online" {
			continue
		}
		// ParseExpr's positions are offsets plus one.
		end := lit.Rbrace
		if i+1 < len(lit.Elts) {
			end = lit.Elts[i+1].Pos()
		}
		return src[:kv.Pos()-1] + src[end-1:], true, nil
	}
	return src, false, nil
}

// resolve names a revision of st as the runtime does (migrate.Resolve):
// an id, a unique prefix, "head", or a position such as "head~2".
func (st *State) resolve(rev string) (string, error) {
	if rev == "" {
		rev = "head"
	}
	graph := make([]migrate.Migration, len(st.Migrations))
	for i, m := range st.Migrations {
		graph[i] = migrate.Migration{ID: m.ID, Parents: m.Parents, DependsOn: m.DependsOn, Replaces: m.Replaces}
	}
	return migrate.Resolve(graph, rev)
}

// squashedID is the new revision's id: the time of target, which it takes
// the place of, or now's for an id without one.
func squashedID(target string, now func() time.Time) string {
	if revisionID.MatchString(target) {
		return target[:14] + SquashSuffix
	}
	return now().UTC().Format("20060102150405") + SquashSuffix
}

// squashable splits the revisions, in graph order, into target and its
// ancestors, which a squash to it replaces, and the rest.
func (st *State) squashable(target string) (replaced, kept []render.File) {
	in := map[string]bool{target: true}
	for i := len(st.Migrations) - 1; i >= 0; i-- {
		if m := st.Migrations[i]; in[m.ID] {
			for _, p := range m.Parents {
				in[p] = true
			}
		}
	}
	for _, m := range st.Migrations {
		if in[m.ID] {
			replaced = append(replaced, m)
		} else {
			kept = append(kept, m)
		}
	}
	return replaced, kept
}

// followsOnly refuses a kept revision that follows or depends on a
// replaced one other than target: it would lose what it names.
func (st *State) followsOnly(target string, replaced, kept []render.File) error {
	gone := map[string]bool{}
	for _, m := range replaced {
		gone[m.ID] = true
	}
	for _, m := range kept {
		for _, p := range m.Parents {
			if gone[p] && p != target {
				return fmt.Errorf("%s: revision %s follows %s, which squashing to %s replaces, on a branch of its own; "+
					"squash to a revision before %s, or to one after the merge of that branch", filepath.Join(st.Dir, m.ID+".go"), m.ID, p, target, p)
			}
		}
		for _, d := range m.DependsOn {
			if gone[d] {
				return fmt.Errorf("%s: revision %s depends on %s (DependsOn), which squashing to %s replaces; "+
					"squash to a revision before %s, or remove the dependency from %s and run migragen hash", filepath.Join(st.Dir, m.ID+".go"), m.ID, d, target, d, m.ID)
			}
		}
	}
	return nil
}

// squashedFile returns the squashed revision, sq.ID, replacing the
// revisions replaced (graph order), and fills sq.Replaces and sq.Carried.
func (st *State) squashedFile(sq *Squashed, replaced []render.File, date time.Time) (render.File, error) {
	empty := schema.New(st.Snapshot.Settings)
	cur := empty
	var up []schema.Change
	var carried []render.Carried
	var refused []string
	for _, m := range replaced {
		sq.Replaces = append(sq.Replaces, m.Replaces...)
		sq.Replaces = append(sq.Replaces, m.ID)
		path := filepath.Join(st.Dir, m.ID+".go")
		data, err := os.ReadFile(path)
		if err != nil {
			return render.File{}, err
		}
		fset := token.NewFileSet()
		af, err := parser.ParseFile(fset, path, data, parser.SkipObjectResolution)
		if err != nil {
			return render.File{}, err
		}
		source, err := render.ReadSource(fset, af)
		if err != nil {
			return render.File{}, err
		}
		if source.NoTransaction {
			refused = append(refused, fmt.Sprintf("%s: revision %s runs outside a transaction (NoTransaction), and the squashed revision runs in one", path, m.ID))
		}
		done := 0
		// Before the first data step no row exists on a fresh database,
		// so the changes up to it are diffed as one; from then on rows
		// may, and the changes are kept as written.
		take := func(to int) error {
			next, err := schema.Apply(cur, m.Up[done:to])
			if err != nil {
				return fmt.Errorf("%s: replaying it: %w", path, err)
			}
			if len(carried) > 0 {
				up = append(up, m.Up[done:to]...)
			}
			cur, done = next, to
			return nil
		}
		for _, d := range source.UpData {
			where := fmt.Sprintf("%s:%d: revision %s, %s", path, d.Line, m.ID, d.Kind)
			if d.Name != "" {
				where += fmt.Sprintf(" %q", d.Name)
			}
			if d.Kind != "migrate.SQL" || !d.SelfContained {
				refused = append(refused, where)
				continue
			}
			text, online, err := inTransaction(string(data[d.Start:d.End]))
			if err != nil {
				return render.File{}, fmt.Errorf("%s: %w", where, err)
			}
			if online {
				where += " (Online dropped: in the squashed revision it runs in the transaction, where it stood)"
			}
			if err := take(d.After); err != nil {
				return render.File{}, err
			}
			if len(carried) == 0 {
				if up, err = schema.Diff(empty, cur, schema.Hints{}); err != nil {
					return render.File{}, err
				}
			}
			carried = append(carried, render.Carried{After: len(up), Source: text})
			sq.Carried = append(sq.Carried, where)
		}
		if err := take(len(m.Up)); err != nil {
			return render.File{}, err
		}
	}
	if len(refused) > 0 {
		return render.File{}, fmt.Errorf("squash carries only migrate.SQL steps written with literals, in revisions that run in a transaction, and these are not:\n\t%s\n"+
			"nothing was written. Squash to a revision before the first of them, or, if a step only filled rows that a fresh database does not have, "+
			"remove it from its revision (migragen hash re-sums the file) once every database has applied it",
			strings.Join(refused, "\n\t"))
	}
	if len(carried) == 0 {
		var err error
		if up, err = schema.Diff(empty, cur, schema.Hints{}); err != nil {
			return render.File{}, err
		}
	}
	last := replaced[len(replaced)-1].ID
	f := half(render.File{
		Package: st.Package, ID: sq.ID, Replaces: sq.Replaces, Date: date,
		Message: fmt.Sprintf("squash of %d revisions, up to %s", len(replaced), last),
	}, empty, up)
	f.Carried = carried
	f.Notes = []string{fmt.Sprintf("It replaces %d revisions (Replaces) and builds their schema from\n"+
		"nothing. A database that applied all of them counts it as applied;\n"+
		"one that applied only some of them is refused: upgrade it past\n"+
		"%s with a build from before the squash first.", len(sq.Replaces), last)}
	return f, nil
}
