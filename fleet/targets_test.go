package fleet_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/fleet"
)

// noOpen is an Opener for tests that never open a target.
func noOpen(string) (*gorm.DB, error) { return nil, fmt.Errorf("not opened in this test") }

func targetNames(targets []fleet.Target) []string {
	out := make([]string, len(targets))
	for i, t := range targets {
		out[i] = t.Name
	}
	return out
}

func TestReadTargets(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string // names, or nil for an error
		err        string
	}{
		{"names and DSNs with = and spaces", "# tenants\n\na=host=db1 dbname=a search_path=x\n  b = /data/b.db \n", []string{"a", "b"}, ""},
		{"no name", "x.db\n", nil, "targets:1: want NAME=DSN"},
		{"empty DSN", "a=\n", nil, "targets:1: want NAME=DSN"},
		{"a DSN keyword as the name", "a=x\nhost=db1 dbname=app\n", nil, `targets:2: the line starts with the DSN keyword "host"`},
		{"bad name", "a b=x.db\n", nil, "targets:1: the text before '=' is not a valid target name (want NAME=DSN"},
		{"twice", "a=x\n#\na=y\n", nil, "targets:3: target a is listed twice (first on line 1)"},
		{"empty", "# nothing\n", nil, "targets lists no targets"},
	} {
		got, err := fleet.ReadTargets(strings.NewReader(tc.file), "targets", noOpen)
		switch {
		case tc.want == nil && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.err)
		case tc.want != nil && (err != nil || !slices.Equal(targetNames(got), tc.want)):
			t.Errorf("%s: %q, %v; want %q", tc.name, targetNames(got), err, tc.want)
		}
	}
}

// TestReadTargetsHidesDSN checks that a line without a name, which is a
// DSN, is neither echoed nor its password shown, and that the error says
// it looks like a DSN.
func TestReadTargetsHidesDSN(t *testing.T) {
	for _, line := range []string{
		"postgres://app:s3cret@db1/app?sslmode=disable",
		"app:s3cret@tcp(db1:3306)/app?parseTime=true",
		"postgres://app:s3cret@db1/app",
	} {
		_, err := fleet.ReadTargets(strings.NewReader(line+"\n"), "targets", noOpen)
		if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "db1") {
			t.Errorf("%s: %v; want an error that shows nothing of the line", line, err)
			continue
		}
		if !strings.Contains(err.Error(), "targets:1:") || !strings.Contains(err.Error(), "looks like a DSN") {
			t.Errorf("%s: %v; want the line number and a hint that it is a DSN", line, err)
		}
	}
}

// TestFromTemplateDSN checks that each target opens its own DSN.
func TestFromTemplateDSN(t *testing.T) {
	var opened []string
	open := func(dsn string) (*gorm.DB, error) { opened = append(opened, dsn); return nil, fmt.Errorf("stop") }
	targets, err := fleet.FromTemplate("host=db search_path={name} application_name={name}", []string{"a", "b_2"}, open)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		_, _ = tg.Open(t.Context())
	}
	want := []string{"host=db search_path=a application_name=a", "host=db search_path=b_2 application_name=b_2"}
	if !slices.Equal(opened, want) {
		t.Errorf("opened %q, want %q", opened, want)
	}
}

// TestShard checks that every target falls to exactly one of n runners,
// whatever the order of the list each runner reads.
func TestShard(t *testing.T) {
	var targets []fleet.Target
	for i := range 200 {
		targets = append(targets, fleet.Target{Name: fmt.Sprintf("tenant%d", i)})
	}
	reversed := slices.Clone(targets)
	slices.Reverse(reversed)
	const n = 3
	owner := map[string]int{}
	for i := 1; i <= n; i++ {
		shard, err := fleet.Shard(targets, i, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(shard) < 200/n/2 {
			t.Errorf("shard %d/%d holds %d of 200 targets: the hash does not spread them", i, n, len(shard))
		}
		for _, tg := range shard {
			if owner[tg.Name] != 0 {
				t.Errorf("%s is in shards %d and %d", tg.Name, owner[tg.Name], i)
			}
			owner[tg.Name] = i
		}
		other, _ := fleet.Shard(reversed, i, n)
		if got, want := slices.Sorted(slices.Values(targetNames(other))), slices.Sorted(slices.Values(targetNames(shard))); !slices.Equal(got, want) {
			t.Errorf("shard %d/%d differs when the list is reversed", i, n)
		}
	}
	if len(owner) != len(targets) {
		t.Errorf("%d of %d targets are in a shard", len(owner), len(targets))
	}
	for _, bad := range [][2]int{{0, 2}, {3, 2}, {1, 0}} {
		if _, err := fleet.Shard(targets, bad[0], bad[1]); err == nil {
			t.Errorf("Shard(%d, %d) accepted", bad[0], bad[1])
		}
	}
}
