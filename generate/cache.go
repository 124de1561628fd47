package generate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// Verifying a directory in full means parsing every migration file and
// replaying every revision, and at a few thousand tables that costs as much
// as analysing the models. Yet between two runs the directory rarely
// changes. So a successful verification is recorded in the user's cache,
// as the analyzer's export cache records the go command's answers, keyed
// by everything the verification read that the per-run file hashing does
// not cover: migragen's own build, migragen.sum (which names every
// migration file's hash), schema.json and the index. LoadCached, on a
// record with its key, still checks every file against migragen.sum but
// takes the revisions' graph from the record instead of parsing the files.
// Any change to those inputs (an edit and a re-sum, a git merge, another
// branch, a new migragen build) is a new key, so a full verification. A
// fresh clone has no record.

// verifyCacheEnv set to "off" makes LoadCached verify in full and records
// nothing, as MIGRAGEN_EXPORT_CACHE=off does for the analyzer's cache.
const verifyCacheEnv = "MIGRAGEN_VERIFY_CACHE"

// recordFormat changes whenever what a record holds, or what holding it
// proves, changes.
const recordFormat = "migragen verification record 1"

// keepRecords is how many records the cache keeps: one per directory
// state recently verified, a few hundred bytes per revision each.
const keepRecords = 64

// userCacheDir is where records live; tests point it elsewhere.
var userCacheDir = os.UserCacheDir

// verification is the record of what a verification established about
// a directory state.
type verification struct {
	Key     string `json:"key"`
	Package string `json:"package"`
	// Revisions hold each revision's graph, in graph order.
	Revisions []recordedRevision `json:"revisions"`
	// Memos are results derived from the revisions, by kind and then by
	// revision ID (see State.Memo).
	Memos map[string]map[string]json.RawMessage `json:"memos,omitempty"`
}

// recordedRevision is the part of a revision that Load reads for the graph.
type recordedRevision struct {
	ID        string   `json:"id"`
	Parents   []string `json:"parents,omitempty"`
	DependsOn []string `json:"dependsOn,omitempty"`
	Replaces  []string `json:"replaces,omitempty"`
	Contract  bool     `json:"contract,omitempty"`
	Message   string   `json:"message,omitempty"`
}

// buildIdentity names the running migragen: a rebuild with other code may
// parse or replay differently, so it must not trust an older build's
// records. The build information names the module and dependency versions
// and the VCS revision; the executable's size and time tell apart two
// builds of one modified checkout. "" when neither is known.
var buildIdentity = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	var b strings.Builder
	if info, ok := debug.ReadBuildInfo(); ok {
		b.WriteString(info.String())
	}
	fmt.Fprintf(&b, "\nexecutable %d %d\n", fi.Size(), fi.ModTime().UnixNano())
	return b.String()
})

// recordKey hashes what a verification of df reads besides the migration
// files, which migragen.sum names by hash. It returns "" when records are
// off.
func recordKey(df *dirFiles) string {
	id := buildIdentity()
	if id == "" || os.Getenv(verifyCacheEnv) == "off" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d:%s", recordFormat, len(id), id)
	for _, part := range [][]byte{df.sumData, df.snapData, df.indexData} {
		fmt.Fprintf(h, "\n%d %t:", len(part), part == nil)
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordFile names the record for key, "" when there is no key or no
// cache directory.
func recordFile(key string) string {
	if len(key) < 40 {
		return "" // records are off
	}
	dir, err := userCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "migragen", "verified-"+key[:40]+".json")
}

// readRecord returns the record for key if there is one, whole, for the
// migration files sums lists. Anything else, a corrupt or unreadable
// record included, is a miss: the caller verifies in full.
func readRecord(key string, sums map[string]string) *verification {
	name := recordFile(key)
	if name == "" {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	first, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(first) != recordHeader(body) {
		return nil
	}
	var rec verification
	if json.Unmarshal(body, &rec) != nil || rec.Key != key {
		return nil
	}
	ids := map[string]bool{}
	for _, r := range rec.Revisions {
		ids[r.ID+".go"] = true
	}
	for n := range sums {
		if n != IndexFile && !ids[n] {
			return nil
		}
		delete(ids, n)
	}
	if len(ids) > 0 {
		return nil
	}
	// A record in use stays among the ones pruning keeps.
	now := time.Now()
	os.Chtimes(name, now, now)
	return &rec
}

// recordHeader is a record's first line: it checks the rest, the body.
func recordHeader(body []byte) string {
	sum := sha256.Sum256(body)
	return recordFormat + " " + hex.EncodeToString(sum[:])
}

// writeRecord stores rec, atomically, and prunes the oldest records.
// Failing to is harmless: the next run verifies in full.
func writeRecord(rec *verification) {
	name := recordFile(rec.Key)
	if name == "" {
		return
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return
	}
	dir := filepath.Dir(name)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".verified-*")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(recordHeader(body) + "\n")
	if werr == nil {
		_, werr = tmp.Write(body)
	}
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), name) != nil {
		os.Remove(tmp.Name())
		return
	}
	pruneRecords(dir)
}

// pruneRecords removes all but the keepRecords most recently used records.
func pruneRecords(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type aged struct {
		name string
		mod  time.Time
	}
	var records []aged
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "verified-") {
			continue
		}
		if fi, err := e.Info(); err == nil {
			records = append(records, aged{e.Name(), fi.ModTime()})
		}
	}
	if len(records) <= keepRecords {
		return
	}
	slices.SortFunc(records, func(a, b aged) int { return b.mod.Compare(a.mod) })
	for _, r := range records[keepRecords:] {
		os.Remove(filepath.Join(dir, r.name))
	}
}

// newRecord records st, verified, under key, with memos.
func newRecord(key string, st *State, memos map[string]map[string]json.RawMessage) *verification {
	rec := &verification{Key: key, Package: st.Package, Memos: memos}
	for _, m := range st.Migrations {
		rec.Revisions = append(rec.Revisions, recordedRevision{
			ID: m.ID, Parents: m.Parents, DependsOn: m.DependsOn, Replaces: m.Replaces, Contract: m.Contract, Message: m.Message,
		})
	}
	return rec
}

// files returns the recorded revisions as Load's parse would give them,
// without their changes.
func (rec *verification) files() map[string]render.File {
	files := make(map[string]render.File, len(rec.Revisions))
	for _, r := range rec.Revisions {
		files[r.ID] = render.File{
			Package: rec.Package, ID: r.ID, Parents: r.Parents, DependsOn: r.DependsOn, Replaces: r.Replaces, Contract: r.Contract, Message: r.Message,
		}
	}
	return files
}

// Memo returns what SaveMemo stored under kind with the verification
// record of the directory state st was loaded from, by revision ID; nil
// when there is none.
func (st *State) Memo(kind string) map[string]json.RawMessage {
	if st.record == nil {
		return nil
	}
	return st.record.Memos[kind]
}

// SaveMemo stores results derived from the revisions under kind, one per
// revision ID, with the verification record of st's directory state. A
// result must depend on nothing but its revision's file, the files of the
// revisions before it in graph order, and what kind names (kind must hash
// any other input, such as settings): RecordGenerated keeps the memos of
// the older revisions when Generate appends new ones. Without a record
// (records off, or none written) SaveMemo does nothing.
func (st *State) SaveMemo(kind string, byRevision map[string]json.RawMessage) {
	if st.record == nil || len(byRevision) == 0 {
		return
	}
	if st.record.Memos == nil {
		st.record.Memos = map[string]map[string]json.RawMessage{}
	}
	m := maps.Clone(st.record.Memos[kind])
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	maps.Copy(m, byRevision)
	st.record.Memos[kind] = m
	writeRecord(st.record)
}

// Partial reports whether st's revisions lack their changes (Up and Down
// nil): LoadCached took them from a verification record. Revision reads
// one revision's changes.
func (st *State) Partial() bool { return st.partial }

// Revision returns the revision id with its changes, reading its file
// when st is partial. The file must still match migragen.sum.
func (st *State) Revision(id string) (render.File, error) {
	i := slices.IndexFunc(st.Migrations, func(m render.File) bool { return m.ID == id })
	if i < 0 {
		return render.File{}, fmt.Errorf("no revision %s in %s", id, st.Dir)
	}
	if !st.partial {
		return st.Migrations[i], nil
	}
	name := id + ".go"
	path := filepath.Join(st.Dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		return render.File{}, err
	}
	if hashFile(data) != st.Sums[name] {
		return render.File{}, editedError(path, filepath.Join(st.Dir, SumFile))
	}
	return readMigration(token.NewFileSet(), st.Dir, name, data)
}

// RecordGenerated records, after Generate wrote res, the directory it
// left as verified, and returns its state as LoadCached would (partial,
// with the models' snapshot). It verifies only the new revisions: the
// state Generate started from (res.Plan.State) was verified, the files
// it held keep their hashes, and each new file, read back and parsed,
// must replay from the old head snapshot to the models' snapshot, which
// Generate wrote as schema.json. The memos of the old record are kept
// (see SaveMemo). It returns nil, recording nothing, when records are
// off, Generate wrote no revision, or anything does not check: the next
// load then verifies in full.
func RecordGenerated(res *Result) *State {
	if res == nil || res.ID == "" || res.Plan == nil || res.Plan.State == nil || res.Plan.Analysis == nil || res.Plan.Analysis.Snapshot == nil {
		return nil
	}
	old, models := res.Plan.State, res.Plan.Analysis.Snapshot
	df, err := scanDir(old.Dir)
	if err != nil || df == nil || df.sumData == nil {
		return nil
	}
	key := recordKey(df)
	if key == "" {
		return nil
	}
	sums, err := decodeSum(filepath.Join(old.Dir, SumFile), df.sumData)
	if err != nil {
		return nil
	}
	for _, n := range df.migrations {
		if _, ok := sums[n]; !ok {
			return nil
		}
	}
	files := make(map[string]render.File, len(sums))
	for _, m := range old.Migrations {
		if sums[m.ID+".go"] != old.Sums[m.ID+".go"] {
			return nil
		}
		files[m.ID] = m
	}
	fset := token.NewFileSet()
	pkg := old.Package
	var added []string
	for _, n := range slices.Sorted(maps.Keys(sums)) {
		if _, ok := old.Sums[n]; ok || n == IndexFile {
			continue
		}
		data, err := os.ReadFile(filepath.Join(old.Dir, n))
		if err != nil || hashFile(data) != sums[n] {
			return nil
		}
		f, err := readMigration(fset, old.Dir, n, data)
		if err != nil {
			return nil
		}
		files[f.ID], pkg = f, f.Package
		added = append(added, f.ID)
	}
	if len(added) == 0 {
		return nil
	}
	st := &State{Dir: old.Dir, Package: pkg, Sums: sums, Snapshot: models, partial: true}
	if st.order(files) != nil {
		return nil
	}
	// The new revisions follow the old head, so they come last.
	var ups []schema.Change
	for i, m := range st.Migrations {
		if i < len(old.Migrations) {
			if m.ID != old.Migrations[i].ID {
				return nil
			}
			continue
		}
		ups = append(ups, m.Up...)
	}
	// Generate proved that its changes replay to the models; changes read
	// back equal to them need no second replay.
	if !reflect.DeepEqual(ups, res.Plan.Changes) {
		prev := old.Snapshot
		if prev == nil {
			prev = schema.New(models.Settings)
		}
		replayed, err := schema.Apply(prev, ups)
		if err != nil || len(schema.Differences(replayed, models)) > 0 {
			return nil
		}
	}
	if st.verifyIndex(df.indexData) != nil {
		return nil
	}
	var memos map[string]map[string]json.RawMessage
	if old.record != nil {
		memos = maps.Clone(old.record.Memos)
	}
	st.record = newRecord(key, st, memos)
	writeRecord(st.record)
	return st
}
