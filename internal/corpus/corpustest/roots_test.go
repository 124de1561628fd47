package corpustest

import (
	"slices"
	"testing"
)

func TestDiscoverRoots(t *testing.T) {
	got, err := discoverRoots("testdata/roots")
	if err != nil {
		t.Fatal(err)
	}
	wantRoots := []string{"AlsoReferenced", "Holder", "Indirect", "Named", "Promoted", "Tagged", "UsesBlocks", "WithModel"}
	if !slices.Equal(got.roots, wantRoots) {
		t.Errorf("roots:\n got  %q\n want %q", got.roots, wantRoots)
	}
	if want := []string(nil); !slices.Equal(got.ambiguous, want) {
		t.Errorf("ambiguous:\n got  %q\n want %q", got.ambiguous, want)
	}
}
