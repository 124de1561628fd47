package sqlite

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/schema"
)

// TestRebuildKeepsChildRows rebuilds a parent table that child rows
// reference through ON DELETE CASCADE, with foreign keys on in the
// application, and shows that every child row survives, the parent's
// indexes are back, its AUTOINCREMENT counter is kept and the foreign key
// still cascades afterwards. The same statements run with foreign keys on
// delete the children: that is what PrepareTx prevents.
func TestRebuildKeepsChildRows(t *testing.T) {
	setup := func(t *testing.T) (*gorm.DB, []string) {
		db := open(t)
		before, after := snapshotOf(t, &parent{}, &child{}), snapshotOf(t, &parentCodeRequired{}, &child{})
		start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
		exec(t, db,
			"INSERT INTO parents (id, name, code) VALUES (1, 'p1', 'c1'), (2, 'p2', NULL), (3, 'p3', NULL)",
			"INSERT INTO children (id, parent_id, note) VALUES (1, 1, 'k1'), (2, 1, 'k2'), (3, 2, 'k3'), (4, 3, 'k4')",
			"DELETE FROM parents WHERE id = 3", // cascades to child 4, and leaves the counter at 3
		)
		alter := schema.AlterColumn{Table: "parents", From: start.Table("parents").Column("code"), To: after.Table("parents").Column("code")}
		stmts, _ := compile(t, db, start, alter)
		return db, stmts
	}
	wantChildren := []string{"1|1|k1", "2|1|k2", "3|2|k3"}

	t.Run("foreign keys off", func(t *testing.T) {
		db, stmts := setup(t)
		if err := migrate(context.Background(), db, stmts); err != nil {
			t.Fatalf("%s\n%v", strings.Join(stmts, "\n"), err)
		}
		foreignKeysOn(t, db)
		equal(t, "children", rows(t, db, "SELECT id, parent_id, note FROM children ORDER BY id"), wantChildren)
		equal(t, "parents", rows(t, db, "SELECT id, name, code FROM parents ORDER BY id"), []string{"1|p1|c1", "2|p2|none"})
		equal(t, "parent indexes", indexes(t, db, "parents"), []string{"idx_parents_name(name)"})
		equal(t, "child indexes", indexes(t, db, "children"), []string{"idx_children_parent_id(parent_id)"})
		exec(t, db, "INSERT INTO parents (name) VALUES ('p4')")
		equal(t, "new id", rows(t, db, "SELECT id FROM parents WHERE name = 'p4'"), []string{"4"})
		exec(t, db, "DELETE FROM parents WHERE id = 1")
		equal(t, "cascaded", rows(t, db, "SELECT id FROM children ORDER BY id"), []string{"3"})
		noDDL(t, db, &parentCodeRequired{}, &child{})
	})

	t.Run("foreign keys on", func(t *testing.T) {
		db, stmts := setup(t)
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, st := range stmts {
				if err := tx.Exec(st).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := rows(t, db, "SELECT id FROM children"); len(got) != 0 {
			t.Fatalf("with foreign keys on, DROP TABLE should have cascaded to the children; %d remain", len(got))
		}
	})
}

// TestRebuildRefusedByForeignKeyCheck adds a foreign key to a table that
// holds rows without a parent: the rebuild copies them with foreign keys
// off, PRAGMA foreign_key_check finds them before commit, and the
// migration rolls back completely.
func TestRebuildRefusedByForeignKeyCheck(t *testing.T) {
	db := open(t)
	before, after := snapshotOf(t, &parentNoKids{}, &child{}), snapshotOf(t, &parent{}, &child{})
	start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
	exec(t, db,
		"INSERT INTO parents (id, name) VALUES (1, 'p1')",
		"INSERT INTO children (id, parent_id, note) VALUES (1, 1, 'k1'), (2, 7, 'orphan'), (3, 8, 'orphan')",
	)
	fk := after.Table("children").ForeignKeys[0]
	stmts, _ := compile(t, db, start, schema.AddForeignKey{Table: "children", ForeignKey: fk})
	err := migrate(context.Background(), db, stmts)
	if err == nil {
		t.Fatal("the migration committed rows that violate the new foreign key")
	}
	for _, want := range []string{"2 rows that violate foreign keys", "children rowid 2 (parent_id) has no parent in parents", "children rowid 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if db.Migrator().HasConstraint("children", fk.Name) {
		t.Error("the foreign key was added anyway")
	}
	if db.Migrator().HasTable(tempPrefix + "children") {
		t.Error("the rebuild's table is left behind")
	}
	equal(t, "children", rows(t, db, "SELECT id, parent_id, note FROM children ORDER BY id"), []string{"1|1|k1", "2|7|orphan", "3|8|orphan"})
	equal(t, "indexes", indexes(t, db, "children"), []string{"idx_children_parent_id(parent_id)"})
	foreignKeysOn(t, db)
}

// TestPrepareTxInsideTransaction: PRAGMA foreign_keys does nothing in a
// transaction, and PrepareTx says so instead of rebuilding with foreign
// keys on.
func TestPrepareTxInsideTransaction(t *testing.T) {
	db := open(t)
	err := db.Transaction(func(tx *gorm.DB) error {
		_, err := Dialect{}.PrepareTx(context.Background(), tx)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "inside a transaction") {
		t.Fatalf("got %v, want an error that the connection is inside a transaction", err)
	}
}

// TestPrepareTxForeignKeysOff leaves foreign keys off when the
// application has them off.
func TestPrepareTxForeignKeysOff(t *testing.T) {
	db := open(t)
	exec(t, db, "PRAGMA foreign_keys = OFF")
	if err := migrate(context.Background(), db, []string{"CREATE TABLE t (x)"}); err != nil {
		t.Fatal(err)
	}
	equal(t, "foreign_keys", rows(t, db, "PRAGMA foreign_keys"), []string{"0"})
}

// TestRebuildRichTable rebuilds a table with every kind of thing a GORM
// table has (unique and check constraints, a foreign key, plain, unique,
// partial and sorted indexes, a join table referencing it) four times,
// ending where it began: the rows of every table and the indexes are
// unchanged, and AutoMigrate finds nothing to do.
func TestRebuildRichTable(t *testing.T) {
	db := open(t)
	s := snapshotOf(t, &account{})
	s = mustMigrate(t, db, schema.New(s.Settings), creates(s)...)
	exec(t, db,
		"INSERT INTO profiles (id, bio) VALUES (1, 'b')",
		"INSERT INTO groups (id, name) VALUES (1, 'g1'), (2, 'g2')",
		"INSERT INTO accounts (id, email, nick, tenant_id, level, note, profile_id) VALUES (1, 'a@x', 'a', 1, 2, 'n', 1), (2, 'b@x', 'b', 1, 3, NULL, NULL)",
		"INSERT INTO account_groups VALUES (1, 1), (1, 2), (2, 2)",
	)
	dump := func() []string {
		var out []string
		for _, table := range []string{"accounts", "profiles", "groups", "account_groups"} {
			out = append(out, rows(t, db, "SELECT * FROM "+table+" ORDER BY rowid")...)
			out = append(out, indexes(t, db, table)...)
		}
		return out
	}
	want := dump()

	accounts := s.Table("accounts")
	nick := accounts.Column("nick")
	required := nick.Clone()
	required.NotNull, required.HasDefault, required.Default, required.DefaultKind = true, true, "anon", schema.String
	var fk *schema.ForeignKey
	for _, k := range accounts.ForeignKeys {
		fk = k
	}
	for _, c := range []schema.Change{
		schema.DropCheck{Table: "accounts", Check: accounts.Checks[0]},
		schema.AddCheck{Table: "accounts", Check: accounts.Checks[0]},
		schema.AlterColumn{Table: "accounts", From: nick, To: required},
		schema.AlterColumn{Table: "accounts", From: required, To: nick},
		schema.DropForeignKey{Table: "accounts", ForeignKey: fk},
		schema.AddForeignKey{Table: "accounts", ForeignKey: fk},
	} {
		s = mustMigrate(t, db, s, c)
	}
	equal(t, "rows and indexes", dump(), want)
	noDDL(t, db, &account{})
	foreignKeysOn(t, db)
}
