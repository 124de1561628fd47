package generate

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/schema"
)

// useRecords points the verification records at a fresh directory for one
// test, as the analyzer's export-cache tests do, and returns the directory
// the records are written to. Tests using it cannot run in parallel.
func useRecords(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(verifyCacheEnv, "")
	old := userCacheDir
	userCacheDir = func() (string, error) { return dir, nil }
	t.Cleanup(func() { userCacheDir = old })
	return filepath.Join(dir, "migragen")
}

// records lists the record files in dir.
func records(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "verified-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// loadCached calls LoadCached and checks whether it used a record.
func loadCached(t *testing.T, dir string, wantPartial bool) *State {
	t.Helper()
	st, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Partial() != wantPartial {
		t.Fatalf("LoadCached(%s): partial %v, want %v (a record hit is partial)", dir, st.Partial(), wantPartial)
	}
	return st
}

// graphOf is what a State says of its revisions besides their changes.
func graphOf(st *State) []string {
	var out []string
	for _, m := range st.Migrations {
		out = append(out, strings.Join([]string{m.Package, m.ID, strings.Join(m.Parents, ","), strings.Join(m.DependsOn, ","),
			strings.Join(m.Replaces, ","), m.Message, map[bool]string{true: "contract"}[m.Contract]}, "|"))
	}
	return append(out, "head "+st.Head, "package "+st.Package, "awaited "+strings.Join(st.Awaited, ";"))
}

// TestLoadCachedRecord shows a record written by a full verification, then
// used: the same graph and snapshot as a full Load, no changes until
// Revision reads them, and no record at all with MIGRAGEN_VERIFY_CACHE=off.
func TestLoadCachedRecord(t *testing.T) {
	cache := useRecords(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	res := generateExample(t, dir)
	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(records(t, cache)); n != 1 {
		t.Fatalf("a full Load wrote %d records, want 1", n)
	}

	st := loadCached(t, dir, true)
	if g, w := graphOf(st), graphOf(full); !reflect.DeepEqual(g, w) {
		t.Errorf("graph from the record:\n%v\nfrom the files:\n%v", g, w)
	}
	if d := schema.Differences(st.Snapshot, full.Snapshot); len(d) > 0 || st.Snapshot.GORMVersion != full.Snapshot.GORMVersion {
		t.Errorf("snapshot from a record hit differs: %v", d)
	}
	if len(st.Migrations[0].Up) != 0 || len(full.Migrations[0].Up) == 0 {
		t.Fatalf("a hit must not parse the changes (%d), a full load must (%d)", len(st.Migrations[0].Up), len(full.Migrations[0].Up))
	}
	rev, err := st.Revision(res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rev.Up, full.Migrations[0].Up) || !reflect.DeepEqual(rev.Down, full.Migrations[0].Down) {
		t.Error("Revision of a partial state reads other changes than Load")
	}
	// Revision checks the file against the sum, as Load does.
	appendTo(t, filepath.Join(dir, res.ID+".go"), "\n// an edit\n")
	if _, err := st.Revision(res.ID); err == nil || !strings.Contains(err.Error(), "does not match its hash") {
		t.Errorf("Revision of an edited file: %v", err)
	}

	t.Setenv(verifyCacheEnv, "off")
	other := filepath.Join(t.TempDir(), "migrations")
	generateExample(t, other)
	loadCached(t, other, false)
	loadCached(t, other, false)
	if n := len(records(t, cache)); n != 1 {
		t.Errorf("with %s=off a record was written: %d records", verifyCacheEnv, n)
	}
}

// TestLoadCachedCatchesEdits edits a migration file after a record of its
// directory was written; each edit must fail as a full verification does.
func TestLoadCachedCatchesEdits(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(t *testing.T, dir, path string)
		want  string
		check func(t *testing.T, st *State)
	}{
		{"an edit, not re-summed", func(t *testing.T, dir, path string) {
			appendTo(t, path, "\n// an edit\n")
		}, "does not match its hash", nil},
		{"a schema edit re-summed by hand", func(t *testing.T, dir, path string) {
			// The sum matches, so only replaying the revisions notices.
			editFile(t, path, `"slug"`, `"slog"`)
			resum(t, dir)
		}, "does not match the migrations", nil},
		{"a message edit re-summed with migragen hash", func(t *testing.T, dir, path string) {
			editFile(t, path, `"Initial schema"`, `"First schema"`)
			if err := Hash(dir, nil); err != nil {
				t.Fatal(err)
			}
		}, "", func(t *testing.T, st *State) {
			if st.Partial() || st.Migrations[0].Message != "First schema" {
				t.Errorf("after a re-summed edit: partial %v, message %q; want a full verification reading the new message", st.Partial(), st.Migrations[0].Message)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			useRecords(t)
			dir := filepath.Join(t.TempDir(), "migrations")
			res := generateExample(t, dir)
			loadCached(t, dir, false)
			loadCached(t, dir, true)
			tt.edit(t, dir, filepath.Join(dir, res.ID+".go"))
			st, err := LoadCached(dir)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, st)
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadCached after the edit: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// editFile replaces every old with new in the file at path.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.ReplaceAll(data, []byte(old), []byte(new))
	if bytes.Equal(edited, data) {
		t.Fatalf("%s holds no %s", path, old)
	}
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
}

// resum rewrites migragen.sum from the files of dir, whatever they say, as
// a hand-written sum would.
func resum(t *testing.T, dir string) {
	t.Helper()
	df := mustScan(t, dir)
	sums := map[string]string{}
	for _, n := range append(df.migrations, IndexFile) {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		sums[n] = hashFile(data)
	}
	if err := os.WriteFile(filepath.Join(dir, SumFile), encodeSum(sums), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadCachedBadRecord damages the record of a directory: each damaged
// record must be a miss, a full verification, never an error or a hit.
func TestLoadCachedBadRecord(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, path string, data []byte)
	}{
		{"truncated", func(t *testing.T, path string, data []byte) {
			os.WriteFile(path, data[:len(data)/2], 0o644)
		}},
		{"a byte changed", func(t *testing.T, path string, data []byte) {
			// Still valid JSON for the same revisions: only the record's
			// own checksum notices.
			os.WriteFile(path, bytes.Replace(data, []byte(`"message":"Initial schema"`), []byte(`"message":"Initial schemb"`), 1), 0o644)
		}},
		{"another state's record under this name", func(t *testing.T, path string, data []byte) {
			_, body, _ := bytes.Cut(data, []byte("\n"))
			var rec verification
			if err := json.Unmarshal(body, &rec); err != nil {
				t.Fatal(err)
			}
			rec.Key = strings.Repeat("0", 64)
			body, _ = json.Marshal(rec)
			os.WriteFile(path, []byte(recordHeader(body)+"\n"+string(body)), 0o644)
		}},
		{"revisions the sum does not list", func(t *testing.T, path string, data []byte) {
			_, body, _ := bytes.Cut(data, []byte("\n"))
			var rec verification
			if err := json.Unmarshal(body, &rec); err != nil {
				t.Fatal(err)
			}
			rec.Revisions = append(rec.Revisions, recordedRevision{ID: "20270101000000_ghost", Parents: []string{rec.Revisions[0].ID}})
			body, _ = json.Marshal(rec)
			os.WriteFile(path, []byte(recordHeader(body)+"\n"+string(body)), 0o644)
		}},
		{"unreadable", func(t *testing.T, path string, data []byte) {
			os.Remove(path)
			os.Mkdir(path, 0o755) // reading a directory fails, even as root
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cache := useRecords(t)
			dir := filepath.Join(t.TempDir(), "migrations")
			generateExample(t, dir)
			loadCached(t, dir, false)
			files := records(t, cache)
			if len(files) != 1 {
				t.Fatalf("%d records, want 1", len(files))
			}
			data, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			tt.damage(t, files[0], data)
			st := loadCached(t, dir, false)
			if st.Head == "" || len(st.Migrations[0].Up) == 0 {
				t.Errorf("a miss must verify in full: head %q", st.Head)
			}
		})
	}
}

// TestLoadCachedNewFiles covers the directory states that must be
// verified in full though a record of an earlier state exists: a fresh
// clone (the same files, no record), and a git merge that brings another
// branch's revision (a new file, and the sum updated to list it).
func TestLoadCachedNewFiles(t *testing.T) {
	useRecords(t)
	_, dirA, dirB, _, idB := branches(t,
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tEmail string\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge int\n}\n")
	loadCached(t, dirA, false)
	loadCached(t, dirA, true)

	// A fresh clone: no record in its cache.
	useRecords(t)
	loadCached(t, dirA, false)
	loadCached(t, dirA, true)

	// The merge: branch b's revision arrives and the sum lists it, while
	// schema.json and the index are still branch a's.
	data, err := os.ReadFile(filepath.Join(dirB, idB+".go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirA, idB+".go"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCached(dirA); err == nil || !strings.Contains(err.Error(), "not listed") {
		t.Fatalf("LoadCached with an unlisted revision: %v", err)
	}
	resum(t, dirA)
	if _, err := LoadCached(dirA); err == nil || !strings.Contains(err.Error(), "several heads") {
		t.Fatalf("LoadCached after the merge: %v, want the full verification's several heads", err)
	}
}

// TestRecordGenerated shows generate's run recorded without a full
// verification: the next LoadCached is a hit with the new head, memos of
// the older revisions are kept, and a revision that does not replay to
// the models is not recorded.
func TestRecordGenerated(t *testing.T) {
	useRecords(t)
	ctx := context.Background()
	models := tempModels(t)
	dir := filepath.Join(t.TempDir(), "migrations")
	gen := func(now, body string) *Result {
		t.Helper()
		writeModels(t, models, body)
		st, err := LoadCached(dir)
		if err != nil {
			t.Fatal(err)
		}
		l, err := Lock(dir, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Unlock()
		res, err := Generate(ctx, Config{Dir: dir, State: st, Lock: l, Analyzer: analyzer.Config{Dir: models}, Now: clock(now), Message: "step"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := gen("2026-01-01T00:00:00Z", "type User struct {\n\tgorm.Model\n\tName string\n}\n")
	st := RecordGenerated(first)
	if st == nil || st.Head != first.ID {
		t.Fatalf("RecordGenerated of the first revision: %+v", st)
	}
	loaded := loadCached(t, dir, true)
	loaded.SaveMemo("test", map[string]json.RawMessage{first.ID: json.RawMessage(`"first"`)})

	second := gen("2026-01-02T00:00:00Z", "type User struct {\n\tgorm.Model\n\tName string\n\tEmail string\n}\n")
	if st = RecordGenerated(second); st == nil {
		t.Fatal("RecordGenerated of the second revision recorded nothing")
	}
	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	loaded = loadCached(t, dir, true)
	if g, w := graphOf(loaded), graphOf(full); !reflect.DeepEqual(g, w) {
		t.Errorf("graph recorded by RecordGenerated:\n%v\nfrom the files:\n%v", g, w)
	}
	if m := loaded.Memo("test"); string(m[first.ID]) != `"first"` {
		t.Errorf("the memo of the older revision was lost: %v", m)
	}

	// A new revision whose file does not replay to the models (the
	// column's name edited and re-summed before it is recorded).
	third := gen("2026-01-03T00:00:00Z", "type User struct {\n\tgorm.Model\n\tName string\n\tEmail string\n\tAge int\n}\n")
	editFile(t, filepath.Join(dir, third.ID+".go"), `"age"`, `"years"`)
	resum(t, dir)
	if st := RecordGenerated(third); st != nil {
		t.Fatal("RecordGenerated recorded a revision that does not replay to the models")
	}
	if _, err := LoadCached(dir); err == nil || !strings.Contains(err.Error(), "does not match the migrations") {
		t.Errorf("LoadCached after it: %v", err)
	}
}
