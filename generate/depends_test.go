package generate

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/migragen/migragen/render"
)

// TestGraphOrderDependencies: a dependency orders the revisions (b, which
// sorts first, waits for a that it depends on) without making a head; an
// unknown dependency and a cycle through one are refused, naming the file.
func TestGraphOrderDependencies(t *testing.T) {
	files := func(bDeps, aDeps []string) map[string]render.File {
		return map[string]render.File{
			"1_root":  {ID: "1_root"},
			"2_b":     {ID: "2_b", Parents: []string{"1_root"}, DependsOn: bDeps},
			"3_a":     {ID: "3_a", Parents: []string{"1_root"}, DependsOn: aDeps},
			"4_merge": {ID: "4_merge", Parents: []string{"2_b", "3_a"}},
		}
	}
	ordered, heads, err := graphOrder("m", files([]string{"3_a"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range ordered {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, " "); got != "1_root 3_a 2_b 4_merge" {
		t.Errorf("graph order %q, want 1_root 3_a 2_b 4_merge", got)
	}
	if strings.Join(heads, ",") != "4_merge" {
		t.Errorf("heads %q, want only 4_merge", heads)
	}
	// A dependency the directory lacks is awaited: it orders nothing, and
	// is described naming the file, for check to fail on.
	if _, _, err := graphOrder("m", files([]string{"9_gone"}, nil)); err != nil {
		t.Errorf("an awaited dependency: graphOrder: %v, want no error", err)
	}
	awaited := strings.Join(awaitedDependencies("m", files([]string{"9_gone"}, nil)), "\n")
	for _, w := range []string{filepath.Join("m", "2_b.go"), "depends on 9_gone", "not in the directory yet"} {
		if !strings.Contains(awaited, w) {
			t.Errorf("awaited dependencies %q do not say %q", awaited, w)
		}
	}
	for _, tt := range []struct {
		name         string
		bDeps, aDeps []string
		want         []string
	}{
		{"cycle", []string{"3_a"}, []string{"2_b"}, []string{"cycle", filepath.Join("m", "2_b.go"), filepath.Join("m", "3_a.go"), "3_a depends on 2_b"}},
	} {
		_, _, err := graphOrder("m", files(tt.bDeps, tt.aDeps))
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: graphOrder: %v, want it to say %q", tt.name, err, w)
			}
		}
	}
}

func TestResolveDependencies(t *testing.T) {
	st := &State{Dir: "m", Migrations: []render.File{{ID: "20260101000000_a"}, {ID: "20260102000000_b"}, {ID: "20260102000000_bb"}}}
	// A prefix, an exact id that is also a prefix of another, and the
	// full id of another branch's revision, awaited.
	got, awaited, err := resolveDependencies(st, []string{"20260101", "20260102000000_b", "20260103000000_other"})
	if err != nil || strings.Join(got, ",") != "20260101000000_a,20260102000000_b,20260103000000_other" || strings.Join(awaited, ",") != "20260103000000_other" {
		t.Errorf("resolve: %q, awaited %q, %v", got, awaited, err)
	}
	for rev, want := range map[string]string{"2027": "no revision", "20260102": "ambiguous", "head~1": "no revision"} {
		if _, _, err := resolveDependencies(st, []string{rev}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("resolve %q: %v, want %q", rev, err, want)
		}
	}
}
