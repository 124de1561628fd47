package lint

import (
	"reflect"
	"testing"
)

// TestParseDirective reads directives as a user writes them: codes joined
// by commas with or without spaces, tabs as whitespace, and the malformed
// ones, which are still directives (MG100) rather than plain comments.
func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text      string
		directive bool
		codes     []string
		reason    string
		malformed bool
	}{
		{"// an ordinary comment", false, nil, "", false},
		{"//migragen:nolint MG106,MG101 deduplicated in March", true, []string{"MG106", "MG101"}, "deduplicated in March", false},
		{"//migragen:nolint MG106, MG101 deduplicated", true, []string{"MG106", "MG101"}, "deduplicated", false},
		{"//migragen:nolint MG106 ,MG101 deduplicated", true, []string{"MG106", "MG101"}, "deduplicated", false},
		{"//migragen:nolint MG106 , MG101 deduplicated", true, []string{"MG106", "MG101"}, "deduplicated", false},
		{"//migragen:nolint\tMG107\tunused\tsince v3", true, []string{"MG107"}, "unused since v3", false},
		{"//migragen:nolint MG107", true, []string{"MG107"}, "", false},
		{"//migragen:nolint", true, nil, "", false},
		{"//migragen:nolint:MG106 deduplicated", true, nil, "", true},
		{"//migragen:nolintMG106 deduplicated", true, nil, "", true},
		{"//migragen:nolint MG106 MG101 deduplicated", true, []string{"MG106"}, "MG101 deduplicated", true},
		{"//migragen:nolint MG106 mg101, deduplicated", true, []string{"MG106"}, "mg101, deduplicated", true},
		{"//migragen:nolint MG106 MG1 is the ticket", true, []string{"MG106"}, "MG1 is the ticket", false},
	} {
		d, ok := parseDirective(tc.text)
		if ok != tc.directive {
			t.Errorf("%q: directive %v, want %v", tc.text, ok, tc.directive)
			continue
		}
		if !reflect.DeepEqual(d.codes, tc.codes) || d.reason != tc.reason || (d.problem != "") != tc.malformed {
			t.Errorf("%q: codes %q, reason %q, problem %q; want codes %q, reason %q, malformed %v", tc.text, d.codes, d.reason, d.problem, tc.codes, tc.reason, tc.malformed)
		}
	}
}
