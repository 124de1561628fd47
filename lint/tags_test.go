package lint

import (
	"fmt"
	"slices"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// TestDialectSQL holds MG112's table to the databases: each entry's probe,
// a column or table constraint using the SQL, must be accepted by
// PostgreSQL, MariaDB and SQLite exactly when the entry says that dialect
// accepts it. SQL Server cannot run here; its column of the table is from
// its documentation.
func TestDialectSQL(t *testing.T) {
	for _, d := range []corpustest.Dialect{corpustest.PostgreSQL, corpustest.MariaDB, corpustest.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d)
			probed := 0
			for i, e := range dialectSQLs {
				if e.probe == "" {
					continue
				}
				probed++
				table := fmt.Sprintf("probe_%d", i)
				err := db.Exec(fmt.Sprintf("CREATE TABLE %s (id integer, %s)", table, e.probe)).Error
				if err == nil {
					db.Exec("DROP TABLE " + table)
				}
				if want := slices.Contains(e.accepts, string(d)); (err == nil) != want {
					t.Errorf("%s: %q: the table says %s accepts it: %v; %s answered: %v", e.what, e.probe, d, want, d, orAccepted(err))
				}
			}
			if probed < 20 {
				t.Errorf("only %d entries probed", probed)
			}
		})
	}
}

func orAccepted(err error) any {
	if err == nil {
		return "accepted"
	}
	return err
}

// TestDialectSQLMatchesProbe checks that each entry's pattern finds the
// SQL of its own probe, so the probe tests what the rule matches.
func TestDialectSQLMatchesProbe(t *testing.T) {
	for _, e := range dialectSQLs {
		if e.probe != "" && !e.re.MatchString(e.probe) {
			t.Errorf("%s: the pattern %s does not match the probe %q", e.what, e.re, e.probe)
		}
	}
}
