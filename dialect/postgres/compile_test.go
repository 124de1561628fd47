package postgres

import (
	"strings"
	"testing"
)

// TestPrimaryKeyName holds primaryKeyName to the names PostgreSQL 15 gave
// unnamed primary keys of these tables.
func TestPrimaryKeyName(t *testing.T) {
	for _, tc := range []struct{ table, want string }{
		{"people", "people_pkey"},
		{strings.Repeat("a", 63), strings.Repeat("a", 58) + "_pkey"},
		{strings.Repeat("é", 31), strings.Repeat("é", 29) + "_pkey"},
	} {
		if got := primaryKeyName(tc.table); got != tc.want {
			t.Errorf("primaryKeyName(%q) = %q, want %q", tc.table, got, tc.want)
		}
	}
}
