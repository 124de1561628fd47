package migrate_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

const (
	ecBase     = "20260101000000_items"
	ecExpand   = "20260102000000_drop_legacy"
	ecContract = "20260102000000_drop_legacy_contract"
	ecLater    = "20260103000000_notes"
)

// contractMigrations is an items table, an expansion that makes its
// legacy column nullable, the contraction that drops it, and a later
// revision after the contraction.
func contractMigrations() []migrate.Migration {
	legacy := &schema.Column{Name: "legacy", DataType: schema.Int, GORMDataType: schema.Int, Size: 64, NotNull: true}
	relaxed := legacy.Clone()
	relaxed.NotNull = false
	notes := &schema.Column{Name: "notes", DataType: schema.String, GORMDataType: schema.String, Size: 100}
	items := &schema.Table{Name: "items", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
		legacy,
	}}
	mig := func(id, parent string, contract bool, changes ...schema.Change) migrate.Migration {
		m := migrate.Migration{ID: id, Message: id[15:], Contract: contract,
			Up:   []migrate.Step{migrate.Schema{Changes: changes}},
			Down: []migrate.Step{migrate.Schema{Changes: schema.Invert(changes)}}}
		if parent != "" {
			m.Parents = []string{parent}
		}
		return m
	}
	return []migrate.Migration{
		mig(ecBase, "", false, schema.CreateTable{Table: items}),
		mig(ecExpand, ecBase, false, schema.AlterColumn{Table: "items", From: legacy, To: relaxed}),
		mig(ecContract, ecExpand, true, schema.DropColumn{Table: "items", Column: relaxed}),
		mig(ecLater, ecContract, false, schema.AddColumn{Table: "items", Column: notes}),
	}
}

// contractEngines are SQLite (whose lock lives in each migration's
// transaction, so the plan is made there) and PostgreSQL with its session
// lock and with WithTransactionLock.
func contractEngines(t *testing.T) map[string]func(t *testing.T) (*gorm.DB, []migrate.Option) {
	return map[string]func(t *testing.T) (*gorm.DB, []migrate.Option){
		"sqlite": func(t *testing.T) (*gorm.DB, []migrate.Option) {
			db, _ := corpustest.Open(t, corpustest.SQLite)
			return db, nil
		},
		"postgres": func(t *testing.T) (*gorm.DB, []migrate.Option) {
			db, _ := corpustest.Open(t, corpustest.PostgreSQL)
			return db, nil
		},
		"postgres-txlock": func(t *testing.T) (*gorm.DB, []migrate.Option) {
			db, _ := corpustest.Open(t, corpustest.PostgreSQL)
			return db, []migrate.Option{migrate.WithTransactionLock()}
		},
	}
}

// TestContractHeld: Up applies the expansion and holds the contraction,
// reporting it; Status lists it; a later revision that depends on it makes
// Up fail naming it, with nothing applied; UpTo the contraction applies it,
// after which Up goes on.
func TestContractHeld(t *testing.T) {
	for name, open := range contractEngines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, opts := open(t)
			var held []string
			opts = append(opts, migrate.WithProgress(func(e migrate.Event) {
				if e.Kind == migrate.Held {
					held = append(held, e.Revision)
				}
			}))
			all := contractMigrations()
			m, err := migrate.New(db, all[:3], opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if ids := revIDs(st.Applied); !slices.Equal(ids, []string{ecBase, ecExpand}) {
				t.Errorf("Up applied %q; want the base and the expansion", ids)
			}
			if ids := revIDs(st.Held); !slices.Equal(ids, []string{ecContract}) || !slices.Equal(held, []string{ecContract}) {
				t.Errorf("held %q, Held events %q; want the contraction, reported once", ids, held)
			}
			if !db.Migrator().HasColumn("items", "legacy") {
				t.Errorf("the held contraction dropped items.legacy")
			}

			// A later revision that needs the contraction: Up refuses,
			// naming it, and applies nothing.
			m, err = migrate.New(db, all, opts...)
			if err != nil {
				t.Fatal(err)
			}
			err = m.Up(ctx)
			var he *migrate.HeldError
			if !errors.As(err, &he) || he.Revision != ecLater || he.Contraction != ecContract || he.Expansion != ecExpand ||
				!strings.Contains(err.Error(), "up -contract") || !strings.Contains(err.Error(), `UpTo(ctx, "`+ecContract+`")`) {
				t.Fatalf("Up with a revision after a held contraction: %v; want a *HeldError naming both and how to apply it", err)
			}
			if st, _ := m.Status(ctx); len(st.Applied) != 2 || db.Migrator().HasColumn("items", "notes") {
				t.Errorf("the refused Up applied something: %q", revIDs(st.Applied))
			}

			if err := m.UpTo(ctx, ecContract[:len(ecContract)-2]); err != nil { // a unique prefix names it too
				t.Fatalf("UpTo the contraction: %v", err)
			}
			if db.Migrator().HasColumn("items", "legacy") {
				t.Errorf("UpTo the contraction left items.legacy")
			}
			if err := m.Up(ctx); err != nil {
				t.Fatalf("Up after the contraction: %v", err)
			}
			if st, _ := m.Status(ctx); len(st.Pending) != 0 || len(st.Held) != 0 {
				t.Errorf("after Up: pending %q, held %q", revIDs(st.Pending), revIDs(st.Held))
			}
		})
	}
}

// TestContractWithContractions: with the option, Up applies everything on
// a fresh database and holds nothing.
func TestContractWithContractions(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	m, err := migrate.New(db, contractMigrations(), migrate.WithContractions())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.Status(context.Background()); len(st.Applied) != 4 || len(st.Held) != 0 {
		t.Errorf("applied %q, held %q; want all four, none held", revIDs(st.Applied), revIDs(st.Held))
	}
}

// TestContractCommand: up holds the contraction and says how to apply it,
// status lists it, up -contract applies it.
func TestContractCommand(t *testing.T) {
	db, _ := corpustest.Open(t, corpustest.SQLite)
	var out, errOut strings.Builder
	cmd := migrate.Command(db, contractMigrations()[:3])
	cmd.Name, cmd.Stdout, cmd.Stderr = "app", &out, &errOut
	ctx := context.Background()
	if err := cmd.Run(ctx, []string{"up"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"holding back the contraction " + ecContract + ": once no binary older than its expansion runs, apply it with app up -contract",
		"2 migrations applied", "1 pending (1 contraction held back"} {
		if !strings.Contains(out.String()+errOut.String(), want) {
			t.Errorf("up: the output lacks %q:\n%s%s", want, out.String(), errOut.String())
		}
	}
	out.Reset()
	err := cmd.Run(ctx, []string{"status"})
	if err != nil || !strings.Contains(out.String(), "held      "+ecContract+" (contractions up holds back") {
		t.Errorf("status: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := cmd.Run(ctx, []string{"up", "-contract"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 migration applied") || !strings.Contains(out.String(), "at head "+ecContract) {
		t.Errorf("up -contract:\n%s", out.String())
	}
}

func revIDs(revs []migrate.Revision) []string {
	var out []string
	for _, r := range revs {
		out = append(out, r.ID)
	}
	return out
}

// TestContractHeldMergeAndRace covers two ways a held contraction meets
// other work. A branch merged with the split one: Up applies the
// expansion and the other branch, and holds the contraction together with
// the merge revision that changes nothing, without an error. And a plain
// Up that starts while another process applies the contraction
// (WithContractions), on every engine and with rows in the table: its
// unlocked read sees the contraction held, but
// only the read under the lock judges, so once the lock is free it
// applies what follows the contraction instead of failing.
func TestContractHeldMergeAndRace(t *testing.T) {
	ctx := context.Background()
	t.Run("merge", func(t *testing.T) {
		db, _ := corpustest.Open(t, corpustest.PostgreSQL)
		migs := contractMigrations()[:3]
		other := &schema.Table{Name: "others", Columns: []*schema.Column{{Name: "id", DataType: schema.Uint, GORMDataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}}}
		migs = append(migs,
			migrate.Migration{ID: "20260102100000_others", Parents: []string{ecBase},
				Up:   []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.CreateTable{Table: other}}}},
				Down: []migrate.Step{migrate.Schema{Changes: []schema.Change{schema.DropTable{Table: other}}}}},
			migrate.Migration{ID: "20260103000000_merge", Parents: []string{ecContract, "20260102100000_others"}})
		var held []string
		m := mustNew(t, db, migs, migrate.WithProgress(func(e migrate.Event) {
			if e.Kind == migrate.Held {
				held = append(held, e.Revision)
			}
		}))
		if err := m.Up(ctx); err != nil {
			t.Fatalf("Up: %v", err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var pending []string
		for _, r := range st.Pending {
			pending = append(pending, r.ID)
		}
		if !slices.Equal(pending, []string{ecContract, "20260103000000_merge"}) || !slices.Equal(held, pending) {
			t.Errorf("pending %v, held %v; want the contraction and the merge, both held", pending, held)
		}
	})
	for _, d := range corpustest.AllDialects {
		t.Run("race/"+string(d), func(t *testing.T) {
			t.Parallel()
			db, _ := corpustest.Open(t, d)
			migs := contractMigrations()
			started := make(chan struct{})
			var once sync.Once
			migs[2].Up = append(migs[2].Up, migrate.Go{Name: "slow", Down: migrate.Nothing, Up: func(context.Context, *gorm.DB) error {
				once.Do(func() { close(started) })
				time.Sleep(time.Second)
				return nil
			}})
			if err := mustNew(t, db, migs).UpTo(ctx, ecExpand); err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("INSERT INTO items (legacy) VALUES (1), (2)").Error; err != nil {
				t.Fatal(err)
			}
			contracting := mustNew(t, db, migs, migrate.WithContractions())
			done := make(chan error, 1)
			go func() { done <- contracting.UpTo(ctx, ecContract) }()
			<-started
			if err := mustNew(t, db, migs).Up(ctx); err != nil {
				t.Errorf("plain Up while the contraction was being applied: %v", err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !db.Migrator().HasColumn("items", "notes") {
				t.Error("the revision after the contraction was not applied")
			}
			var n int64
			if err := db.Table("items").Count(&n).Error; err != nil || n != 2 {
				t.Errorf("items holds %d rows (%v), want the 2 inserted before", n, err)
			}
		})
	}
}
