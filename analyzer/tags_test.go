package analyzer

import (
	"slices"
	"strings"
	"testing"
)

// TestKnownKey compares knownKey, which skips normalizing the known keys,
// with the plain definition on every key of every list in several
// spellings, including ones that normalize to the same length through
// Unicode case mapping.
func TestKnownKey(t *testing.T) {
	lists := map[string][]string{"field": fieldKeys, "index": indexKeys, "constraint": constraintKeys}
	probes := []string{"", " ", "sizes", "siz", "ſize", "ſerializer", "chec\u212A", "primary\u212Aey", "not  null", "NOT NULL", "İndex", "ındex"}
	for _, keys := range lists {
		for _, k := range keys {
			probes = append(probes, k, strings.ToLower(k), strings.ToUpper(k), " "+k+"\t", k+"x")
		}
	}
	for name, keys := range lists {
		for _, probe := range probes {
			nk := normalizeKey(probe)
			want := slices.ContainsFunc(keys, func(k string) bool { return normalizeKey(k) == nk })
			if got := knownKey(keys, nk); got != want {
				t.Errorf("knownKey(%sKeys, %+q) = %v, want %v", name, nk, got, want)
			}
		}
	}
}
