package analyzer

import (
	"slices"
	"testing"

	"github.com/migragen/migragen/analyzer/internal/loader"
	"github.com/migragen/migragen/internal/testenv"
)

// TestScanCallsLazy checks that reading AutoMigrate calls looks up
// assignments only for what a models... argument names: the discovery
// corpus passes one such variable, and a package whose calls list their
// arguments looks up nothing, however many variables its module assigns.
func TestScanCallsLazy(t *testing.T) {
	const corpus = "github.com/migragen/migragen/internal/corpus/"
	for _, tc := range []struct {
		pkg    string
		traced []string // the objects whose values were looked up
		named  []string // the types the calls name
	}{
		{corpus + "discovery", []string{"models"}, []string{"Item", "Account", "Order", "Plan", "Customer"}},
		// The package given comes first: its own call, then MigrateCore.
		{corpus + "layouts/caller/server", nil, []string{"AuditLog", "User", "Post"}},
	} {
		loaded, err := loader.Load(t.Context(), loader.Config{Dir: testenv.ModuleRoot(t)}, tc.pkg)
		if err != nil {
			t.Fatal(err)
		}
		r := newCallReader(loaded.Source)
		calls, _ := r.scan()
		var traced, named []string
		for obj := range r.values {
			traced = append(traced, obj.Name())
		}
		for _, a := range calls.named() {
			named = append(named, a.obj.Name())
		}
		if !slices.Equal(traced, tc.traced) || !slices.Equal(named, tc.named) {
			t.Errorf("%s: looked up %q and read %q, want %q and %q", tc.pkg, traced, named, tc.traced, tc.named)
		}
	}
}
