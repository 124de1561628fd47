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

// schemaSQL returns the type, name and SQL of the schema objects called
// names, as sqlite_master keeps them, in the order of names.
func schemaSQL(t testing.TB, db *gorm.DB, names ...string) []string {
	t.Helper()
	out := make([]string, len(names))
	for i, name := range names {
		got := rows(t, db, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE name = '"+name+"'")
		out[i] = strings.Join(got, "; ")
	}
	return out
}

// TestRebuildKeepsTriggersAndIndexesMadeOutsideModels rebuilds a table
// that has an audit trigger and a unique expression index made by hand,
// twice in one migration: both are back afterwards with their
// definitions (SQL text with ? and @ kept verbatim), the trigger fires,
// the index refuses a duplicate, and the rows are unchanged.
func TestRebuildKeepsTriggersAndIndexesMadeOutsideModels(t *testing.T) {
	db := open(t)
	before, required := snapshotOf(t, &parent{}, &child{}), snapshotOf(t, &parentCodeRequired{}, &child{})
	start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
	exec(t, db,
		"CREATE TABLE parent_audit (parent_id INTEGER, old_code TEXT, new_code TEXT)",
		"CREATE TRIGGER parents_audit AFTER UPDATE OF code ON parents BEGIN INSERT INTO parent_audit VALUES (OLD.id, OLD.code, NEW.code || ' @by ?'); END",
		"CREATE UNIQUE INDEX parents_lower_name ON parents (lower(name)) WHERE name <> ''",
		"INSERT INTO parents (id, name, code) VALUES (1, 'p1', 'c1'), (2, 'p2', NULL)",
		"INSERT INTO children (id, parent_id, note) VALUES (1, 1, 'k1'), (2, 2, 'k2')",
	)
	objects := []string{"parents_audit", "parents_lower_name"}
	want := schemaSQL(t, db, objects...)

	code, codeRequired := start.Table("parents").Column("code"), required.Table("parents").Column("code")
	mustMigrate(t, db, start,
		schema.AlterColumn{Table: "parents", From: code, To: codeRequired},
		schema.AlterColumn{Table: "parents", From: codeRequired, To: code},
	)

	equal(t, "objects made outside the models", schemaSQL(t, db, objects...), want)
	equal(t, "parents", rows(t, db, "SELECT id, name, code FROM parents ORDER BY id"), []string{"1|p1|c1", "2|p2|none"})
	equal(t, "children", rows(t, db, "SELECT id, parent_id, note FROM children ORDER BY id"), []string{"1|1|k1", "2|2|k2"})
	// GORM's migrator cannot introspect an expression index; SQLite can.
	equal(t, "indexes", rows(t, db, "SELECT name, \"unique\", partial FROM pragma_index_list('parents') ORDER BY name"),
		[]string{"idx_parents_name|0|0", "parents_lower_name|1|1"})
	equal(t, "audit before an update", rows(t, db, "SELECT * FROM parent_audit"), nil)
	exec(t, db, "UPDATE parents SET code = 'c2' WHERE id = 1")
	equal(t, "audit after an update", rows(t, db, "SELECT * FROM parent_audit"), []string{"1|c1|c2 @by ?"})
	if err := db.Exec("INSERT INTO parents (name) VALUES ('P1')").Error; err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("inserting a second p1 gave %v, want the hand-made unique index to refuse it", err)
	}
	equal(t, "temporary tables", rows(t, db, "SELECT name FROM sqlite_temp_master"), nil)
	noDDL(t, db, &parent{}, &child{})
	foreignKeysOn(t, db)
}

// TestRebuildKeepsViewsAndTriggersOfOtherTables rebuilds a table that a
// view selects from and that a trigger of another table updates. With
// legacy_alter_table off, SQLite checks both when the rebuilt table takes
// its name back, finds the table missing and fails the rebuild; they must
// instead be left as they are and still work.
func TestRebuildKeepsViewsAndTriggersOfOtherTables(t *testing.T) {
	db := open(t)
	before, after := snapshotOf(t, &parent{}, &child{}), snapshotOf(t, &parentCodeRequired{}, &child{})
	start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
	exec(t, db,
		"CREATE VIEW parent_kids AS SELECT p.id, p.name, count(c.id) AS kids FROM parents p LEFT JOIN children c ON c.parent_id = p.id GROUP BY p.id",
		"CREATE TRIGGER children_touch AFTER INSERT ON children BEGIN UPDATE parents SET name = name || '+' WHERE id = NEW.parent_id; END",
		"INSERT INTO parents (id, name, code) VALUES (1, 'p1', 'c1'), (2, 'p2', NULL)",
		"INSERT INTO children (id, parent_id, note) VALUES (1, 1, 'k1'), (2, 1, 'k2')",
	)
	objects := []string{"parent_kids", "children_touch"}
	want := schemaSQL(t, db, objects...)

	mustMigrate(t, db, start, schema.AlterColumn{Table: "parents", From: start.Table("parents").Column("code"), To: after.Table("parents").Column("code")})

	equal(t, "objects made outside the models", schemaSQL(t, db, objects...), want)
	equal(t, "view", rows(t, db, "SELECT id, name, kids FROM parent_kids ORDER BY id"), []string{"1|p1++|2", "2|p2|0"})
	exec(t, db, "INSERT INTO children (id, parent_id, note) VALUES (3, 2, 'k3')")
	equal(t, "view after the trigger fired", rows(t, db, "SELECT id, name, kids FROM parent_kids ORDER BY id"), []string{"1|p1++|2", "2|p2+|1"})
	noDDL(t, db, &parentCodeRequired{}, &child{})
	foreignKeysOn(t, db)
}

// TestRebuildRefusesObjectsThatNoLongerFit drops a column through a
// rebuild while an index, a trigger or a view made outside the models
// uses it. Creating the object again would fail (the index) or leave it
// failing at its next use (the trigger, the view), so the migration is
// refused, naming the object, and changes nothing. What the refusal
// advises, dropping the object before the change and creating it anew
// after, then works.
func TestRebuildRefusesObjectsThatNoLongerFit(t *testing.T) {
	for _, tc := range []struct {
		name, object, create, recreate string
	}{{
		name:     "index",
		object:   "index pages_by_age",
		create:   "CREATE INDEX pages_by_age ON pages (age, page)",
		recreate: "CREATE INDEX pages_by_age ON pages (page)",
	}, {
		name:     "trigger",
		object:   "trigger pages_log",
		create:   "CREATE TRIGGER pages_log AFTER INSERT ON pages BEGIN INSERT INTO page_log VALUES (NEW.id, NEW.age); END",
		recreate: "CREATE TRIGGER pages_log AFTER INSERT ON pages BEGIN INSERT INTO page_log VALUES (NEW.id, NULL); END",
	}, {
		name:     "view",
		object:   "view pages_aged",
		create:   "CREATE VIEW pages_aged AS SELECT id, age FROM pages",
		recreate: "CREATE VIEW pages_aged AS SELECT id FROM pages",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t)
			before := snapshotOf(t, &page{})
			start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
			exec(t, db,
				"CREATE TABLE page_log (page_id INTEGER, age INTEGER)",
				"INSERT INTO pages (id, age, page) VALUES (1, 10, 5), (2, 20, 6)",
				tc.create,
			)
			name := strings.Fields(tc.object)[1]
			want := schemaSQL(t, db, name)
			drop := schema.DropColumn{Table: "pages", Column: start.Table("pages").Column("age")}
			stmts, _ := compile(t, db, start, drop)

			err := migrate(context.Background(), db, stmts)
			if err == nil {
				t.Fatalf("the rebuild dropped age under the %s", tc.object)
			}
			t.Log(err)
			for _, s := range []string{tc.object, "made outside the models", "no such column", "drop it before"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("the error does not say %q:\n%v", s, err)
				}
			}
			equal(t, "the object", schemaSQL(t, db, name), want)
			equal(t, "pages", rows(t, db, "SELECT id, age, page FROM pages ORDER BY id"), []string{"1|10|5", "2|20|6"})
			equal(t, "legacy_alter_table", rows(t, db, "PRAGMA legacy_alter_table"), []string{"0"})
			equal(t, "temporary tables", rows(t, db, "SELECT name FROM sqlite_temp_master"), nil)
			if db.Migrator().HasTable(tempPrefix + "pages") {
				t.Error("the rebuild's table is left behind")
			}
			foreignKeysOn(t, db)

			kind := strings.ToUpper(strings.Fields(tc.object)[0])
			stmts = append(append([]string{"DROP " + kind + " " + name}, stmts...), tc.recreate)
			if err := migrate(context.Background(), db, stmts); err != nil {
				t.Fatalf("dropping the %s before the rebuild and creating it after: %v", tc.object, err)
			}
			equal(t, "the object made anew", schemaSQL(t, db, name), []string{strings.ToLower(kind) + " " + name + ": " + tc.recreate})
		})
	}
}

// TestRebuildKeepsLegacyAlterTable: the rebuild switches
// legacy_alter_table on for its RENAME only, and an application that has
// it on finds it on afterwards.
func TestRebuildKeepsLegacyAlterTable(t *testing.T) {
	db := open(t)
	before, after := snapshotOf(t, &parent{}, &child{}), snapshotOf(t, &parentCodeRequired{}, &child{})
	start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
	exec(t, db, "PRAGMA legacy_alter_table = ON")
	mustMigrate(t, db, start, schema.AlterColumn{Table: "parents", From: start.Table("parents").Column("code"), To: after.Table("parents").Column("code")})
	equal(t, "legacy_alter_table", rows(t, db, "PRAGMA legacy_alter_table"), []string{"1"})
}

// TestRebuildLeavesObjectsTheMigrationMadeAgain: a statement after the
// rebuild that creates a dropped trigger anew, to fit the new table, wins
// over the kept definition, which is not created again on top of it.
func TestRebuildLeavesObjectsTheMigrationMadeAgain(t *testing.T) {
	db := open(t)
	before, after := snapshotOf(t, &parent{}, &child{}), snapshotOf(t, &parentCodeRequired{}, &child{})
	start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
	exec(t, db,
		"CREATE TABLE parent_log (msg TEXT)",
		"CREATE TRIGGER parents_log AFTER INSERT ON parents BEGIN INSERT INTO parent_log VALUES ('old ' || NEW.name); END",
	)
	stmts, _ := compile(t, db, start, schema.AlterColumn{Table: "parents", From: start.Table("parents").Column("code"), To: after.Table("parents").Column("code")})
	made := "CREATE TRIGGER parents_log AFTER INSERT ON parents BEGIN INSERT INTO parent_log VALUES ('new ' || NEW.name || ' ' || NEW.code); END"
	if err := migrate(context.Background(), db, append(stmts, made)); err != nil {
		t.Fatal(err)
	}
	equal(t, "trigger", schemaSQL(t, db, "parents_log"), []string{"trigger parents_log: " + made})
	exec(t, db, "INSERT INTO parents (name) VALUES ('p1')")
	equal(t, "log", rows(t, db, "SELECT msg FROM parent_log"), []string{"new p1 none"})
}
