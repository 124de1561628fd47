package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

// Versions of a small model set. Each type names its table, so that two
// versions of a model are two states of one table.

type parent struct {
	ID   uint
	Name string  `gorm:"size:64;index"`
	Code *string // nullable
	Kids []child `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
}

func (parent) TableName() string { return "parents" }

// parentCodeRequired makes code NOT NULL with a default.
type parentCodeRequired struct {
	ID   uint
	Name string  `gorm:"size:64;index"`
	Code string  `gorm:"not null;default:none"`
	Kids []child `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
}

func (parentCodeRequired) TableName() string { return "parents" }

// parentWiderName widens name, which SQLite stores as text either way.
type parentWiderName struct {
	ID   uint
	Name string `gorm:"size:128;index"`
	Code *string
	Kids []child `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
}

func (parentWiderName) TableName() string { return "parents" }

// parentNoKids is parent without the has-many, so children has no
// foreign key.
type parentNoKids struct {
	ID   uint
	Name string `gorm:"size:64;index"`
	Code *string
}

func (parentNoKids) TableName() string { return "parents" }

// parentMore adds columns ALTER TABLE ADD COLUMN can add.
type parentMore struct {
	ID    uint
	Name  string `gorm:"size:64;index"`
	Code  *string
	Kids  []child `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
	Label string  `gorm:"default:fresh"`
	Count int     `gorm:"not null;default:3"`
}

func (parentMore) TableName() string { return "parents" }

// parentStamped adds a NOT NULL column whose default is not a constant,
// which ADD COLUMN refuses.
type parentStamped struct {
	ID      uint
	Name    string `gorm:"size:64;index"`
	Code    *string
	Kids    []child   `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
	Created time.Time `gorm:"not null;default:CURRENT_TIMESTAMP"`
}

func (parentStamped) TableName() string { return "parents" }

// parentLegacy has a column the next version drops.
type parentLegacy struct {
	ID     uint
	Name   string `gorm:"size:64;index"`
	Code   *string
	Kids   []child `gorm:"foreignKey:ParentID;constraint:OnDelete:CASCADE"`
	Legacy string
}

func (parentLegacy) TableName() string { return "parents" }

type child struct {
	ID       uint
	ParentID uint `gorm:"index"`
	Note     string
}

func (child) TableName() string { return "children" }

type note struct {
	ID   uint
	Body string
	Tag  string `gorm:"index:note_tag"`
}

func (note) TableName() string { return "notes" }

type memo note

func (memo) TableName() string { return "memos" }

// noteText renames body to text.
type noteText struct {
	ID   uint
	Text string
	Tag  string `gorm:"index:note_tag"`
}

func (noteText) TableName() string { return "notes" }

// noteIndexed adds a partial index on body.
type noteIndexed struct {
	ID   uint
	Body string `gorm:"index:note_body,where:body <> ''"`
	Tag  string `gorm:"index:note_tag"`
}

func (noteIndexed) TableName() string { return "notes" }

// noteLabel renames index note_tag to note_label.
type noteLabel struct {
	ID   uint
	Body string
	Tag  string `gorm:"index:note_label"`
}

func (noteLabel) TableName() string { return "notes" }

// noteChecked adds a check constraint and a unique constraint.
type noteChecked struct {
	ID   uint
	Body string `gorm:"unique"`
	Tag  string `gorm:"index:note_tag;check:tag <> 'bad'"`
}

func (noteChecked) TableName() string { return "notes" }

type page struct {
	ID   uint
	Age  int
	Page int `gorm:"check:page > 0"`
}

func (page) TableName() string { return "pages" }

type pageNoAge struct {
	ID   uint
	Page int `gorm:"check:page > 0"`
}

func (pageNoAge) TableName() string { return "pages" }

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after []any
		changes       func(b, a *schema.Snapshot) []schema.Change
		seed          []string
		// rebuilds says whether the change rebuilds a table; no
		// statements at all when nil.
		rebuilds *bool
		check    func(t *testing.T, db *gorm.DB, a *schema.Snapshot)
	}{{
		name:   "drop table",
		before: []any{&parent{}, &child{}}, after: []any{&parentNoKids{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.DropTable{Table: b.Table("children")}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			if db.Migrator().HasTable("children") {
				t.Error("children still exists")
			}
			equal(t, "parents", rows(t, db, "SELECT id, name FROM parents ORDER BY id"), []string{"1|p1", "2|p2"})
		},
	}, {
		name:   "rename table",
		before: []any{&note{}}, after: []any{&memo{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.RenameTable{From: "notes", To: "memos"}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "memos", rows(t, db, "SELECT id, body, tag FROM memos ORDER BY id"), []string{"1|b1|t1", "2|b2|t2"})
			equal(t, "indexes", indexes(t, db, "memos"), []string{"note_tag(tag)"})
		},
	}, {
		name:   "add columns in place",
		before: []any{&parent{}, &child{}}, after: []any{&parentMore{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			p := a.Table("parents")
			return []schema.Change{
				schema.AddColumn{Table: "parents", Column: p.Column("label")},
				schema.AddColumn{Table: "parents", Column: p.Column("count")},
			}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "parents", rows(t, db, "SELECT id, label, count FROM parents ORDER BY id"), []string{"1|fresh|3", "2|fresh|3"})
			equal(t, "count", []string{describe(column(t, db, "parents", "count"))}, []string{"integer NOT NULL DEFAULT 3"})
		},
	}, {
		name:   "add a column with a non-constant default",
		before: []any{&parent{}, &child{}}, after: []any{&parentStamped{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.AddColumn{Table: "parents", Column: a.Table("parents").Column("created")}}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "stamped", rows(t, db, "SELECT id, created IS NOT NULL FROM parents ORDER BY id"), []string{"1|1", "2|1"})
			equal(t, "children", rows(t, db, "SELECT id, parent_id FROM children ORDER BY id"), []string{"1|1", "2|1", "3|2"})
			equal(t, "indexes", indexes(t, db, "parents"), []string{"idx_parents_name(name)"})
		},
	}, {
		name:   "drop a column in place",
		before: []any{&parentLegacy{}, &child{}}, after: []any{&parent{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.DropColumn{Table: "parents", Column: b.Table("parents").Column("legacy")}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			if db.Migrator().HasColumn("parents", "legacy") {
				t.Error("legacy is still there")
			}
			equal(t, "children", rows(t, db, "SELECT id, parent_id FROM children ORDER BY id"), []string{"1|1", "2|1", "3|2"})
		},
	}, {
		// "page > 0" mentions "age": the check may name the column, so
		// DROP COLUMN could fail, and the table is rebuilt instead.
		name:   "drop a column a check may name",
		before: []any{&page{}}, after: []any{&pageNoAge{}},
		seed: []string{"INSERT INTO pages (id, age, page) VALUES (1, 10, 5), (2, 20, 6)"},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.DropColumn{Table: "pages", Column: b.Table("pages").Column("age")}}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "pages", rows(t, db, "SELECT * FROM pages ORDER BY id"), []string{"1|5", "2|6"})
			if name := a.Table("pages").Checks[0].Name; !db.Migrator().HasConstraint("pages", name) {
				t.Errorf("check %s is gone", name)
			}
			if db.Exec("INSERT INTO pages (page) VALUES (0)").Error == nil {
				t.Error("the check no longer holds")
			}
		},
	}, {
		name:   "rename column",
		before: []any{&note{}}, after: []any{&noteText{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.RenameColumn{Table: "notes", From: "body", To: "text"}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "notes", rows(t, db, "SELECT id, text, tag FROM notes ORDER BY id"), []string{"1|b1|t1", "2|b2|t2"})
		},
	}, {
		name:   "alter column: NOT NULL with a default backfills NULLs",
		before: []any{&parent{}, &child{}}, after: []any{&parentCodeRequired{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.AlterColumn{Table: "parents", From: b.Table("parents").Column("code"), To: a.Table("parents").Column("code")}}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "parents", rows(t, db, "SELECT id, name, code FROM parents ORDER BY id"), []string{"1|p1|c1", "2|p2|none"})
			equal(t, "code", []string{describe(column(t, db, "parents", "code"))}, []string{"text NOT NULL DEFAULT none"})
			equal(t, "children", rows(t, db, "SELECT id, parent_id FROM children ORDER BY id"), []string{"1|1", "2|1", "3|2"})
			equal(t, "indexes", indexes(t, db, "parents"), []string{"idx_parents_name(name)"})
		},
	}, {
		name:   "alter column: a size SQLite does not store",
		before: []any{&parent{}, &child{}}, after: []any{&parentWiderName{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.AlterColumn{Table: "parents", From: b.Table("parents").Column("name"), To: a.Table("parents").Column("name")}}
		},
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "parents", rows(t, db, "SELECT id, name FROM parents ORDER BY id"), []string{"1|p1", "2|p2"})
		},
	}, {
		name:   "create index",
		before: []any{&note{}}, after: []any{&noteIndexed{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.CreateIndex{Table: "notes", Index: index(a, "notes", "note_body")}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "indexes", indexes(t, db, "notes"), []string{"note_body(body)", "note_tag(tag)"})
			equal(t, "partial", rows(t, db, "SELECT sql FROM sqlite_master WHERE name = 'note_body'"),
				[]string{"CREATE INDEX `note_body` ON `notes`(`body`) WHERE body <> ''"})
		},
	}, {
		name:   "drop index",
		before: []any{&noteIndexed{}}, after: []any{&note{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.DropIndex{Table: "notes", Index: index(b, "notes", "note_body")}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "indexes", indexes(t, db, "notes"), []string{"note_tag(tag)"})
		},
	}, {
		name:   "rename index",
		before: []any{&note{}}, after: []any{&noteLabel{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.RenameIndex{Table: "notes", From: "note_tag", To: "note_label"}}
		},
		rebuilds: ptr(false),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			equal(t, "indexes", indexes(t, db, "notes"), []string{"note_label(tag)"})
		},
	}, {
		name:   "add unique and check",
		before: []any{&note{}}, after: []any{&noteChecked{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			n := a.Table("notes")
			return []schema.Change{
				schema.AddUnique{Table: "notes", Unique: n.Uniques[0]},
				schema.AddCheck{Table: "notes", Check: n.Checks[0]},
			}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			n := a.Table("notes")
			for _, name := range []string{n.Uniques[0].Name, n.Checks[0].Name} {
				if !db.Migrator().HasConstraint("notes", name) {
					t.Errorf("no constraint %s", name)
				}
			}
			if db.Exec("INSERT INTO notes (body, tag) VALUES ('b1', 'x')").Error == nil {
				t.Error("a duplicate body was accepted")
			}
			if db.Exec("INSERT INTO notes (body, tag) VALUES ('b3', 'bad')").Error == nil {
				t.Error("a bad tag was accepted")
			}
			equal(t, "notes", rows(t, db, "SELECT id, body, tag FROM notes ORDER BY id"), []string{"1|b1|t1", "2|b2|t2"})
			equal(t, "indexes", indexes(t, db, "notes"), []string{"note_tag(tag)"})
		},
	}, {
		name:   "drop unique and check",
		before: []any{&noteChecked{}}, after: []any{&note{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			n := b.Table("notes")
			return []schema.Change{
				schema.DropUnique{Table: "notes", Unique: n.Uniques[0]},
				schema.DropCheck{Table: "notes", Check: n.Checks[0]},
			}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			exec(t, db, "INSERT INTO notes (body, tag) VALUES ('b1', 'bad')")
			equal(t, "indexes", indexes(t, db, "notes"), []string{"note_tag(tag)"})
		},
	}, {
		name:   "add foreign key",
		before: []any{&parentNoKids{}, &child{}}, after: []any{&parent{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.AddForeignKey{Table: "children", ForeignKey: a.Table("children").ForeignKeys[0]}}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			if name := a.Table("children").ForeignKeys[0].Name; !db.Migrator().HasConstraint("children", name) {
				t.Errorf("no foreign key %s", name)
			}
			equal(t, "children", rows(t, db, "SELECT id, parent_id, note FROM children ORDER BY id"), []string{"1|1|k1", "2|1|k2", "3|2|k3"})
			equal(t, "indexes", indexes(t, db, "children"), []string{"idx_children_parent_id(parent_id)"})
			exec(t, db, "DELETE FROM parents WHERE id = 1")
			equal(t, "cascaded", rows(t, db, "SELECT id FROM children ORDER BY id"), []string{"3"})
		},
	}, {
		name:   "drop foreign key",
		before: []any{&parent{}, &child{}}, after: []any{&parentNoKids{}, &child{}},
		changes: func(b, a *schema.Snapshot) []schema.Change {
			return []schema.Change{schema.DropForeignKey{Table: "children", ForeignKey: b.Table("children").ForeignKeys[0]}}
		},
		rebuilds: ptr(true),
		check: func(t *testing.T, db *gorm.DB, a *schema.Snapshot) {
			exec(t, db, "DELETE FROM parents WHERE id = 1")
			equal(t, "children", rows(t, db, "SELECT id, parent_id FROM children ORDER BY id"), []string{"1|1", "2|1", "3|2"})
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t)
			before, after := snapshotOf(t, tc.before...), snapshotOf(t, tc.after...)
			start := mustMigrate(t, db, schema.New(before.Settings), creates(before)...)
			noDDL(t, db, tc.before...)
			seed := tc.seed
			if seed == nil {
				seed = seedFor(before)
			}
			exec(t, db, seed...)

			changes := tc.changes(start, after)
			stmts, _ := compile(t, db, start, changes...)
			rebuilt := slices.ContainsFunc(stmts, func(s string) bool { return strings.Contains(s, tempPrefix) })
			switch {
			case tc.rebuilds == nil && len(stmts) > 0:
				t.Errorf("want no statements, got\n%s", strings.Join(stmts, "\n"))
			case tc.rebuilds != nil && rebuilt != *tc.rebuilds:
				t.Errorf("rebuilds = %v, want %v:\n%s", rebuilt, *tc.rebuilds, strings.Join(stmts, "\n"))
			}
			got := mustMigrate(t, db, start, changes...)
			if diffs := schemaDiffs(after, got); len(diffs) > 0 {
				t.Fatalf("the replayed schema is not the models':\n%s", strings.Join(diffs, "\n"))
			}
			foreignKeysOn(t, db)
			tc.check(t, db, got)
			noDDL(t, db, tc.after...)
		})
	}
}

// schemaDiffs compares the schema the changes built with the models',
// leaving out what no database stores: the Go type and field a table or
// column comes from, and tag flags other dialects read.
func schemaDiffs(want, got *schema.Snapshot) []string {
	var out []string
	for _, d := range gormoracle.Compare(want, got) {
		if !strings.Contains(d, ": model: ") && !strings.Contains(d, ": field: ") && !strings.Contains(d, "Tag: ") {
			out = append(out, d)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// index returns the index name of table in s.
func index(s *schema.Snapshot, table, name string) *schema.Index {
	for _, ix := range s.Table(table).Indexes {
		if ix.Name == name {
			return ix
		}
	}
	panic("no index " + name)
}

// seedFor returns rows for the tables of s that the cases use.
func seedFor(s *schema.Snapshot) []string {
	var out []string
	if t := s.Table("parents"); t != nil {
		if t.Column("legacy") != nil {
			out = append(out, "INSERT INTO parents (id, name, code, legacy) VALUES (1, 'p1', 'c1', 'l1'), (2, 'p2', NULL, 'l2')")
		} else {
			out = append(out, "INSERT INTO parents (id, name, code) VALUES (1, 'p1', 'c1'), (2, 'p2', NULL)")
		}
	}
	if s.Table("children") != nil {
		out = append(out, "INSERT INTO children (id, parent_id, note) VALUES (1, 1, 'k1'), (2, 1, 'k2'), (3, 2, 'k3')")
	}
	if s.Table("notes") != nil {
		out = append(out, "INSERT INTO notes (id, body, tag) VALUES (1, 'b1', 't1'), (2, 'b2', 't2')")
	}
	return out
}

// foreignKeysOn fails t unless the migration switched foreign keys back
// on for the application.
func foreignKeysOn(t *testing.T, db *gorm.DB) {
	t.Helper()
	if got := rows(t, db, "PRAGMA foreign_keys"); len(got) != 1 || got[0] != "1" {
		t.Errorf("PRAGMA foreign_keys = %v after the migration, want 1", got)
	}
}

// Models for the zero-DDL test: most of what GORM's SQLite migrator
// writes in CREATE TABLE and CREATE INDEX.
type account struct {
	gorm.Model
	Email     string  `gorm:"size:128;unique;not null"`
	Nick      string  `gorm:"uniqueIndex:idx_nick_tenant,sort:desc"`
	TenantID  uint    `gorm:"uniqueIndex:idx_nick_tenant"`
	Balance   float64 `gorm:"default:0.5"`
	Active    bool    `gorm:"default:true"`
	Level     int     `gorm:"check:level_range,level BETWEEN 0 AND 9;default:1"`
	Avatar    []byte
	Joined    time.Time `gorm:"not null;default:CURRENT_TIMESTAMP"`
	Note      *string   `gorm:"type:varchar(40);index:,where:note IS NOT NULL"`
	Greeting  string    `gorm:"default:hello"`
	ProfileID *uint
	Profile   profile
	Groups    []group `gorm:"many2many:account_groups"`
}

type profile struct {
	ID  uint
	Bio string `gorm:"index:,collate:NOCASE"`
}

type group struct {
	ID   uint
	Name string `gorm:"size:32;index"`
}

// label has a composite primary key and no auto-increment.
type label struct {
	Name string `gorm:"primaryKey"`
	Lang string `gorm:"primaryKey"`
	Text string `gorm:"not null"`
}

// TestCreateTableAsGORM creates tables with Compile and shows that they
// are what GORM's AutoMigrate creates: the same statements (up to the
// order of constraints and indexes, which is map order in GORM), and an
// AutoMigrate afterwards issues no DDL.
func TestCreateTableAsGORM(t *testing.T) {
	for _, models := range [][]any{
		{&account{}},
		{&label{}},
		{&parent{}, &child{}},
		{&noteChecked{}, &page{}},
	} {
		s := snapshotOf(t, models...)
		var names []string
		for _, tb := range s.Tables {
			names = append(names, tb.Name)
		}
		t.Run(strings.Join(names, ","), func(t *testing.T) {
			db := open(t)
			ours, _ := compile(t, db, schema.New(s.Settings), creates(s)...)
			if err := migrate(context.Background(), db, ours); err != nil {
				t.Fatalf("%s\n%v", strings.Join(ours, "\n"), err)
			}
			gorms := autoMigrate(t, open(t), models...)
			equal(t, "statements", normalize(ours), normalize(gorms))
			noDDL(t, db, models...)
		})
	}
}

// normalize sorts statements, and the constraints inside a CREATE TABLE,
// which GORM writes in map order.
func normalize(stmts []string) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		open, close := strings.Index(s, "("), strings.LastIndex(s, ")")
		if !strings.HasPrefix(s, "CREATE TABLE") || open < 0 {
			out[i] = s
			continue
		}
		var parts []string
		depth, start := 0, open+1
		for j := open + 1; j < close; j++ {
			switch s[j] {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				if depth == 0 {
					parts = append(parts, s[start:j])
					start = j + 1
				}
			}
		}
		parts = append(parts, s[start:close])
		first := slices.IndexFunc(parts, func(p string) bool { return strings.HasPrefix(p, "CONSTRAINT") })
		if first >= 0 {
			slices.Sort(parts[first:])
		}
		out[i] = s[:open+1] + strings.Join(parts, ",") + s[close:]
	}
	slices.Sort(out)
	return out
}

// TestDefaultLiterals: a string default is escaped, whatever it holds.
func TestDefaultLiterals(t *testing.T) {
	db := open(t)
	values := []string{`it's`, `say "hi"`, `"); DROP TABLE t; --`, `'`, `\`}
	tb := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "id", DataType: schema.Int, PrimaryKey: true}}}
	for i, v := range values {
		tb.Columns = append(tb.Columns, &schema.Column{Name: fmt.Sprintf("c%d", i), DataType: schema.String, HasDefault: true, Default: v, DefaultKind: schema.String})
	}
	s := mustMigrate(t, db, schema.New(schema.Settings{}), schema.CreateTable{Table: tb})
	// An added column takes its default in place, and a rebuild keeps it.
	added := &schema.Column{Name: "added", DataType: schema.String, NotNull: true, HasDefault: true, Default: `a'b"c`, DefaultKind: schema.String}
	s = mustMigrate(t, db, s, schema.AddColumn{Table: "t", Column: added})
	exec(t, db, "INSERT INTO t (id) VALUES (1)")
	from := s.Table("t").Column("c0")
	to := from.Clone()
	to.NotNull = true
	mustMigrate(t, db, s, schema.AlterColumn{Table: "t", From: from, To: to})
	exec(t, db, "INSERT INTO t (id) VALUES (2)")
	want := strings.Join(append(values, `a'b"c`), "|")
	equal(t, "t", rows(t, db, "SELECT * FROM t ORDER BY id"), []string{"1|" + want, "2|" + want})
}

// TestBackfill: making a column NOT NULL with a default fills its NULLs
// with the default as a value, even when it spells a column's name.
func TestBackfill(t *testing.T) {
	db := open(t)
	tb := &schema.Table{Name: "t", Columns: []*schema.Column{
		{Name: "id", DataType: schema.Int, PrimaryKey: true},
		{Name: "name", DataType: schema.String},
		{Name: "v", DataType: schema.String},
	}}
	s := mustMigrate(t, db, schema.New(schema.Settings{}), schema.CreateTable{Table: tb})
	exec(t, db, "INSERT INTO t VALUES (1, 'n1', NULL), (2, 'n2', 'x')")
	from := tb.Column("v")
	to := from.Clone()
	to.NotNull, to.HasDefault, to.Default, to.DefaultKind = true, true, "name", schema.String
	mustMigrate(t, db, s, schema.AlterColumn{Table: "t", From: from, To: to})
	equal(t, "t", rows(t, db, "SELECT * FROM t ORDER BY id"), []string{"1|n1|name", "2|n2|x"})
}

func TestCanAdd(t *testing.T) {
	b := open(t)
	for _, tc := range []struct {
		col  schema.Column
		want bool
	}{
		{schema.Column{DataType: schema.String}, true},
		{schema.Column{DataType: schema.String, NotNull: true}, false},
		{schema.Column{DataType: schema.String, NotNull: true, HasDefault: true, Default: "x", DefaultKind: schema.String}, true},
		{schema.Column{DataType: schema.Int, NotNull: true, HasDefault: true, Default: "NULL"}, false},
		{schema.Column{DataType: schema.Int, HasDefault: true, Default: "-1.5e3"}, true},
		{schema.Column{DataType: schema.Int, HasDefault: true, Default: "0x1F"}, true},
		{schema.Column{DataType: schema.String, HasDefault: true, Default: "'it''s'"}, true},
		{schema.Column{DataType: schema.String, HasDefault: true, Default: "'a' || 'b'"}, false},
		{schema.Column{DataType: schema.Bytes, HasDefault: true, Default: "x'00ff'"}, true},
		{schema.Column{DataType: schema.Time, HasDefault: true, Default: "CURRENT_TIMESTAMP"}, false},
		{schema.Column{DataType: schema.Int, HasDefault: true, Default: "(1)"}, false},
		{schema.Column{DataType: schema.Int, PrimaryKey: true}, false},
		{schema.Column{DataType: schema.Int, AutoIncrement: true}, false},
		{schema.Column{DataType: "text UNIQUE", Type: "text UNIQUE"}, false},
	} {
		tc.col.Name = "c"
		if got := canAdd(dialect.NewBuilder(b), &tc.col); got != tc.want {
			t.Errorf("%+v: canAdd = %v, want %v", tc.col, got, tc.want)
		}
	}
}

func TestRenameMissingIndex(t *testing.T) {
	db := open(t)
	s := snapshotOf(t, &note{})
	_, err := Dialect{}.Compile(&dialect.Context{DB: db, Before: s}, schema.RenameIndex{Table: "notes", From: "nope", To: "x"})
	if err == nil || !strings.Contains(err.Error(), "no index nope") {
		t.Fatalf("got %v", err)
	}
}
