package migrate

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// graph is a validated revision graph in a topological order that keeps
// the order of the migrations list where it can (the generated index lists
// them in graph order already).
type graph struct {
	order []*Migration
	byID  map[string]*Migration
	head  string
	// replacedBy maps each id a squash replaced (Migration.Replaces) to
	// the squashed revision, and squashes lists those in graph order.
	replacedBy map[string]string
	squashes   []*Migration
}

// newGraph checks ids, parents, cycles, heads and the shape of each
// migration's steps.
func newGraph(migrations []Migration) (*graph, error) {
	g := &graph{byID: map[string]*Migration{}}
	for i := range migrations {
		m := &migrations[i]
		if m.ID == "" || strings.EqualFold(m.ID, Base) {
			return nil, fmt.Errorf("migration %d has the id %q; ids are the revision names the generator writes", i+1, m.ID)
		}
		if g.byID[m.ID] != nil {
			return nil, fmt.Errorf("revision %s is listed twice; list each migration once (regenerate the index with migragen merge or generate)", m.ID)
		}
		if err := checkSteps(m); err != nil {
			return nil, err
		}
		g.byID[m.ID] = m
	}
	if err := g.checkReplaces(migrations); err != nil {
		return nil, err
	}
	children := map[string]int{}
	for i := range migrations {
		m := &migrations[i]
		for _, p := range m.Parents {
			if x, ok := g.replacedBy[p]; ok {
				return nil, fmt.Errorf("revision %s names parent %s, which was squashed into %s; make %s its parent instead (migragen squash rewrites the parents of the children of the revisions it squashes)", m.ID, p, x, x)
			}
			if g.byID[p] == nil {
				return nil, fmt.Errorf("revision %s names parent %s, which is not among the migrations; is a migration file missing from the package or the index (migrations.go)?", m.ID, p)
			}
			children[p]++
		}
		for _, d := range m.DependsOn {
			if x, ok := g.replacedBy[d]; ok {
				return nil, fmt.Errorf("revision %s depends on %s (DependsOn), which was squashed into %s; name %s in the revision's DependsOn instead", m.ID, d, x, x)
			}
			if g.byID[d] == nil {
				return nil, fmt.Errorf("revision %s depends on %s (DependsOn), which is not among the migrations; fix the id in the revision's DependsOn, or add the missing migration file to the package and the index (migrations.go)", m.ID, d)
			}
		}
	}
	// Kahn's algorithm, picking ready revisions in list order.
	placed := map[string]bool{}
	for len(g.order) < len(migrations) {
		progressed := false
		for i := range migrations {
			m := &migrations[i]
			if placed[m.ID] || !allPlaced(requires(m), placed) {
				continue
			}
			placed[m.ID] = true
			g.order = append(g.order, m)
			progressed = true
		}
		if !progressed {
			var stuck []string
			for i := range migrations {
				if !placed[migrations[i].ID] {
					stuck = append(stuck, migrations[i].ID)
				}
			}
			return nil, fmt.Errorf("the revisions %s form a cycle through their parents%s", strings.Join(stuck, ", "), dependsNote(migrations, placed))
		}
	}
	var heads []string
	for _, m := range g.order {
		if children[m.ID] == 0 {
			heads = append(heads, m.ID)
		}
	}
	if len(heads) > 1 {
		// A merge revision dropped from the index also leaves several
		// heads, and there merge would find nothing to merge.
		return nil, fmt.Errorf("the migrations have %d heads (%s): either the index (migrations.go, whose All lists the migrations) "+
			"lacks a revision, which `migragen check` reports, or branches were generated in parallel: "+
			"then run `migragen merge` to join them into one", len(heads), strings.Join(heads, ", "))
	}
	if len(heads) == 1 {
		g.head = heads[0]
	}
	for _, m := range g.order {
		if len(m.Replaces) > 0 {
			g.squashes = append(g.squashes, m)
		}
	}
	return g, nil
}

// requires returns the revisions m needs applied before it: its parents,
// then its dependencies (DependsOn). They order the graph; only parents
// make heads and positions.
func requires(m *Migration) []string {
	if len(m.DependsOn) == 0 {
		return m.Parents
	}
	return append(slices.Clip(m.Parents), m.DependsOn...)
}

// dependsNote adds, to a cycle error, the dependencies (DependsOn) of the
// revisions left unplaced, since a cycle may run through them.
func dependsNote(migrations []Migration, placed map[string]bool) string {
	var deps []string
	for i := range migrations {
		if m := &migrations[i]; !placed[m.ID] && len(m.DependsOn) > 0 {
			deps = append(deps, m.ID+" depends on "+strings.Join(m.DependsOn, ", "))
		}
	}
	if len(deps) == 0 {
		return ""
	}
	return " and dependencies (" + strings.Join(deps, "; ") + "); remove the DependsOn entry that closes the cycle"
}

func allPlaced(ids []string, placed map[string]bool) bool {
	for _, id := range ids {
		if !placed[id] {
			return false
		}
	}
	return true
}

// checkSteps enforces the step layout rollback relies on: Down holds one
// Schema step per Schema step of Up, and nothing else but Checks.
func checkSteps(m *Migration) error {
	ups, downs := 0, 0
	for i, s := range m.Up {
		switch s := s.(type) {
		case Schema:
			ups++
		case Go:
			if s.Up == nil {
				return fmt.Errorf("revision %s: Up step %d (migrate.Go %q) has no Up function", m.ID, i+1, s.Name)
			}
		case SQL:
			if strings.TrimSpace(s.Up) == "" {
				return fmt.Errorf("revision %s: Up step %d (migrate.SQL) has no Up statement", m.ID, i+1)
			}
		case nil:
			return fmt.Errorf("revision %s: Up step %d is nil", m.ID, i+1)
		}
	}
	for i, s := range m.Down {
		switch s.(type) {
		case Schema:
			downs++
		case Checks:
		default:
			return fmt.Errorf("revision %s: Down step %d is a %T; Down holds only the generated migrate.Schema inverses and their migrate.Checks — put a data step in Up and give it its own Down", m.ID, i+1, s)
		}
	}
	if ups != downs {
		return fmt.Errorf("revision %s: Up has %d migrate.Schema steps but Down has %d; Down must hold one inverse per Schema step of Up, as the generator writes them", m.ID, ups, downs)
	}
	return nil
}

// ready reports whether mig may run now, given the clean applied
// revisions: applying needs every parent and dependency applied, rolling
// back needs no applied revision that follows or depends on it. A plan made under the lock always
// is; this guards the version table against a plan that another process
// overtook.
func (g *graph) ready(applied map[string]bool, mig *Migration, applying bool) error {
	if applying {
		for _, p := range requires(mig) {
			if !applied[p] {
				return fmt.Errorf("revision %s cannot be applied: its %s %s is not applied (another process rolled it back meanwhile?); nothing more was changed — run up again", mig.ID, requiredAs(mig, p), p)
			}
		}
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(applied)) {
		if child := g.byID[id]; child != nil && slices.Contains(requires(child), mig.ID) {
			return fmt.Errorf("revision %s cannot be rolled back: %s, which depends on it, is applied (another process applied it meanwhile); nothing more was rolled back — check the status and run down again", mig.ID, id)
		}
	}
	return nil
}

// requiredAs says how mig needs p: as a "parent" or a "dependency".
func requiredAs(mig *Migration, p string) string {
	if slices.Contains(mig.Parents, p) {
		return "parent"
	}
	return "dependency"
}

// ancestry returns id and every revision it needs: those it descends
// from and its dependencies (DependsOn), with theirs.
func (g *graph) ancestry(id string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, p := range requires(g.byID[id]) {
			walk(p)
		}
	}
	if id != Base {
		walk(id)
	}
	return seen
}

// sorted returns ids in graph order.
func (g *graph) sorted(ids map[string]bool) []*Migration {
	var out []*Migration
	for _, m := range g.order {
		if ids[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// resolve turns a revision argument into an id: Base, "head", an exact id,
// a unique prefix of one (such as its timestamp), or a revision by
// position (see relative): "head~1", "head-2", "-1", "<id>~2".
func (g *graph) resolve(rev string) (string, error) {
	switch {
	case strings.EqualFold(rev, Base):
		return Base, nil
	case strings.EqualFold(rev, "head"):
		if g.head == "" {
			return Base, nil
		}
		return g.head, nil
	case g.byID[rev] != nil:
		return rev, nil
	}
	if x, ok := g.replacedBy[rev]; ok {
		return "", squashedAway(rev, x)
	}
	var matches, replaced []string
	for _, m := range g.order {
		if strings.HasPrefix(m.ID, rev) {
			matches = append(matches, m.ID)
		}
	}
	for id, x := range g.replacedBy {
		if strings.HasPrefix(id, rev) {
			replaced = append(replaced, id+" (squashed into "+x+")")
		}
	}
	switch {
	case len(matches) == 0 && len(replaced) == 1:
		id, _, _ := strings.Cut(replaced[0], " ")
		return "", squashedAway(id, g.replacedBy[id])
	case len(replaced) > 0:
		// A prefix that also matches a squashed-away revision may mean
		// that one: refuse rather than pick the live one.
		matches = append(matches, replaced...)
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		if id, ok, err := g.relative(rev); ok {
			return id, err
		}
		return "", fmt.Errorf("no revision %q among the migrations (use an id from `history`, a unique prefix of one, %q, \"head\", "+
			"or a position such as \"head~1\", \"head-2\" or \"-1\")", rev, Base)
	}
	slices.Sort(matches)
	return "", fmt.Errorf("revision %q is ambiguous: %s", rev, strings.Join(matches, ", "))
}

// relative resolves a revision by position, as Alembic's relative
// identifiers and git's "~" do: "REV~N" and "REV-N" are the revision N
// steps before REV along first parents (a merge revision's first parent
// is its first Parents entry), "REV~" is "REV~1", and "-N" is "head~N".
// One step before the first revision is Base, and stepping past Base is
// an error. ok is false when rev has none of these forms; an id or a
// prefix that merely looks like one is taken as such before (resolve).
func (g *graph) relative(rev string) (id string, ok bool, err error) {
	i := strings.LastIndexAny(rev, "~-")
	if i < 0 {
		return "", false, nil
	}
	from, count := rev[:i], rev[i+1:]
	if count == "" && rev[i] == '~' {
		count = "1"
	}
	if from == "" && rev[i] == '-' {
		from = "head"
	}
	n, err := strconv.Atoi(count)
	if from == "" || err != nil || n < 0 || strings.ContainsAny(count, "+-") {
		return "", false, nil
	}
	// "-N" counts only from head, base or a whole id with no "-" of its
	// own: a mistyped id such as "2024-03-01" must not become a position
	// (a prefix "2024-03", minus one), which down-to would act on.
	if rev[i] == '-' && !strings.EqualFold(from, "head") && !strings.EqualFold(from, Base) && (g.byID[from] == nil || strings.Contains(from, "-")) {
		return "", false, nil
	}
	id, err = g.resolve(from)
	if err != nil {
		return "", true, fmt.Errorf("revision %q: %w", rev, err)
	}
	start := id
	for step := range n {
		switch {
		case id == Base && start == Base:
			return "", true, fmt.Errorf("revision %q: nothing comes before %s, the state before the first revision; count from \"head\" (\"head~1\") or from a revision id", rev, Base)
		case id == Base:
			return "", true, fmt.Errorf("revision %q goes past %s: %s has %d revisions before it along first parents, then %s; "+
				"count at most %d steps, or pick a revision from `history`", rev, Base, start, step-1, Base, step)
		}
		if parents := g.byID[id].Parents; len(parents) > 0 {
			id = parents[0]
		} else {
			id = Base
		}
	}
	return id, true, nil
}
