package loader

import (
	"context"
	"github.com/migragen/migragen/internal/testenv"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// useCacheDir points the export cache at a fresh directory for one test;
// tests using it cannot run in parallel.
func useCacheDir(t *testing.T) string {
	dir := t.TempDir()
	old := userCacheDir
	userCacheDir = func() (string, error) { return dir, nil }
	t.Cleanup(func() { userCacheDir = old })
	return dir
}

// TestExportCache shows the second load of an unchanged dependency set
// skipping the go command's export listing, with the same types, and the
// cache being bypassed when it is switched off or the key changes.
func TestExportCache(t *testing.T) {
	cache := useCacheDir(t)
	root := testenv.ModuleRoot(t)
	load := func(env ...string) (*Result, bool) {
		t.Helper()
		tm := &timings{}
		res, err := Load(withTimings(context.Background(), tm), Config{Dir: root, Env: append([]string{"GOPROXY=off"}, env...)}, "gorm.io/gorm/utils/tests")
		if err != nil {
			t.Fatal(err)
		}
		return res, tm.exportCached
	}
	entries := func() int {
		files, _ := filepath.Glob(filepath.Join(cache, "migragen", "export-*.txt"))
		return len(files)
	}

	first, cached := load()
	if cached || entries() != 1 {
		t.Fatalf("want a miss and then one cache entry after the first load; cached %v, %d entries", cached, entries())
	}
	second, cached := load()
	if !cached {
		t.Error("the second load with the same key did not use the cache")
	}
	a, b := first.Roots[0].Types.Scope().Lookup("User"), second.Roots[0].Types.Scope().Lookup("User")
	if a == nil || b == nil || a.Type().Underlying().String() != b.Type().Underlying().String() {
		t.Fatal("a cache hit must give the same types")
	}

	// A different build configuration is a different key.
	load("GOFLAGS=-tags=migragen_test")
	if entries() != 2 {
		t.Errorf("a changed environment must not reuse the entry; have %d entries", entries())
	}
	// Switched off, nothing is read or written.
	load("MIGRAGEN_EXPORT_CACHE=off", "GOFLAGS=-tags=other")
	if entries() != 2 {
		t.Errorf("MIGRAGEN_EXPORT_CACHE=off wrote an entry")
	}

	// An entry naming a file that left the build cache is not used.
	files, _ := filepath.Glob(filepath.Join(cache, "migragen", "export-*.txt"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		lines := strings.Split(string(data), "\n")
		for i := 1; i < len(lines); i++ {
			if p, _, ok := strings.Cut(lines[i], "\t"); ok {
				lines[i] = p + "\t" + filepath.Join(cache, "gone")
			}
		}
		os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644)
	}
	if _, err := Load(context.Background(), Config{Dir: root, Env: []string{"GOPROXY=off"}}, "gorm.io/gorm/utils/tests"); err != nil {
		t.Fatalf("a stale entry must fall back to the go command: %v", err)
	}
}

// TestExportCacheLocalModules shows that dependencies from a local
// directory, which change without a version change, are never cached.
func TestExportCacheLocalModules(t *testing.T) {
	cache := useCacheDir(t)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"m/go.mod":   "module example.com/m\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"m/a/a.go":   "package a\n\nimport \"example.com/dep/d\"\n\ntype A struct{ D d.D }\n",
		"dep/go.mod": "module example.com/dep\n\ngo 1.26\n",
		"dep/d/d.go": "package d\n\ntype D struct{ N int }\n",
	})
	env := []string{"GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off"}
	if _, err := Load(context.Background(), Config{Dir: filepath.Join(dir, "m"), Env: env}, "./a"); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "migragen", "export-*.txt")); len(files) != 0 {
		t.Errorf("a replaced local module was cached: %v", files)
	}
	// Its change is seen by the next load.
	writeTree(t, dir, map[string]string{"dep/d/d.go": "package d\n\ntype D struct{ N, M int }\n"})
	res, err := Load(context.Background(), Config{Dir: filepath.Join(dir, "m"), Env: env}, "./a")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Roots[0].Types.Scope().Lookup("A").Type().Underlying().(*types.Struct).Field(0).Type().Underlying().String()
	if !strings.Contains(d, "M int") {
		t.Errorf("the edited dependency was not reloaded: %s", d)
	}
}

// TestMain keeps the tests from reading or writing the user's cache.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loadercache")
	if err != nil {
		panic(err)
	}
	userCacheDir = func() (string, error) { return dir, nil }
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
