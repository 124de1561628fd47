package generate

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// File names inside a migrations directory.
const (
	SnapshotFile = "schema.json"
	SumFile      = "migragen.sum"
	IndexFile    = "migrations.go"
)

// migrationName matches the file names of generated revisions.
var migrationName = regexp.MustCompile(`^[0-9]{14}(_[A-Za-z0-9_]*)?\.go$`)

// State is a verified migrations directory.
type State struct {
	Dir string
	// Package is the Go package name of the directory.
	Package string
	// Snapshot is the head snapshot; nil for an empty directory.
	Snapshot *schema.Snapshot
	// Migrations are the revisions in graph order.
	Migrations []render.File
	// Head is the ID of the last revision, "" for an empty directory.
	Head string
	// Sums maps each migration file name, and the index's, to its "h1:"
	// hash.
	Sums map[string]string
	// Leftovers are the temp files of interrupted runs (see LockFile);
	// the next generate, merge or hash removes them.
	// Awaited describes each dependency (DependsOn) on a revision the
	// directory does not hold yet, naming its file; check fails on them.
	Awaited   []string
	Leftovers []string
	// partial is set when the revisions came from a verification record
	// and carry no changes (see Partial).
	partial bool
	// record is the verification record of the directory state, nil when
	// records are off or none could be written.
	record *verification
}

// Empty reports whether the directory holds no revision yet.
func (s *State) Empty() bool { return s.Snapshot == nil }

// IDs returns the revision IDs in graph order.
func (s *State) IDs() []string {
	ids := make([]string, len(s.Migrations))
	for i, m := range s.Migrations {
		ids[i] = m.ID
	}
	return ids
}

// PackageName is the Go package name for a migrations directory: its base
// name, lower-cased, with anything but letters, digits and underscores
// dropped.
func PackageName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(abs)) {
		if r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	name := b.String()
	if name == "" || name[0] >= '0' && name[0] <= '9' || token.IsKeyword(name) {
		name = "migrations" + name
	}
	return name
}

// hashFile is the "h1:" hash of a file's content.
func hashFile(data []byte) string {
	sum := sha256.Sum256(data)
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}

// hashPath is hashFile of the file at path, read in pieces.
func hashPath(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

// encodeSum returns the content of migragen.sum for the given hashes.
func encodeSum(sums map[string]string) []byte {
	names := slices.Sorted(maps.Keys(sums))
	var body bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&body, "%s %s\n", n, sums[n])
	}
	return append([]byte(hashFile(body.Bytes())+"\n"), body.Bytes()...)
}

// decodeSum parses migragen.sum and checks its total.
func decodeSum(path string, data []byte) (map[string]string, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s; restore it from version control", path, fmt.Sprintf(format, args...))
	}
	first, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !bytes.HasPrefix(first, []byte("h1:")) {
		return nil, fail("not a migragen.sum file: the first line must be h1:<total>")
	}
	if string(first) != hashFile(body) {
		return nil, fail("its total hash does not match its lines (was it edited by hand?)")
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for line := 2; sc.Scan(); line++ {
		name, h, ok := strings.Cut(sc.Text(), " ")
		if !ok || !strings.HasPrefix(h, "h1:") || name == "" || strings.ContainsAny(name, `/\`) {
			return nil, fail("line %d: want \"<file> h1:<hash>\", got %q", line, sc.Text())
		}
		if _, dup := sums[name]; dup {
			return nil, fail("line %d: %s is listed twice", line, name)
		}
		sums[name] = h
	}
	return sums, nil
}

// dirFiles is what a migrations directory holds.
type dirFiles struct {
	sumData, snapData []byte
	// indexData is the index's content, nil when there is none.
	indexData []byte
	// leftovers are the temp files of interrupted runs.
	leftovers []string
	// migrations are the names of the migration files, sorted.
	migrations []string
}

// scanDir reads the sum and the snapshot of dir and lists its migration
// files. It returns nil for a directory that does not exist.
func scanDir(dir string) (*dirFiles, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	df := &dirFiles{}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		switch name := e.Name(); {
		case e.IsDir():
		case name == SumFile:
			if df.sumData, err = os.ReadFile(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		case name == SnapshotFile:
			if df.snapData, err = os.ReadFile(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		case name == IndexFile:
			if df.indexData, err = os.ReadFile(filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		case migrationName.MatchString(name):
			df.migrations = append(df.migrations, name)
		}
	}
	slices.Sort(df.migrations)
	df.leftovers = leftovers(dir, names)
	return df, nil
}

// readMigration parses the migration file name of dir, whose content is
// data, and checks that its ID matches its name. Errors carry file:line.
func readMigration(fset *token.FileSet, dir, name string, data []byte) (render.File, error) {
	path := filepath.Join(dir, name)
	ast, err := parser.ParseFile(fset, path, data, parser.SkipObjectResolution)
	if err != nil {
		return render.File{}, err
	}
	f, err := render.ReadMigration(fset, ast)
	if err != nil {
		return render.File{}, err
	}
	if want := strings.TrimSuffix(name, ".go"); f.ID != want {
		return render.File{}, fmt.Errorf("%s: the migration's ID is %q, but its file name says %q", path, f.ID, want)
	}
	return f, nil
}

// Load reads and verifies the migrations directory dir. A directory that
// does not exist, or holds none of migragen's files, is an empty state.
// Load fails when a migration file does not match migragen.sum, when a
// migration file is not listed there (a half-written set), when the
// revisions do not form a graph with one head, and when replaying the
// revisions does not give schema.json. Load always verifies in full and
// parses every revision's changes; it records a verification it did (see
// LoadCached).
func Load(dir string) (*State, error) { return load(dir, false) }

// LoadCached is Load for the commands that need the graph and the head
// snapshot but not the revisions' changes (check, plan, generate). When
// the user cache holds a record of a verification of the same directory
// state (the same migragen.sum, schema.json, index, and migragen build),
// it checks every migration file against migragen.sum but parses none:
// the graph comes from the record and the revisions carry no changes
// (State.Partial; State.Revision reads them). Otherwise it is Load.
func LoadCached(dir string) (*State, error) { return load(dir, true) }

func load(dir string, cached bool) (*State, error) {
	st := &State{Dir: dir, Package: PackageName(dir), Sums: map[string]string{}}
	df, err := scanDir(dir)
	if err != nil || df == nil {
		return st, err
	}
	st.Leftovers = df.leftovers
	sumPath := filepath.Join(dir, SumFile)
	if df.sumData == nil {
		if df.snapData == nil && df.indexData == nil && len(df.migrations) == 0 {
			return st, nil
		}
		return nil, fmt.Errorf("half-written set: %s has migragen's files but no %s (a generate was interrupted?); "+
			"remove the files of the unfinished revision and run migragen generate again, or restore %s from version control",
			dir, SumFile, SumFile)
	}
	sums, err := decodeSum(sumPath, df.sumData)
	if err != nil {
		return nil, err
	}
	st.Sums = sums
	if err := unlisted(dir, df, sums); err != nil {
		return nil, err
	}
	// schema.json is decoded while the files are hashed, on another core;
	// its result is taken where it is needed, so that errors come in the
	// same order as when it was decoded there.
	decoded := async(func() (*schema.Snapshot, error) { return decodeSnapshot(dir, df.snapData) })
	defer decoded() // waits on every return; the result is taken below
	// A full Load reads the record too, only to keep it (and its memos)
	// rather than write a new one.
	key := recordKey(df)
	rec := readRecord(key, sums)
	hit := cached && rec != nil

	// Verify every listed file, and read it unless the record holds it.
	names := slices.Sorted(maps.Keys(sums))
	fset := token.NewFileSet()
	files := map[string]render.File{}
	for _, n := range names {
		if n == IndexFile {
			continue // verified below, against the revisions
		}
		path := filepath.Join(dir, n)
		var data []byte
		var h string
		if hit {
			// Only the hash is needed: no file is held whole.
			h, err = hashPath(path)
		} else if data, err = os.ReadFile(path); err == nil {
			h = hashFile(data)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s is listed in %s but missing; restore it from version control", path, sumPath)
		}
		if err != nil {
			return nil, err
		}
		if h != sums[n] {
			return nil, editedError(path, sumPath)
		}
		if hit {
			continue
		}
		f, err := readMigration(fset, dir, n, data)
		if err != nil {
			return nil, err
		}
		files[f.ID] = f
		st.Package = f.Package
	}
	if hit {
		// The record was written after a verification of these very
		// files, schema.json and index: replaying would give the same.
		st.Package, st.partial = rec.Package, true
		if err := st.order(rec.files()); err != nil {
			return nil, err
		}
		if st.Snapshot, err = decoded(); err != nil {
			return nil, err
		}
	} else if err := st.verify(files, decoded); err != nil {
		return nil, err
	}
	if err := st.verifyIndex(df.indexData); err != nil {
		return nil, err
	}
	switch {
	case rec != nil:
		st.record = rec
	case key != "":
		st.record = newRecord(key, st, nil)
		writeRecord(st.record)
	}
	return st, nil
}

// editedError reports the file at path, which does not match its hash in
// the sum at sumPath.
func editedError(path, sumPath string) error {
	return fmt.Errorf("%s does not match its hash in %s: it was edited after generation; "+
		"re-sum a deliberately edited file with migragen hash, or restore it", path, sumPath)
}

// unlisted explains the migration files that sums (migragen.sum) does not
// list, nil when it lists them all, with the fix that works: merge when
// they make several heads (another branch's revisions came in with a git
// merge), otherwise removing the revision an interrupted generate left.
func unlisted(dir string, df *dirFiles, sums map[string]string) error {
	var extra []string
	for _, n := range df.migrations {
		if _, ok := sums[n]; !ok {
			extra = append(extra, n)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	what := fmt.Sprintf("half-written set: %s not listed in %s", strings.Join(prefixAll(dir, extra), ", "), filepath.Join(dir, SumFile))
	interrupted := fmt.Sprintf("%s: a generate was interrupted", what)
	if files, _, _, err := readAll(dir, df); err == nil {
		if squashed := squashLeftovers(files, extra); len(squashed) > 0 {
			return fmt.Errorf("%s: %s; a squash was interrupted after writing its commit record, before removing them: delete them",
				what, strings.Join(squashed, "; "))
		}
		ordered, heads, err := graphOrder(dir, files)
		switch {
		case err == nil && len(heads) > 1:
			return fmt.Errorf("%s; with them the revisions have %d heads (%s): a git merge brought another branch's revisions; "+
				"run migragen merge", what, len(heads), strings.Join(heads, ", "))
		case err == nil && replaysTo(dir, ordered, df.snapData):
			// The run wrote the snapshot too: only the sum is missing.
			return fmt.Errorf("%s after writing %s, before writing %s (its commit record); run migragen hash to finish it", interrupted, SnapshotFile, SumFile)
		}
	}
	return fmt.Errorf("%s before writing %s and %s (its commit record); remove the unfinished revision's file and run migragen generate again, "+
		"or restore the directory from version control", interrupted, SnapshotFile, SumFile)
}

// squashLeftovers says, for each of the unlisted files extra that a
// listed squashed revision of files replaces, which one; nil when none is.
func squashLeftovers(files map[string]render.File, extra []string) []string {
	by := map[string]string{}
	for id, f := range files {
		for _, r := range f.Replaces {
			by[r] = id
		}
	}
	var out []string
	for _, n := range extra {
		if x, ok := by[strings.TrimSuffix(n, ".go")]; ok {
			out = append(out, fmt.Sprintf("%s is replaced by %s", n, x))
		}
	}
	return out
}

// replaysTo reports whether the revisions, in graph order, replay to the
// snapshot snapData.
func replaysTo(dir string, ordered []render.File, snapData []byte) bool {
	snap, err := schema.Decode(filepath.Join(dir, SnapshotFile), snapData)
	if err != nil || snapData == nil {
		return false
	}
	replayed, err := replayGraph(dir, ordered, schema.New(snap.Settings))
	return err == nil && len(schema.Differences(replayed, snap)) == 0
}

// verifyIndex checks that the index, data, is the one the revisions give:
// a line deleted from it drops a revision from the binary, which then
// reports a wrong head, or several, and go build does not notice. The sum
// covers it too; a sum written before it did is accepted.
func (st *State) verifyIndex(data []byte) error {
	path := filepath.Join(st.Dir, IndexFile)
	fix := "it is generated from the revisions (DO NOT EDIT): rewrite it with migragen hash, or restore it from version control"
	if data == nil {
		return fmt.Errorf("%s is missing; %s", path, fix)
	}
	want, err := render.Index(st.Package, st.IDs(), st.Snapshot.Settings)
	if err != nil {
		return err
	}
	if line, have, wantLine, differ := firstDifference(data, want); differ {
		return fmt.Errorf("%s:%d: the index does not list the revisions of the directory: line %d is %q, want %q; %s",
			path, line, line, have, wantLine, fix)
	}
	if h, ok := st.Sums[IndexFile]; ok && h != hashFile(data) {
		return fmt.Errorf("%s does not match its hash in %s; %s", path, filepath.Join(st.Dir, SumFile), fix)
	}
	return nil
}

// firstDifference finds the first line where have and want differ, and
// returns its number and both versions, trimmed.
func firstDifference(have, want []byte) (line int, h, w string, differ bool) {
	hl, wl := strings.Split(string(have), "\n"), strings.Split(string(want), "\n")
	at := func(l []string, i int) string {
		if i < len(l) {
			return strings.TrimSpace(l[i])
		}
		return "(end of file)"
	}
	for i := range max(len(hl), len(wl)) {
		if i >= len(hl) || i >= len(wl) || hl[i] != wl[i] {
			return i + 1, at(hl, i), at(wl, i), true
		}
	}
	return 0, "", "", false
}

// verify orders files into st and checks that replaying them gives the
// snapshot snapData (schema.json), which becomes st.Snapshot.
func (st *State) verify(files map[string]render.File, decoded func() (*schema.Snapshot, error)) error {
	if err := st.order(files); err != nil {
		return err
	}
	snap, err := decoded()
	if err != nil {
		return err
	}
	replayed := schema.New(snap.Settings)
	for _, m := range st.Migrations {
		if replayed, err = schema.Apply(replayed, m.Up); err != nil {
			return fmt.Errorf("replaying revision %s: %w", m.ID, err)
		}
	}
	if d := schema.Differences(replayed, snap); len(d) > 0 {
		return &snapshotMismatch{path: filepath.Join(st.Dir, SnapshotFile), diffs: d}
	}
	st.Snapshot = snap
	return nil
}

// decodeSnapshot decodes schema.json of dir, whose content is data (nil
// when it is missing).
func decodeSnapshot(dir string, data []byte) (*schema.Snapshot, error) {
	path := filepath.Join(dir, SnapshotFile)
	if data == nil {
		return nil, fmt.Errorf("%s is missing; restore it from version control", path)
	}
	return schema.Decode(path, data)
}

// snapshotMismatch is verify's error when replaying the revisions does not
// give schema.json at path; diffs are schema.Differences'.
type snapshotMismatch struct {
	path  string
	diffs []string
}

func (e *snapshotMismatch) Error() string {
	return fmt.Sprintf("%s does not match the migrations: %s (first: replayed migrations, second: %s); restore it from version control",
		e.path, strings.Join(e.diffs, "; "), SnapshotFile)
}

// order sorts the revisions into graph order (parents first, ties by ID)
// and finds the single head.
func (st *State) order(files map[string]render.File) error {
	ordered, heads, err := graphOrder(st.Dir, files)
	if err != nil {
		return err
	}
	if len(heads) > 1 {
		return fmt.Errorf("%s has several heads (%s): branches were generated in parallel; run migragen merge",
			st.Dir, strings.Join(heads, ", "))
	}
	st.Migrations = ordered
	if len(heads) == 1 {
		st.Head = heads[0]
	}
	st.Awaited = awaitedDependencies(st.Dir, files)
	return nil
}

// graphOrder sorts the revisions into graph order (parents and
// dependencies first, ties by ID) and returns the heads (from parents
// alone), sorted. It fails when a parent is unknown or the revisions form
// a cycle. A dependency the directory lacks is awaited (see
// State.Awaited), not an error here.
func graphOrder(dir string, files map[string]render.File) ([]render.File, []string, error) {
	ids := slices.Sorted(maps.Keys(files))
	children := map[string]int{}
	for _, id := range ids {
		for _, p := range files[id].Parents {
			if _, ok := files[p]; !ok {
				return nil, nil, fmt.Errorf("%s: revision %s has parent %s, which is not in the directory; restore it from version control",
					filepath.Join(dir, id+".go"), id, p)
			}
			children[p]++
		}
	}
	var heads []string
	for _, id := range ids {
		if children[id] == 0 {
			heads = append(heads, id)
		}
	}
	cycle := fmt.Errorf("%s: the revisions form a cycle; restore the directory from version control", dir)
	if len(ids) > 0 && len(heads) == 0 {
		return nil, nil, cycle
	}
	var ordered []render.File
	done := map[string]bool{}
	for len(ordered) < len(ids) {
		progress := false
		for _, id := range ids {
			if done[id] {
				continue
			}
			ready := true
			for _, p := range requires(files[id]) {
				_, known := files[p] // an awaited dependency orders nothing yet
				ready = ready && (done[p] || !known)
			}
			if ready {
				done[id] = true
				ordered = append(ordered, files[id])
				progress = true
				break // restart so that the smallest ready ID always goes first
			}
		}
		if !progress {
			if err := dependencyCycle(dir, files, done); err != nil {
				return nil, nil, err
			}
			return nil, nil, cycle
		}
	}
	return ordered, heads, nil
}

func prefixAll(dir string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n)
	}
	return out
}
