package generate

import (
	"slices"
	"testing"

	"github.com/migragen/migragen/schema"
)

// TestKeepPolicy: a policy setting the command line did not give (nil)
// keeps the head's; one given replaces it, an empty list clearing it, and
// only a real change is reported.
func TestKeepPolicy(t *testing.T) {
	head := schema.Settings{Dialects: []string{"mysql", "postgres"}, PlainDDL: []string{"postgres"}}
	for _, tc := range []struct {
		name                  string
		models                schema.Settings
		wantDialects, wantDDL []string
		wantChanges           int
	}{
		{"not given", schema.Settings{}, head.Dialects, head.PlainDDL, 0},
		{"given, same", schema.Settings{Dialects: []string{"mysql", "postgres"}}, head.Dialects, head.PlainDDL, 0},
		{"given, other", schema.Settings{PlainDDL: []string{"all"}}, head.Dialects, []string{"all"}, 1},
		{"cleared", schema.Settings{Dialects: []string{}, PlainDDL: []string{}}, []string{}, []string{}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			models := tc.models
			changes := keepPolicy(head, &models)
			if !slices.Equal(models.Dialects, tc.wantDialects) || !slices.Equal(models.PlainDDL, tc.wantDDL) {
				t.Errorf("settings became %v / %v, want %v / %v", models.Dialects, models.PlainDDL, tc.wantDialects, tc.wantDDL)
			}
			if len(changes) != tc.wantChanges {
				t.Errorf("changes %q, want %d", changes, tc.wantChanges)
			}
		})
	}
	// Nothing recorded and nothing given is no change either.
	var none schema.Settings
	if changes := keepPolicy(schema.Settings{}, &none); len(changes) > 0 {
		t.Errorf("no policy anywhere: changes %q", changes)
	}
}
