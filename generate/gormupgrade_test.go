package generate

import (
	"testing"

	"github.com/migragen/migragen/schema"
)

// TestGORMUpgrade covers which recorded GORM counts as another one than
// the module's: a recorded version, else the recorded range when it is not
// today's; never when the module's version is unknown.
func TestGORMUpgrade(t *testing.T) {
	snap := func(rng, version string) *schema.Snapshot {
		return &schema.Snapshot{GORM: rng, GORMVersion: version}
	}
	now := schema.SupportedGORM
	for _, tc := range []struct {
		name         string
		head, models *schema.Snapshot
		want         *GORMUpgrade
	}{
		{"same version", snap(now, "v1.31.2"), snap(now, "v1.31.2"), nil},
		{"other version", snap(now, "v1.30.0"), snap(now, "v1.31.2"), &GORMUpgrade{From: "v1.30.0", To: "v1.31.2"}},
		{"old snapshot, same range", snap(now, ""), snap(now, "v1.31.2"), nil},
		{"old snapshot, other range", snap(">= v1.28.0, < v1.30.0", ""), snap(now, "v1.31.2"), &GORMUpgrade{From: ">= v1.28.0, < v1.30.0", To: "v1.31.2"}},
		{"local GORM checkout", snap(now, "v1.30.0"), snap(now, ""), nil},
	} {
		got := gormUpgrade(tc.head, tc.models)
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
