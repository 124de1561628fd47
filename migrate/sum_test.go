package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// TestSum: a revision's Sum, as generate writes it, is what the version
// table records, and New takes it without computing; a Sum that is not
// the revision's checksum (its file edited without migragen hash) is
// refused before the revision runs, changing nothing; an applied revision whose Sum differs from the recorded
// checksum is modified.
func TestSum(t *testing.T) {
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := corpustest.Open(t, d)
			migs := cmdMigrations()
			for i := range migs {
				sum, err := migrate.Checksum(migs[i])
				if err != nil {
					t.Fatal(err)
				}
				migs[i].Sum = sum
			}
			if err := mustNew(t, db, migs[:1]).Up(ctx); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := db.Raw("SELECT checksum FROM "+migrate.DefaultVersionTable+" WHERE id = ?", cmdUsers).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got != migs[0].Sum {
				t.Errorf("recorded %s, want the Sum %s", got, migs[0].Sum)
			}
			execSQL(t, db, "INSERT INTO users (name) VALUES ('ada')")

			// orders edited (a column more) but its Sum left as it was.
			stale := cmdMigrations()
			stale[0].Sum, stale[1].Sum = migs[0].Sum, migs[1].Sum
			orders := stale[1].Up[0].(migrate.Schema).Changes[0].(schema.CreateTable).Table
			orders.Columns = append(orders.Columns, &schema.Column{Name: "note", DataType: schema.String, GORMDataType: schema.String, Size: 10})
			err := mustNew(t, db, stale).Up(ctx)
			if err == nil || !strings.Contains(err.Error(), "revision "+cmdOrders+": its Sum") || !strings.Contains(err.Error(), "migragen hash") {
				t.Fatalf("Up with a stale Sum: %v", err)
			}
			if ids := recorded(t, db); len(ids) != 1 || db.Migrator().HasTable("orders") {
				t.Errorf("the refused Up changed the database: %v", ids)
			}

			// users applied, its Sum now another: modified.
			other := cmdMigrations()
			other[0].Sum = migs[1].Sum
			st, err := mustNew(t, db, other).Status(ctx)
			if err != nil || len(st.Modified) != 1 || st.Modified[0] != cmdUsers {
				t.Errorf("status with another Sum: %+v, %v; want users modified", st, err)
			}
			if n := count(t, db, "users"); n != 1 {
				t.Errorf("users holds %d rows, want 1", n)
			}
		})
	}
}
