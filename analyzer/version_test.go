package analyzer

import (
	"slices"

	"github.com/migragen/migragen/internal/dialects"
	"go/token"
	"strings"
	"testing"
)

func TestCheckGORMVersion(t *testing.T) {
	for _, tt := range []struct {
		version string
		warn    bool
	}{
		{"", false}, {"v1.30.0", false}, {"v1.31.2", false}, {"v1.31.99", false},
		{"v1.29.9", true}, {"v1.32.0", true}, {"v2.0.0", true}, {"devel", false},
	} {
		ds := &diagnostics{fset: token.NewFileSet()}
		checkGORMVersion(tt.version, ds)
		got := ds.resolve("")
		if (len(got) > 0) != tt.warn {
			t.Errorf("%q: diagnostics %v, want a warning: %v", tt.version, got, tt.warn)
		}
		if tt.warn && !strings.Contains(got[0].String(), "warning: migragen reproduces the rules of gorm.io/gorm >= v1.30.0, < v1.32.0") {
			t.Errorf("%q: unexpected message %s", tt.version, got[0])
		}
	}
}

// TestDialectNames keeps the dialects whose GormDBDataType answers the
// analyzer records in step with those the runtime compiles for.
func TestDialectNames(t *testing.T) {
	if !slices.Equal(dialectNames, dialects.Names) {
		t.Errorf("analyzer dialects %v, internal/dialects %v", dialectNames, dialects.Names)
	}
}
