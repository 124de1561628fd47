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

// TestSequenceName holds sequenceName to the names PostgreSQL 15 gave
// serial columns' sequences: the longer name is cut first.
func TestSequenceName(t *testing.T) {
	for _, tc := range []struct{ table, column, want string }{
		{"users", "id", "users_id_seq"},
		{strings.Repeat("t", 70), "id", strings.Repeat("t", 56) + "_id_seq"},
		{strings.Repeat("t", 40), strings.Repeat("c", 40), strings.Repeat("t", 29) + "_" + strings.Repeat("c", 29) + "_seq"},
	} {
		if got := sequenceName(tc.table, tc.column); got != tc.want {
			t.Errorf("sequenceName(%q, %q) = %q, want %q", tc.table, tc.column, got, tc.want)
		}
	}
}
