package lint

import (
	"fmt"

	"github.com/migragen/migragen/schema"
)

// CheckFiles lints the revision files at paths, given in graph order
// (parents first), each against the schema that before (nil for none)
// and the files before it build, under the model set's settings. Files
// before the one of revision from are replayed but not linted, for
// history that every database has applied already; from "" lints them
// all.
func CheckFiles(before *schema.Snapshot, paths []string, settings schema.Settings, from string) ([]Finding, error) {
	files := make([]*File, len(paths))
	start := -1
	for i, p := range paths {
		f, err := ReadFile(p)
		if err != nil {
			return nil, err
		}
		files[i] = f
		if f.ID == from {
			start = i
		}
	}
	switch {
	case from == "":
		start = 0
	case start < 0:
		return nil, fmt.Errorf("no revision %s to lint from among the %d given; name one by its ID, its file name without .go", from, len(paths))
	}
	if before == nil {
		before = schema.New(settings)
	}
	state := schema.Share(before) // before is only read

	var out []Finding
	for i, f := range files {
		if i >= start {
			found, err := f.Check(state.Snapshot, settings)
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
		for j, c := range f.Up {
			if err := state.Apply(c); err != nil {
				return nil, fmt.Errorf("%s: replaying change %d (%s): %w", f.Path, j+1, c, err)
			}
		}
	}
	return out, nil
}
