package generate

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// Merge joins the heads of the migrations directory cfg.Dir with an empty
// merge revision whose parents are all the heads, as after two git
// branches each added a revision. Only cfg.Dir, cfg.Message and cfg.Now
// are used. It rewrites the index in graph order, rebuilds schema.json by
// replaying the merged graph and writes migragen.sum last.
//
// After such a git merge migragen.sum, schema.json and the index usually
// conflict, so Merge works from the migration files themselves: the sum
// may be missing, hold conflict markers or list a subset of the files.
// Every file the sum (or either side of a conflicted sum) lists must still
// match its hash, every file must parse, and the revisions must form an
// acyclic graph with known parents. schema.json is read only for the
// settings, which every branch shares; with conflict markers its first
// side is used.
//
// With a single head there is nothing to merge: Merge writes nothing and
// Result.ID is "", and fails as Load does when the directory does not
// verify. When the branches conflict (both add the same column,
// say) the replay fails; Merge names the two revisions and the change,
// and writes nothing.
func Merge(ctx context.Context, cfg Config) (*Result, error) {
	dir := cfg.Dir
	r := &Result{}
	unlock, err := cfg.lock("merge")
	if err != nil {
		return r, err
	}
	defer unlock()
	df, err := scanDir(dir)
	if err != nil {
		return r, err
	}
	if df == nil || len(df.migrations) == 0 {
		return r, nil
	}
	if err := checkListed(dir, df); err != nil {
		return r, err
	}
	files, sums, pkg, err := readAll(dir, df)
	if err != nil {
		// A file that a clean sum does not list, and that does not parse,
		// is what an interrupted generate leaves, not a branch.
		if listed, derr := decodeSum(filepath.Join(dir, SumFile), df.sumData); derr == nil {
			if uerr := unlisted(dir, df, listed); uerr != nil {
				return r, fmt.Errorf("%w\n%w", err, uerr)
			}
		}
		return r, err
	}
	ordered, heads, err := graphOrder(dir, files)
	if err != nil {
		return r, err
	}
	r.Heads = heads
	if len(heads) < 2 {
		// Nothing to merge, but "nothing to merge" must not pass for
		// "all is well" over a directory that does not verify.
		_, err := Load(dir)
		return r, err
	}

	snapPath := filepath.Join(dir, SnapshotFile)
	if df.snapData == nil {
		return r, fmt.Errorf("%s is missing; restore either branch's version from version control (merge needs its settings, and rebuilds the rest)", snapPath)
	}
	prev, err := schema.Decode(snapPath, firstSide(df.snapData))
	if err != nil {
		return r, fmt.Errorf("%w\nmerge needs the settings of %s: check out either branch's version of it and run merge again", err, SnapshotFile)
	}
	replayed, err := replayGraph(dir, ordered, schema.New(prev.Settings))
	if err != nil {
		return r, err
	}

	now := time.Now
	if cfg.Now != nil {
		now = cfg.Now
	}
	date := now().UTC()
	slug := Slug(cfg.Message)
	if slug == "" {
		slug = "merge"
	}
	id := date.Format("20060102150405") + "_" + slug
	last := ""
	for _, m := range ordered {
		last = max(last, m.ID)
	}
	if id <= last {
		return r, fmt.Errorf("the merge revision's ID %s does not sort after revision %s; is the clock right?", id, last)
	}
	msg := cfg.Message
	if msg == "" {
		msg = "Merge " + strings.Join(heads, " and ")
	}
	f := render.File{Package: pkg, ID: id, Parents: heads, Message: msg, Date: date}
	migration, err := render.Migration(f)
	if err != nil {
		return r, err
	}
	ids := make([]string, 0, len(ordered)+1)
	for _, m := range ordered {
		ids = append(ids, m.ID)
	}
	index, err := render.Index(pkg, append(ids, id), replayed.Settings)
	if err != nil {
		return r, err
	}
	snap, err := schema.Encode(replayed)
	if err != nil {
		return r, err
	}
	sums[id+".go"] = hashFile(migration)
	sums[IndexFile] = hashFile(index)
	if err := ctx.Err(); err != nil {
		return r, err
	}

	written, err := writeRevision(dir, id, migration, index, snap, sums)
	if err != nil {
		return r, err
	}
	r.ID, r.Written = id, written
	return r, nil
}

// checkListed checks the migration files that migragen.sum lists against
// their hashes. A sum that does not decode (a git conflict) is read line
// by line: a file must match the hash one of the sides gives it.
func checkListed(dir string, df *dirFiles) error {
	if df.sumData == nil {
		return nil
	}
	sumPath := filepath.Join(dir, SumFile)
	listed := map[string][]string{}
	if sums, err := decodeSum(sumPath, df.sumData); err == nil {
		for n, h := range sums {
			if n != IndexFile { // merge rewrites the index
				listed[n] = []string{h}
			}
		}
	} else {
		sc := bufio.NewScanner(bytes.NewReader(df.sumData))
		for sc.Scan() {
			name, h, ok := strings.Cut(sc.Text(), " ")
			if ok && strings.HasPrefix(h, "h1:") && migrationName.MatchString(name) {
				listed[name] = append(listed[name], h)
			}
		}
	}
	names := slices.Sorted(maps.Keys(listed))
	for _, n := range names {
		path := filepath.Join(dir, n)
		if !slices.Contains(df.migrations, n) {
			return fmt.Errorf("%s is listed in %s but missing; restore it from version control", path, sumPath)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !slices.Contains(listed[n], hashFile(data)) {
			return fmt.Errorf("%s does not match its hash in %s: it was edited after generation; restore it before merging", path, sumPath)
		}
	}
	return nil
}

// firstSide returns data with git conflict markers resolved to their first
// side ("ours"); data without markers is returned as is.
func firstSide(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("<<<<<<< ")) && !bytes.Contains(data, []byte("\n<<<<<<< ")) {
		return data
	}
	var out bytes.Buffer
	keep := true
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("<<<<<<< ")):
			keep = true
		case bytes.HasPrefix(line, []byte("||||||| ")), bytes.HasPrefix(line, []byte("=======")) && len(bytes.TrimSpace(line)) == 7:
			keep = false
		case bytes.HasPrefix(line, []byte(">>>>>>> ")):
			keep = true
		default:
			if keep {
				out.Write(line)
			}
		}
	}
	return out.Bytes()
}

// replayGraph applies the revisions, in graph order, to s. When a change
// fails it names the revision that made it and the earlier revision of
// another branch that touched the same table.
func replayGraph(dir string, ordered []render.File, s *schema.Snapshot) (*schema.Snapshot, error) {
	ancestors := map[string]map[string]bool{}
	for _, m := range ordered {
		anc := map[string]bool{}
		for _, p := range m.Parents {
			anc[p] = true
			for a := range ancestors[p] {
				anc[a] = true
			}
		}
		ancestors[m.ID] = anc
	}
	for i, m := range ordered {
		next, err := schema.Apply(s, m.Up)
		if err == nil {
			s = next
			continue
		}
		// Find the failing change, then an applied revision of another
		// branch that touched its table.
		cur := s
		for _, c := range m.Up {
			next, cerr := schema.Apply(cur, []schema.Change{c})
			if cerr == nil {
				cur = next
				continue
			}
			table := schema.TableOf(c)
			for j := i - 1; j >= 0; j-- {
				o := ordered[j]
				if ancestors[m.ID][o.ID] {
					continue
				}
				for _, oc := range o.Up {
					if schema.TableOf(oc) == table {
						return nil, fmt.Errorf("the branches conflict: revision %s and revision %s both change table %s; "+
							"replaying %s after %s fails at %s: %v\nnothing was written; "+
							"resolve the conflict on one branch (drop or change one of the revisions) and run migragen merge again",
							o.ID, m.ID, table, m.ID, o.ID, c, cerr)
					}
				}
			}
			break
		}
		return nil, fmt.Errorf("%s: replaying revision %s on the merged graph: %w\nnothing was written",
			filepath.Join(dir, m.ID+".go"), m.ID, err)
	}
	return s, nil
}
