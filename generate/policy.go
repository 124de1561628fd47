package generate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// The policy settings (schema.Settings.Dialects and PlainDDL) are said
// once, like the GORM settings (DESIGN decision 16), but unlike them they
// may change over a directory's history: they change no name or
// definition. A model snapshot that leaves one nil, because the command
// line did not give it, takes the head snapshot's; one that sets it, an
// empty list included, replaces it, and generate records the new value
// even when the schema does not change.

// keepPolicy fills the policy settings models leaves nil from head, and
// describes each one models changes, for PlanResult.Policy.
func keepPolicy(head schema.Settings, models *schema.Settings) []string {
	var out []string
	for _, p := range []struct {
		name       string
		head       []string
		models     *[]string
		flag, none string
	}{
		{"dialects", head.Dialects, &models.Dialects, "-dialects", "none declared"},
		{"plainDDL", head.PlainDDL, &models.PlainDDL, "-plain-ddl", "online DDL everywhere"},
	} {
		switch {
		case *p.models == nil:
			*p.models = p.head
		case !slices.Equal(*p.models, p.head) && (len(*p.models) > 0 || len(p.head) > 0):
			out = append(out, fmt.Sprintf("%s (%s): %s -> %s", p.name, p.flag, listOr(p.head, p.none), listOr(*p.models, p.none)))
		}
		// Cleared is not said: schema.json omits the list, and the index
		// must stamp what schema.json reads back.
		if len(*p.models) == 0 {
			*p.models = nil
		}
	}
	return out
}

func listOr(list []string, none string) string {
	if len(list) == 0 {
		return none
	}
	return strings.Join(list, ",")
}

// recordPolicy writes the policy settings the plan changes, with no
// schema change: schema.json (the head snapshot with the new policy),
// the index, which stamps the settings for the runtime, and the sum. It
// writes nothing when the plan changes no policy.
func recordPolicy(dir string, r *Result) error {
	p := r.Plan
	if len(p.Policy) == 0 || p.State.Snapshot == nil {
		return nil
	}
	st := p.State
	snap := st.Snapshot.Clone()
	snap.Settings.Dialects, snap.Settings.PlainDDL = p.Analysis.Snapshot.Settings.Dialects, p.Analysis.Snapshot.Settings.PlainDDL
	data, err := schema.Encode(snap)
	if err != nil {
		return err
	}
	index, err := render.Index(st.Package, st.IDs(), snap.Settings)
	if err != nil {
		return err
	}
	sums := maps.Clone(st.Sums)
	sums[IndexFile] = hashFile(index)
	r.Written, err = writeSet(dir, []file{{IndexFile, index}, {SnapshotFile, data}, {SumFile, encodeSum(sums)}})
	return err
}
