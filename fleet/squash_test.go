package fleet_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/fleet"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestStatusSquash: after the two revisions are squashed, a target that
// applied both is up to date, and one that stopped after the first needs
// attention, with the reason.
func TestStatusSquash(t *testing.T) {
	ctx := context.Background()
	e := sqliteEngine(t, 2)
	partial, whole := e.targets[:1], e.targets[1:]
	for targets, rev := range map[*[]fleet.Target]string{&partial: revItems, &whole: revNote} {
		f, err := fleet.New(fleetMigrations(nil), *targets)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := f.UpTo(ctx, rev); err != nil {
			t.Fatalf("UpTo %s: %v\n%s", rev, err, s)
		}
	}
	old := fleetMigrations(nil)
	creates := slices.Concat(old[0].Up[0].(migrate.Schema).Changes, old[1].Up[0].(migrate.Schema).Changes)
	after, err := schema.Apply(schema.New(schema.Settings{}), creates)
	if err != nil {
		t.Fatal(err)
	}
	up, err := schema.Diff(schema.New(schema.Settings{}), after, schema.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	squashed := []migrate.Migration{{ID: "20260102000000_squashed", Replaces: []string{revItems, revNote},
		Up: []migrate.Step{migrate.Schema{Changes: up}}, Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(up)}}}}
	f, err := fleet.New(squashed, e.targets)
	if err != nil {
		t.Fatal(err)
	}
	// Status fails on a target that needs a person, and says where all
	// stand.
	st, err := f.Status(ctx)
	if err == nil || st == nil {
		t.Fatalf("Status: %v, %v; want where each stands and an error", st, err)
	}
	att := st.NeedsAttention()
	if len(att) != 1 || att[0].Target != partial[0].Name || !strings.Contains(att[0].Squash, "applied 1 of them") {
		t.Fatalf("needs attention: %+v; want only %s, with the squash reason", att, partial[0].Name)
	}
	if text := st.String(); !strings.Contains(text, "squash of 2 revisions") {
		t.Errorf("the status text does not give the reason:\n%s", text)
	}
	for _, ts := range st.Targets {
		if ts.Target == whole[0].Name && (ts.Behind() || ts.NeedsAttention()) {
			t.Errorf("%s applied both revisions but is %+v", ts.Target, ts)
		}
	}
}
