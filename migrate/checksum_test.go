package migrate_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestChecksumFormat pins what a checksum covers, independently of the
// code that computes it: the SHA-256 of a JSON document written out here
// by hand from the step and snapshot types' field names and JSON tags. A
// change to those types that would alter the checksums of migrations
// already applied somewhere fails this test, and must come with a way to
// keep the old checksums valid.
func TestChecksumFormat(t *testing.T) {
	table := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "id", DataType: "int"}}}
	m := migrate.Migration{ID: "20260101000000_t", Message: "not covered",
		Up: []migrate.Step{
			migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: table}}},
			migrate.Go{Name: "fill", Up: migrate.Nothing, Down: migrate.Nothing},
			migrate.SQL{Dialect: "postgres", Up: "SELECT 1"},
		},
		Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: table}}}},
	}
	doc := `{"Up":[` +
		`{"Kind":"schema","Changes":[{"Kind":"schema.CreateTable","Change":{"Table":{"name":"t","columns":[{"name":"id","dataType":"int"}]}}}]},` +
		`{"Kind":"go","Name":"fill","HasDown":true},` +
		`{"Kind":"sql","Dialect":"postgres","Up":"SELECT 1"}],` +
		`"Down":[{"Kind":"schema","Changes":[{"Kind":"schema.DropTable","Change":{"Table":{"name":"t","columns":[{"name":"id","dataType":"int"}]}}}]}]}`
	sum := sha256.Sum256([]byte(doc))
	got, err := migrate.Checksum(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Checksum = %s, want %s, the SHA-256 of\n%s", got, want, doc)
	}
	m.ID, m.Message, m.Parents = "other", "other", []string{"x"}
	if again, _ := migrate.Checksum(m); again != got {
		t.Error("the id, message or parents changed the checksum")
	}
}
