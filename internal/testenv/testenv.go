// Package testenv holds what tests across the module need of their
// surroundings: where the module is, and temporary packages inside it.
// Generated model packages must live inside the module so that they
// resolve its GORM without the network.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	rootOnce sync.Once
	root     string
	rootErr  string
)

// ModuleRoot returns the directory of the migragen module's go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	rootOnce.Do(func() {
		out, err := exec.Command("go", "env", "GOMOD").Output()
		gomod := strings.TrimSpace(string(out))
		switch {
		case err != nil:
			rootErr = "go env GOMOD: " + err.Error()
		case gomod == "" || gomod == os.DevNull:
			rootErr = "not inside the migragen module"
		default:
			root = filepath.Dir(gomod)
		}
	})
	if rootErr != "" {
		t.Fatal(rootErr)
	}
	return root
}

// TempPackageDir makes a directory inside the module, removed when the test
// ends. Its name starts with "_", which keeps it out of ./... patterns
// while still being a valid import path element.
func TempPackageDir(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp(ModuleRoot(t), "_"+prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
