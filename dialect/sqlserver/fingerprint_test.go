package sqlserver

import (
	"fmt"
	"testing"
)

// TestFingerprintQueryGolden holds the drift check's catalog query, which
// no server here can run, to testdata/fingerprint.golden: one bare table,
// looked up in the default schema, and one a schema qualifies. Refresh
// with -update after reading the diff.
func TestFingerprintQueryGolden(t *testing.T) {
	q, args := Dialect{}.FingerprintQuery([]string{"users", "sales.orders"})
	got := fmt.Sprintf("%s\n-- args: %q\n", q, args)
	checkGolden(t, "fingerprint", got)
}
