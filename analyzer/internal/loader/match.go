package loader

import (
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/go/packages"
)

// unmatched returns the wildcard patterns that matched none of roots. The go
// command only warns about them, on a stderr that go/packages drops, but a
// mistyped pattern would silently leave models out of the set.
//
// Only patterns with "..." can match nothing; for any other pattern the go
// command lists a package, with an error if it does not exist.
func unmatched(patterns []string, roots []*packages.Package, dir string) []string {
	var out []string
	for _, pat := range patterns {
		if !strings.Contains(pat, "...") || strings.Contains(pat, "=") {
			continue
		}
		match := matchPattern(pat)
		local := pat == "." || pat == ".." || strings.HasPrefix(pat, "./") || strings.HasPrefix(pat, "../") || filepath.IsAbs(pat)
		if local {
			match = matchPattern(filepath.ToSlash(absPath(pat, dir)))
		}
		found := false
		for _, r := range roots {
			name := r.PkgPath
			if local {
				name = filepath.ToSlash(r.Dir)
			}
			if match(name) {
				found = true
				break
			}
			if local {
				if real, err := filepath.EvalSymlinks(r.Dir); err == nil && match(filepath.ToSlash(real)) {
					found = true
					break
				}
			}
		}
		if !found {
			out = append(out, pat)
		}
	}
	return out
}

// matchPattern follows the go command's rule: "..." matches any string, and
// "x/..." matches x itself too.
func matchPattern(pattern string) func(string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\.\.\.`, `.*`)
	if strings.HasSuffix(re, `/.*`) {
		re = re[:len(re)-len(`/.*`)] + `(/.*)?`
	}
	return regexp.MustCompile(`^` + re + `$`).MatchString
}
