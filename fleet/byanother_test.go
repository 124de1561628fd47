package fleet

import (
	"slices"
	"testing"

	"github.com/migragen/migragen/migrate"
)

func status(pending ...string) *migrate.Status {
	st := &migrate.Status{}
	for _, id := range pending {
		st.Pending = append(st.Pending, migrate.Revision{ID: id})
	}
	return st
}

// TestByAnother checks which revisions a result says another process
// applied: those pending before and not after, less what this run applied
// (and what migrate already reported, once).
func TestByAnother(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		before, after           *migrate.Status
		applied, reported, want []string
	}{
		// Another runner finished before this run's UpTo read it: migrate
		// saw nothing pending and reported nothing.
		{"finished before our read", status("r1", "r2"), status(), nil, nil, []string{"r1", "r2"}},
		{"we applied them", status("r1", "r2"), status(), []string{"r1", "r2"}, nil, nil},
		{"half each", status("r1", "r2", "r3"), status("r3"), []string{"r1"}, nil, []string{"r2"}},
		{"reported by migrate", status("r1", "r2"), status(), []string{"r2"}, []string{"r1"}, []string{"r1"}},
	} {
		if got := byAnother(tc.before, tc.after, tc.applied, tc.reported); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
