package generate

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
)

// This file handles dependencies across branches (migrate.Migration's
// DependsOn): revisions a revision needs applied first without following
// them. They order the graph; heads still come from parents alone.

// requires returns the revisions f needs before it: parents, then
// dependencies.
func requires(f render.File) []string {
	return append(slices.Clip(f.Parents), f.DependsOn...)
}

// awaitedDependencies describes, naming their files, the dependencies of
// revisions that the directory lacks: revisions another branch adds, which
// arrive when it is merged, or a mistyped id. generate, plan and discard
// go on and note them; check fails on them (State.Awaited).
func awaitedDependencies(dir string, files map[string]render.File) []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(files)) {
		for _, d := range files[id].DependsOn {
			if _, ok := files[d]; !ok {
				out = append(out, fmt.Sprintf("%s: revision %s depends on %s (DependsOn), which is not in the directory yet; merge the branch that adds it, or fix the id",
					filepath.Join(dir, id+".go"), id, d))
			}
		}
	}
	return out
}

// dependencyCycle names the files of the revisions not yet ordered that
// have dependencies, once ordering stalls: the cycle then may run through
// them. It returns nil when none has any (a cycle through parents alone).
func dependencyCycle(dir string, files map[string]render.File, done map[string]bool) error {
	var deps []string
	for _, id := range slices.Sorted(maps.Keys(files)) {
		if f := files[id]; !done[id] && len(f.DependsOn) > 0 {
			deps = append(deps, fmt.Sprintf("%s (revision %s depends on %s)", filepath.Join(dir, id+".go"), id, strings.Join(f.DependsOn, ", ")))
		}
	}
	if len(deps) == 0 {
		return nil
	}
	return fmt.Errorf("the revisions form a cycle through their parents and dependencies: %s; remove the DependsOn entry that closes it", strings.Join(deps, "; "))
}

// revisionID is the shape of the ids generate writes: a timestamp and a
// slug.
var revisionID = regexp.MustCompile(`^[0-9]{14}(_[a-z0-9_]+)?$`)

// resolveDependencies turns generate's -depends-on revisions into ids: an
// exact id or a unique prefix of one (such as its timestamp) in the
// directory, or the full id of a revision another branch adds, which the
// directory gets when that branch is merged: those are also returned as
// awaited, and check refuses the directory until they arrive.
func resolveDependencies(st *State, revs []string) (ids, awaited []string, err error) {
	for _, rev := range revs {
		var matches []string
		for _, id := range st.IDs() {
			if id == rev {
				matches = []string{id}
				break
			}
			if strings.HasPrefix(id, rev) {
				matches = append(matches, id)
			}
		}
		switch {
		case len(matches) > 1:
			return nil, nil, fmt.Errorf("-depends-on %s: the prefix is ambiguous in %s: %s; give more of the id", rev, st.Dir, strings.Join(matches, ", "))
		case len(matches) == 1:
			rev = matches[0]
		case revisionID.MatchString(rev):
			awaited = append(awaited, rev)
		default:
			return nil, nil, fmt.Errorf("-depends-on %s: no revision %q in %s; give a revision id (a file name in the directory, without .go), "+
				"a unique prefix of one, or the full id of a revision another branch adds", rev, rev, st.Dir)
		}
		if !slices.Contains(ids, rev) {
			ids = append(ids, rev)
		}
	}
	return ids, awaited, nil
}
