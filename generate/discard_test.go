package generate

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
)

// TestDiscardAllOrNothing fails each rename of a discard in turn: the
// directory must then hold what it held before, byte for byte, and still
// load. A discard that succeeds leaves what the generate before the
// discarded one left, byte for byte.
func TestDiscardAllOrNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "migrations")
	models := tempModels(t)
	gen := func(now string) {
		t.Helper()
		if _, err := Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."}, Now: clock(now)}); err != nil {
			t.Fatal(err)
		}
	}
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string\n}\n")
	gen("2026-01-01T00:00:00Z")
	first := readDir(t, dir)
	writeModels(t, models, "type User struct {\n\tgorm.Model\n\tName string\n\tAge  int\n}\n")
	gen("2026-01-02T00:00:00Z")
	second := readDir(t, dir)

	for failAt := range 3 { // the index, schema.json, the sum
		renames := 0
		rename = func(from, to string) error {
			if renames++; renames == failAt+1 {
				return errors.New("injected failure")
			}
			return os.Rename(from, to)
		}
		_, err := Discard(dir, "", nil)
		rename = os.Rename
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("rename %d failing: Discard: %v", failAt+1, err)
		}
		if got := readDir(t, dir); !maps.EqualFunc(got, second, slices.Equal) {
			t.Fatalf("rename %d failing: the directory changed: %v, want %v", failAt+1, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(second)))
		}
		if _, err := Load(dir); err != nil {
			t.Fatal(err)
		}
	}

	d, err := Discard(dir, "head", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := readDir(t, dir); !maps.EqualFunc(got, first, slices.Equal) {
		t.Errorf("after the discard the directory holds %v, not what the first generate left, %v",
			slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(first)))
	}
	if len(d.IDs) != 1 || !strings.HasPrefix(d.IDs[0], "20260102000000") || !strings.HasPrefix(d.Head, "20260101000000") {
		t.Errorf("Discard = %+v", d)
	}
}

// TestDiscardLocked: a discard waits for no one; it fails at once while
// another run holds the directory.
func TestDiscardLocked(t *testing.T) {
	dir := t.TempDir()
	l, err := Lock(dir, "generate")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	var locked *LockedError
	if _, err := Discard(dir, "", nil); !errors.As(err, &locked) {
		t.Errorf("Discard under another run's lock: %v, want a *LockedError", err)
	}
}
