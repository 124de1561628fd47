package schema

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// checksBase is the schema before the migrations of TestPreconditions:
// users(id, name, email, org_id) with a foreign key to orgs(id, name),
// whose name is unique.
func checksBase() *Snapshot {
	s := New(Settings{})
	s.Tables = []*Table{
		{Name: "orgs", Columns: []*Column{{Name: "id", DataType: Uint, GORMDataType: Uint, PrimaryKey: true}, sized("name", 64)},
			Uniques: []*Unique{{Name: "uni_orgs_name", Column: "name"}}},
		{Name: "users", Columns: []*Column{{Name: "id", DataType: Uint, GORMDataType: Uint, PrimaryKey: true}, sized("name", 64), sized("email", 0), col("org_id", Uint)},
			Indexes:     []*Index{{Name: "idx_users_email", Columns: []*IndexColumn{{Column: "email"}}}},
			ForeignKeys: []*ForeignKey{usersOrg()}},
	}
	return s
}

func sized(name string, size int) *Column {
	return &Column{Name: name, DataType: String, GORMDataType: String, Size: size}
}

func usersOrg() *ForeignKey {
	return &ForeignKey{Name: "fk_users_org", Columns: []string{"org_id"}, RefTable: "orgs", RefColumns: []string{"id"}}
}

// edited returns a copy of c changed by edit.
func edited(c *Column, edit func(*Column)) *Column {
	x := c.Clone()
	edit(x)
	return x
}

func uniqueIndex(name, where string, cols ...string) *Index {
	ix := &Index{Name: name, Class: "UNIQUE", Where: where}
	for _, c := range cols {
		ix.Columns = append(ix.Columns, &IndexColumn{Column: c})
	}
	return ix
}

// TestPreconditions: each migration's changes, on checksBase, need exactly
// the checks listed, named as before the migration.
func TestPreconditions(t *testing.T) {
	name64, email := sized("name", 64), sized("email", 0)
	name32 := edited(name64, func(c *Column) { c.Size = 32 })
	notNull := func(c *Column) *Column { return edited(c, func(c *Column) { c.NotNull = true }) }
	withDefault := func(c *Column) *Column {
		return edited(c, func(c *Column) { c.HasDefault, c.Default, c.DefaultKind = true, "x", String })
	}
	renamed := func(c *Column, name string) *Column { return edited(c, func(c *Column) { c.Name = name }) }
	newTable := &Table{Name: "teams", Columns: []*Column{{Name: "id", DataType: Uint, GORMDataType: Uint, PrimaryKey: true}, sized("name", 64), col("org_id", Uint)}}
	orgsFK := func(table string, cols ...string) *ForeignKey {
		return &ForeignKey{Name: "fk_" + table + "_org", Columns: cols, RefTable: "orgs", RefColumns: []string{"id"}}
	}

	for _, tt := range []struct {
		name    string
		changes []Change
		want    []Precondition
	}{
		{"narrowed size", []Change{AlterColumn{Table: "users", From: name64, To: name32}},
			[]Precondition{ValuesFit{Table: "users", Column: "name", From: name64, To: name32}}},
		{"widened size", []Change{AlterColumn{Table: "users", From: name64, To: edited(name64, func(c *Column) { c.Size = 128 })}}, nil},
		{"another type", []Change{AlterColumn{Table: "users", From: col("org_id", Uint), To: col("org_id", Int)}},
			[]Precondition{ValuesFit{Table: "users", Column: "org_id", From: col("org_id", Uint), To: col("org_id", Int)}}},
		{"NOT NULL without a default", []Change{AlterColumn{Table: "users", From: name64, To: notNull(name64)}},
			[]Precondition{NoNulls{Table: "users", Column: "name"}}},
		{"NOT NULL with a default", []Change{AlterColumn{Table: "users", From: name64, To: notNull(withDefault(name64))}}, nil},
		{"narrowed and NOT NULL", []Change{AlterColumn{Table: "users", From: name64, To: notNull(name32)}},
			[]Precondition{ValuesFit{Table: "users", Column: "name", From: name64, To: notNull(name32)}, NoNulls{Table: "users", Column: "name"}}},
		{"a renamed column is checked under its old name", []Change{
			RenameColumn{Table: "users", From: "name", To: "full_name"},
			AlterColumn{Table: "users", From: renamed(name64, "full_name"), To: renamed(notNull(name32), "full_name")},
		}, []Precondition{ValuesFit{Table: "users", Column: "name", From: name64, To: notNull(name32)}, NoNulls{Table: "users", Column: "name"}}},
		{"a renamed table is checked under its old name", []Change{
			RenameTable{From: "users", To: "people"},
			RenameColumn{Table: "people", From: "email", To: "mail"},
			CreateIndex{Table: "people", Index: uniqueIndex("idx_people_mail", "", "mail")},
		}, []Precondition{NoDuplicates{Table: "users", Name: "idx_people_mail", Columns: []string{"email"}}}},
		{"added NOT NULL without a default", []Change{AddColumn{Table: "users", Column: notNull(sized("nick", 10))}},
			[]Precondition{NoRows{Table: "users", Column: "nick"}}},
		{"added to a renamed table", []Change{RenameTable{From: "users", To: "people"}, AddColumn{Table: "people", Column: notNull(sized("nick", 10))}},
			[]Precondition{NoRows{Table: "users", Column: "nick"}}},
		{"added NOT NULL with a default", []Change{AddColumn{Table: "users", Column: notNull(withDefault(sized("nick", 10)))}}, nil},
		{"added NOT NULL with an empty string default", []Change{AddColumn{Table: "users", Column: notNull(edited(sized("nick", 10), func(c *Column) {
			c.HasDefault, c.DefaultKind = true, String
		}))}}, nil},
		{"added nullable", []Change{AddColumn{Table: "users", Column: sized("nick", 10)}}, nil},
		{"added auto-increment", []Change{AddColumn{Table: "users", Column: &Column{Name: "seq", DataType: Int, NotNull: true, AutoIncrement: true}}}, nil},
		{"added generated", []Change{AddColumn{Table: "users", Column: &Column{Name: "lower_name", DataType: String, NotNull: true, Generated: "lower(name)"}}}, nil},
		{"unique index", []Change{CreateIndex{Table: "users", Index: uniqueIndex("idx_users_name_email", "deleted_at IS NULL", "name", "email")}},
			[]Precondition{NoDuplicates{Table: "users", Name: "idx_users_name_email", Columns: []string{"name", "email"}, Where: "deleted_at IS NULL"}}},
		{"plain index", []Change{CreateIndex{Table: "users", Index: &Index{Name: "idx_users_name", Columns: []*IndexColumn{{Column: "name"}}}}}, nil},
		{"unique constraint", []Change{AddUnique{Table: "users", Unique: &Unique{Name: "uni_users_email", Column: "email"}}},
			[]Precondition{NoDuplicates{Table: "users", Name: "uni_users_email", Columns: []string{"email"}}}},
		{"a unique index and a unique constraint on one column are one check", []Change{
			CreateIndex{Table: "users", Index: uniqueIndex("idx_users_email_u", "", "email")},
			AddUnique{Table: "users", Unique: &Unique{Name: "uni_users_email", Column: "email"}},
		}, []Precondition{NoDuplicates{Table: "users", Name: "idx_users_email_u", Columns: []string{"email"}}}},
		{"a partial index is a check of its own", []Change{
			CreateIndex{Table: "users", Index: uniqueIndex("idx_a", "", "name", "email")},
			CreateIndex{Table: "users", Index: uniqueIndex("idx_b", "", "email", "name")},
			CreateIndex{Table: "users", Index: uniqueIndex("idx_c", "org_id > 0", "email", "name")},
		}, []Precondition{
			NoDuplicates{Table: "users", Name: "idx_a", Columns: []string{"name", "email"}},
			NoDuplicates{Table: "users", Name: "idx_c", Columns: []string{"email", "name"}, Where: "org_id > 0"},
		}},
		{"unique before, as a constraint", []Change{
			DropUnique{Table: "orgs", Unique: &Unique{Name: "uni_orgs_name", Column: "name"}},
			CreateIndex{Table: "orgs", Index: uniqueIndex("idx_orgs_name", "", "name")},
		}, nil},
		{"unique before, as the primary key", []Change{CreateIndex{Table: "users", Index: uniqueIndex("idx_users_id_name", "", "id", "name")}}, nil},
		{"unique before, but narrowed first", []Change{
			AlterColumn{Table: "orgs", From: name64, To: name32},
			CreateIndex{Table: "orgs", Index: uniqueIndex("idx_orgs_name", "", "name")},
		}, []Precondition{
			ValuesFit{Table: "orgs", Column: "name", From: name64, To: name32},
			NoDuplicates{Table: "orgs", Name: "idx_orgs_name", Columns: []string{"name"}},
		}},
		{"an expression index is waived with the reason", []Change{CreateIndex{Table: "users", Index: &Index{Name: "idx_users_lower", Class: "UNIQUE",
			Columns: []*IndexColumn{{Column: "email", Expression: "lower(email)"}, {Column: "name", Length: 10}}}}},
			[]Precondition{NoDuplicates{Table: "users", Name: "idx_users_lower", Columns: []string{"email", "name"},
				Waived: "not checked by migragen: the index compares the expression lower(email) and the first 10 characters of name, not whole column values; duplicates there make its creation fail"}}},
		{"foreign key", []Change{AddForeignKey{Table: "orgs", ForeignKey: &ForeignKey{Name: "fk_orgs_owner", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}},
			[]Precondition{NoOrphans{Table: "orgs", ForeignKey: &ForeignKey{Name: "fk_orgs_owner", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}}},
		{"foreign key over renamed tables and columns", []Change{
			RenameTable{From: "orgs", To: "companies"},
			RenameColumn{Table: "companies", From: "id", To: "cid"},
			RenameColumn{Table: "users", From: "name", To: "company"},
			AddForeignKey{Table: "users", ForeignKey: &ForeignKey{Name: "fk_users_company", Columns: []string{"company"}, RefTable: "companies", RefColumns: []string{"cid"}}},
		}, []Precondition{NoOrphans{Table: "users", ForeignKey: &ForeignKey{Name: "fk_users_company", Columns: []string{"name"}, RefTable: "orgs", RefColumns: []string{"id"}}}}},
		{"a foreign key dropped and added back", []Change{
			DropForeignKey{Table: "users", ForeignKey: usersOrg()},
			AlterColumn{Table: "users", From: col("org_id", Uint), To: col("org_id", Int)},
			AddForeignKey{Table: "users", ForeignKey: usersOrg()},
		}, []Precondition{ValuesFit{Table: "users", Column: "org_id", From: col("org_id", Uint), To: col("org_id", Int)}}},
		{"a foreign key into a new table is waived with the reason", []Change{
			CreateTable{Table: newTable},
			AddForeignKey{Table: "users", ForeignKey: &ForeignKey{Name: "fk_users_team", Columns: []string{"org_id"}, RefTable: "teams", RefColumns: []string{"id"}}},
		}, []Precondition{NoOrphans{Table: "users", ForeignKey: &ForeignKey{Name: "fk_users_team", Columns: []string{"org_id"}, RefTable: "teams", RefColumns: []string{"id"}},
			Waived: "not checked by migragen: this migration creates teams(id), so before it runs every row with a value in (org_id) is an orphan; the foreign key fails on them"}}},
		{"nothing for a table created in the migration", []Change{
			CreateTable{Table: newTable},
			AddColumn{Table: "teams", Column: notNull(sized("nick", 10))},
			AlterColumn{Table: "teams", From: name64, To: notNull(name32)},
			CreateIndex{Table: "teams", Index: uniqueIndex("idx_teams_name", "", "name")},
			AddForeignKey{Table: "teams", ForeignKey: orgsFK("teams", "org_id")},
		}, nil},
		{"a table created under a name renamed away is new", []Change{
			RenameTable{From: "users", To: "people"},
			CreateTable{Table: &Table{Name: "users", Columns: []*Column{sized("name", 64)}}},
			AlterColumn{Table: "users", From: name64, To: name32},
		}, nil},
		{"nothing for a column added in the migration", []Change{
			AddColumn{Table: "users", Column: sized("nick", 64)},
			AlterColumn{Table: "users", From: sized("nick", 64), To: notNull(sized("nick", 10))},
			CreateIndex{Table: "users", Index: uniqueIndex("idx_users_nick_name", "", "name", "nick")},
			AddUnique{Table: "users", Unique: &Unique{Name: "uni_users_nick", Column: "nick"}},
			AddColumn{Table: "users", Column: col("team_id", Uint)},
			AddForeignKey{Table: "users", ForeignKey: orgsFK("users", "team_id")},
		}, nil},
		{"a column dropped and added again is new", []Change{
			DropColumn{Table: "users", Column: email},
			AddColumn{Table: "users", Column: email},
			AddUnique{Table: "users", Unique: &Unique{Name: "uni_users_email", Column: "email"}},
		}, nil},
		{"checks follow the changes' order", []Change{
			AddForeignKey{Table: "orgs", ForeignKey: &ForeignKey{Name: "fk_orgs_owner", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}},
			AddColumn{Table: "orgs", Column: notNull(col("n", Int))},
			AlterColumn{Table: "users", From: name64, To: notNull(name64)},
		}, []Precondition{
			NoOrphans{Table: "orgs", ForeignKey: &ForeignKey{Name: "fk_orgs_owner", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}},
			NoRows{Table: "orgs", Column: "n"},
			NoNulls{Table: "users", Column: "name"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := checksBase()
			orig := before.Clone()
			got := Preconditions(before, tt.changes)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", describeChecks(got), describeChecks(tt.want))
			}
			if d := Differences(before, orig); d != nil {
				t.Errorf("Preconditions changed its input: %v", d)
			}
		})
	}
}

// describeChecks spells out checks with their kinds and every field.
func describeChecks(ps []Precondition) string {
	var lines []string
	for _, p := range ps {
		s := fmt.Sprintf("%T %+v", p, p)
		switch p := p.(type) {
		case ValuesFit:
			s += fmt.Sprintf(" from %+v to %+v", *p.From, *p.To)
		case NoOrphans:
			s += fmt.Sprintf(" %+v", *p.ForeignKey)
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n\t")
}

// TestPreconditionsNameTheSchemaBefore: for random evolutions, in both
// directions, every check that runs names a table and columns of the
// schema before the migration, and no check comes twice.
func TestPreconditionsNameTheSchemaBefore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genSnapshot(t, "a")
		b, hints := mutate(t, a)
		up, err := Diff(a, b, hints)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []struct {
			before  *Snapshot
			changes []Change
		}{{a, up}, {b, Invert(up)}} {
			seen := map[string]bool{}
			for _, p := range Preconditions(dir.before, dir.changes) {
				if seen[p.String()] {
					t.Fatalf("%s twice", p)
				}
				seen[p.String()] = true
				if p.WaivedBecause() != "" {
					continue
				}
				for table, cols := range checkedColumns(p) {
					bt := dir.before.Table(table)
					if bt == nil {
						t.Fatalf("%s: no table %s before the migration\nchanges: %v", p, table, dir.changes)
					}
					for _, c := range cols {
						if bt.Column(c) == nil {
							t.Fatalf("%s: no column %s.%s before the migration\nchanges: %v", p, table, c, dir.changes)
						}
					}
				}
			}
		}
	})
}

// checkedColumns lists, per table, the columns a check reads.
func checkedColumns(p Precondition) map[string][]string {
	switch p := p.(type) {
	case ValuesFit:
		return map[string][]string{p.Table: {p.Column}}
	case NoDuplicates:
		return map[string][]string{p.Table: p.Columns}
	case NoNulls:
		return map[string][]string{p.Table: {p.Column}}
	case NoRows:
		return map[string][]string{p.Table: nil}
	case NoOrphans:
		m := map[string][]string{p.Table: p.ForeignKey.Columns}
		m[p.ForeignKey.RefTable] = append(m[p.ForeignKey.RefTable], p.ForeignKey.RefColumns...)
		return m
	}
	panic(fmt.Sprintf("unknown precondition %T", p))
}

// TestPreconditionsBoundedTypes: a change that removes a limit or gives an
// unsized string a length somewhere may bound the column on some engine,
// so it is checked; a plain widening is not.
func TestPreconditionsBoundedTypes(t *testing.T) {
	str := func(size int, index bool) *Column {
		return &Column{Name: "email", DataType: String, GORMDataType: String, Size: size, IndexTag: index}
	}
	dec := func(precision, scale int) *Column {
		return &Column{Name: "email", DataType: Float, GORMDataType: Float, Precision: precision, Scale: scale}
	}
	for _, c := range []struct {
		name     string
		from, to *Column
		checked  bool
	}{
		{"size removed from an indexed string (MySQL varchar(300) -> varchar(191))", str(300, true), str(0, true), true},
		{"index given to an unsized string (MySQL longtext -> varchar(191))", str(0, false), str(0, true), true},
		{"precision removed (MySQL decimal(20,0) -> double)", dec(20, 0), dec(0, 0), true},
		{"size raised", str(64, false), str(128, false), false},
		{"precision raised, scale kept", dec(10, 2), dec(12, 2), false},
		{"index taken from an unsized string (varchar(191) -> longtext)", str(0, true), str(0, false), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := New(Settings{})
			before.Tables = []*Table{{Name: "users", Columns: []*Column{c.from}}}
			got := Preconditions(before, []Change{AlterColumn{Table: "users", From: c.from, To: c.to}})
			if checked := len(got) == 1; checked != c.checked {
				t.Errorf("checks %v, want a ValuesFit: %v", got, c.checked)
			}
		})
	}
}
