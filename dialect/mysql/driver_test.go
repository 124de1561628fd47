package mysql_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/migragen/migragen/internal/testenv"
)

// TestDriverVersion: migragen builds and tests against gorm.io/driver/mysql
// v1.5.7, the release the package registry approves; it also serves v1.6.0,
// which it does not approve. The parity tests and the zero-DDL oracle on
// MariaDB were run on v1.5.7, and the README's Dependencies section states
// the supported range: moving the driver means running them again and
// updating both.
func TestDriverVersion(t *testing.T) {
	const path, want = "gorm.io/driver/mysql", "v1.5.7"
	data, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Require {
		if r.Mod.Path == path {
			if r.Mod.Version != want {
				t.Errorf("go.mod requires %s %s; the approved and tested version is %s", path, r.Mod.Version, want)
			}
			return
		}
	}
	t.Errorf("go.mod does not require %s", path)
}
