package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
)

// maxDriftCheckQueries is the budget for Up with WithDriftCheck
// when nothing is pending: the version table read and one catalog query,
// with one to spare.
const maxDriftCheckQueries = 3

// TestDriftCheckQueries applies the 200 models' migration with
// WithDriftCheck, then counts the statements a second Up with the option
// issues: at most maxDriftCheckQueries. To show that the check ran and
// was counted, Up with the option must issue more statements than Up
// without it.
func TestDriftCheckQueries(t *testing.T) {
	mig := migration200(t)
	for _, d := range runtimeEngines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, rec := corpustest.Open(t, d)
			count := func(opts ...migrate.Option) []string {
				m, err := migrate.New(db, []migrate.Migration{mig}, opts...)
				if err != nil {
					t.Fatal(err)
				}
				rec.Reset()
				if err := m.Up(ctx); err != nil {
					t.Fatalf("up: %v", err)
				}
				return rec.Statements()
			}
			count(migrate.WithDriftCheck())
			with, without := count(migrate.WithDriftCheck()), count()
			t.Logf("%s: Up with the drift check and nothing pending issued %d queries (%d without it)", d, len(with), len(without))
			if len(with) > maxDriftCheckQueries {
				t.Errorf("Up with WithDriftCheck and nothing pending issued %d statements, want at most %d:\n%s", len(with), maxDriftCheckQueries, strings.Join(with, "\n"))
			}
			if len(with) <= len(without) {
				t.Errorf("Up with WithDriftCheck issued %d statements, no more than without it (%d): the check did not run, or the count cannot be trusted", len(with), len(without))
			}
		})
	}
}
