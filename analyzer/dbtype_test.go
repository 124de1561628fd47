package analyzer

import (
	"maps"
	"strings"
	"testing"
)

// TestParseDBTypes covers the //migragen:dbtype argument syntax: pairs,
// quoted types with spaces, and the errors a misspelling draws.
func TestParseDBTypes(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want map[string]string
		err  string
	}{
		{arg: " postgres=jsonb mysql=json sqlite=text sqlserver=nvarchar(max)",
			want: map[string]string{"postgres": "jsonb", "mysql": "json", "sqlite": "text", "sqlserver": "nvarchar(max)"}},
		{arg: ` postgres="double precision"	mysql=double`, want: map[string]string{"postgres": "double precision", "mysql": "double"}},
		{arg: " postgresql=jsonb", err: `unknown dialect "postgresql"`},
		{arg: " postgres=jsonb postgres=json", err: "dialect postgres is given twice"},
		{arg: " postgres", err: `"postgres" is not dialect=type`},
		{arg: " postgres= mysql=json", err: "the type for postgres is empty"},
		{arg: ` postgres="jsonb`, err: "the type for postgres"},
		{arg: "", err: "it names no dialect"},
	} {
		got, err := parseDBTypes(tc.arg)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("parseDBTypes(%q) error = %v, want %q", tc.arg, err, tc.err)
		case tc.err == "" && (err != nil || !maps.Equal(got, tc.want)):
			t.Errorf("parseDBTypes(%q) = %v, %v; want %v", tc.arg, got, err, tc.want)
		}
	}
}
