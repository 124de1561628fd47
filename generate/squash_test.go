package generate

import (
	"context"
	"errors"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// squashHistory generates four revisions in a fresh directory: users,
// users.age, orders, an index on orders; it returns the directory and the
// ids in order.
func squashHistory(t *testing.T) (string, []string) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "migrations")
	models := tempModels(t)
	bodies := []string{
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge  int\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge  int\n}\n\ntype Order struct {\n\tgorm.Model\n\tUserID uint\n\tTotal  int\n}\n",
		"type User struct {\n\tgorm.Model\n\tName string `gorm:\"size:100\"`\n\tAge  int\n}\n\ntype Order struct {\n\tgorm.Model\n\tUserID uint\n\tTotal  int `gorm:\"index\"`\n}\n",
	}
	var ids []string
	for i, body := range bodies {
		writeModels(t, models, body)
		r, err := Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."},
			Now: clock(time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.RFC3339))})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == "" {
			t.Fatalf("model set %d made no revision", i+1)
		}
		ids = append(ids, r.ID)
	}
	return dir, ids
}

// addStep puts step into the Up of revision id, after its Schema step,
// and re-sums the directory as a user would (migragen hash).
func addStep(t *testing.T, dir, id, step string) {
	t.Helper()
	path := filepath.Join(dir, id+".go")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	down := strings.Index(text, "\tDown: []migrate.Step{")
	at := strings.LastIndex(text[:down], "\t},\n")
	edited := text[:at] + "\t\t" + step + ",\n" + text[at:]
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Hash(dir, nil); err != nil {
		t.Fatalf("%v\n%s", err, edited)
	}
}

// replayFiles replays the revisions of dir listed in ids, in order, from
// the empty schema with dir's settings: the schema they build.
func replayFiles(t *testing.T, dir string, ids []string) *schema.Snapshot {
	t.Helper()
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap := schema.New(st.Snapshot.Settings)
	for _, id := range ids {
		if snap, err = schema.Apply(snap, st.byID(id).Up); err != nil {
			t.Fatal(err)
		}
	}
	return snap
}

func readSource(t *testing.T, path string) (render.Source, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, data, 0)
	if err != nil {
		t.Fatal(err)
	}
	src, err := render.ReadSource(fset, af)
	if err != nil {
		t.Fatal(err)
	}
	return src, data
}

// TestSquash squashes the first three of four revisions, the second
// carrying a SQL step: the new revision replays to the schema the three
// built (replayed here from the original files), carries the step after
// the changes that ran before it, and the fourth now follows it.
func TestSquash(t *testing.T) {
	dir, ids := squashHistory(t)
	addStep(t, dir, ids[1], "migrate.SQL{Up: `UPDATE users SET age = 7`, Down: `UPDATE users SET age = 0`}")
	want := replayFiles(t, dir, ids[:3])
	afterStep := replayFiles(t, dir, ids[:2])

	sq, err := Squash(dir, ids[2][:14], clock("2026-02-01T00:00:00Z"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if wantID := ids[2][:14] + SquashSuffix; sq.ID != wantID {
		t.Errorf("ID = %s, want %s", sq.ID, wantID)
	}
	if !slices.Equal(sq.Replaces, ids[:3]) || !slices.Equal(sq.Rewritten, ids[3:]) || len(sq.Carried) != 1 {
		t.Errorf("Squash = %+v", sq)
	}
	for _, id := range ids[:3] {
		if _, err := os.Stat(filepath.Join(dir, id+".go")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s.go is still there (%v)", id, err)
		}
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatalf("the squashed directory does not load: %v", err)
	}
	if got := st.IDs(); !slices.Equal(got, []string{sq.ID, ids[3]}) {
		t.Errorf("revisions %v", got)
	}
	if p := st.byID(ids[3]).Parents; !slices.Equal(p, []string{sq.ID}) {
		t.Errorf("%s follows %v, want %s", ids[3], p, sq.ID)
	}
	src, data := readSource(t, filepath.Join(dir, sq.ID+".go"))
	if !slices.Equal(src.Replaces, ids[:3]) || len(src.Parents) != 0 {
		t.Errorf("the file says Replaces %v, Parents %v", src.Replaces, src.Parents)
	}
	got, err := schema.Apply(schema.New(want.Settings), src.Up)
	if err != nil {
		t.Fatal(err)
	}
	if d := schema.Differences(got, want); len(d) > 0 {
		t.Errorf("the squashed Up builds another schema than the replaced revisions: %v", d)
	}
	// The step runs where it did: after the schema of the first two.
	if len(src.UpData) != 1 {
		t.Fatalf("data steps %+v", src.UpData)
	}
	step := src.UpData[0]
	if text := string(data[step.Start:step.End]); !strings.Contains(text, "UPDATE users SET age = 7") {
		t.Errorf("the carried step reads %q", text)
	}
	before, err := schema.Apply(schema.New(want.Settings), src.Up[:step.After])
	if err != nil {
		t.Fatal(err)
	}
	if d := schema.Differences(before, afterStep); len(d) > 0 {
		t.Errorf("the carried step runs on another schema than it did: %v", d)
	}
	// Down undoes Up, part by part.
	if back, err := schema.Apply(got, src.Down); err != nil || len(back.Tables) != 0 {
		t.Errorf("Down leaves %v (%v)", back, err)
	}
	if n := strings.Count(string(data), "migrate.Schema{"); n != 4 {
		t.Errorf("%d Schema steps, want two in Up and two in Down", n)
	}
}

// TestSquashHead squashes everything; the result equals the schema.json
// the history left and has no data step.
func TestSquashHead(t *testing.T) {
	dir, ids := squashHistory(t)
	want := replayFiles(t, dir, ids)
	sq, err := Squash(dir, "", clock("2026-02-01T00:00:00Z"), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Head != sq.ID || len(st.Migrations) != 1 {
		t.Fatalf("head %s, %d revisions", st.Head, len(st.Migrations))
	}
	if d := schema.Differences(replayFiles(t, dir, []string{sq.ID}), want); len(d) > 0 {
		t.Error(d)
	}
}

// TestSquashRefuses: what squash cannot carry or keep is named, and the
// directory is left byte for byte.
func TestSquashRefuses(t *testing.T) {
	cases := []struct {
		name, to string
		edit     func(t *testing.T, dir string, ids []string)
		want     []string
	}{
		{"go step", "head", func(t *testing.T, dir string, ids []string) {
			addStep(t, dir, ids[1], `migrate.Go{Name: "fill ages", Up: func(ctx context.Context, tx *gorm.DB) error { return nil }}`)
		}, []string{"_add_users_age.go:", `migrate.Go "fill ages"`, "nothing was written"}},
		{"sql naming a constant", "head", func(t *testing.T, dir string, ids []string) {
			addStep(t, dir, ids[2], "migrate.SQL{Up: fill}")
		}, []string{"migrate.SQL", "written with literals"}},
		{"no transaction", "head", func(t *testing.T, dir string, ids []string) {
			path := filepath.Join(dir, ids[1]+".go")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			edited := strings.Replace(string(data), "\tUp: []migrate.Step{", "\tNoTransaction: true,\n\tUp: []migrate.Step{", 1)
			if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := Hash(dir, nil); err != nil {
				t.Fatal(err)
			}
		}, []string{"_add_users_age.go: revision " + "", "runs outside a transaction (NoTransaction)"}},
		{"one revision", "", func(t *testing.T, dir string, ids []string) {}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, ids := squashHistory(t)
			c.edit(t, dir, ids)
			to := c.to
			if to == "" {
				to = ids[0]
				c.want = []string{"has no revision before it"}
			}
			before := readDir(t, dir)
			_, err := Squash(dir, to, clock("2026-02-01T00:00:00Z"), nil)
			if err == nil {
				t.Fatal("Squash succeeded")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if after := readDir(t, dir); !maps.EqualFunc(after, before, slices.Equal) {
				t.Error("the directory changed")
			}
		})
	}
}

// TestSquashAllOrNothing fails each rename of a squash in turn: the
// directory then holds what it held before, byte for byte, and loads.
func TestSquashAllOrNothing(t *testing.T) {
	dir, ids := squashHistory(t)
	before := readDir(t, dir)
	for failAt := range 4 { // the new revision, the rewritten child, the index, the sum
		renames := 0
		rename = func(from, to string) error {
			if renames++; renames == failAt+1 {
				return errors.New("injected failure")
			}
			return os.Rename(from, to)
		}
		_, err := Squash(dir, ids[2], clock("2026-02-01T00:00:00Z"), nil)
		rename = os.Rename
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("rename %d failing: Squash: %v", failAt+1, err)
		}
		if got := readDir(t, dir); !maps.EqualFunc(got, before, slices.Equal) {
			t.Fatalf("rename %d failing: the directory changed", failAt+1)
		}
		if _, err := Load(dir); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSquashOnlineStep: a carried step that ran after its revision's
// transaction (Online) runs in the squashed revision's, where it stood:
// after it, later changes of the range (a contraction's drop, say) would
// already have run.
func TestSquashOnlineStep(t *testing.T) {
	dir, ids := squashHistory(t)
	addStep(t, dir, ids[1], "migrate.SQL{Up: `UPDATE users SET age = 7`, Down: `SELECT 1`, Online: true}")
	sq, err := Squash(dir, "head", clock("2026-02-01T00:00:00Z"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sq.Carried) != 1 || !strings.Contains(sq.Carried[0], "Online dropped") {
		t.Errorf("Carried %q", sq.Carried)
	}
	src, data := readSource(t, filepath.Join(dir, sq.ID+".go"))
	if len(src.UpData) != 1 {
		t.Fatalf("data steps %+v", src.UpData)
	}
	text := string(data[src.UpData[0].Start:src.UpData[0].End])
	if strings.Contains(text, "Online") || !strings.Contains(text, "UPDATE users SET age = 7") || !strings.Contains(text, "SELECT 1") {
		t.Errorf("the carried step reads %q", text)
	}
}

// TestDiscardRefusesSquash: discarding a squashed head would throw the
// whole history away; it is refused, changing nothing.
func TestDiscardRefusesSquash(t *testing.T) {
	dir, _ := squashHistory(t)
	if _, err := Squash(dir, "head", clock("2026-02-01T00:00:00Z"), nil); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	_, err := Discard(dir, "", nil)
	if err == nil || !strings.Contains(err.Error(), "is a squash of 4 revisions") {
		t.Fatalf("Discard: %v", err)
	}
	if after := readDir(t, dir); !maps.EqualFunc(after, before, slices.Equal) {
		t.Error("the directory changed")
	}
}

// TestSquashInterrupted: a squash killed after its commit record, before
// removing the replaced files, leaves files the sum does not list; Load
// says to delete them, not to merge (which would bring them back).
func TestSquashInterrupted(t *testing.T) {
	dir, ids := squashHistory(t)
	first := filepath.Join(dir, ids[0]+".go")
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	sq, err := Squash(dir, ids[1], clock("2026-02-01T00:00:00Z"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(first, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir)
	if want := ids[0] + ".go is replaced by " + sq.ID + "; a squash was interrupted"; err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "merge") {
		t.Errorf("Load: %v\nwant it to say %q", err, want)
	}
}
