package sqlserver

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/gormoracle"
	"github.com/migragen/migragen/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// The golden tests' models. Company's key is a small integer so that a
// change can widen it.
type Company struct {
	ID   int16
	Name string `gorm:"size:100;uniqueIndex"`
}

type User struct {
	ID        uint
	Name      string `gorm:"size:64;not null;default:'anon';comment:display name"`
	Email     string `gorm:"size:120;index"`
	Age       int    `gorm:"default:0;check:age >= 0"`
	Code      string `gorm:"size:10;unique"`
	CompanyID int16
	Company   Company
	ManagerID *uint
	Manager   *User
}

// Order lives in another schema, which GORM reads from a qualified name.
type Order struct {
	ID   uint
	Note string `gorm:"comment:free text"`
}

func (Order) TableName() string { return "sales.orders" }

// alterCase is one change compiled into testdata/<name>.golden.
type alterCase struct {
	name string
	// gorm says which part of GORM's migrators the statements follow
	// (gorm.io/driver/sqlserver@v1.6.3/migrator.go, "sqlserver", or
	// gorm.io/gorm@v1.31.2/migrator/migrator.go, "base") and where and why
	// they depart from it. It is written into the golden file.
	gorm   string
	change func(s *schema.Snapshot) schema.Change
}

func alterCases() []alterCase {
	col := func(s *schema.Snapshot, table, name string) *schema.Column {
		return s.Table(table).Column(name).Clone()
	}
	alter := func(table, name string, edit func(*schema.Column)) func(s *schema.Snapshot) schema.Change {
		return func(s *schema.Snapshot) schema.Change {
			from := col(s, table, name)
			to := from.Clone()
			edit(to)
			return schema.AlterColumn{Table: table, From: from, To: to}
		}
	}
	index := func(s *schema.Snapshot, table, name string) *schema.Index {
		for _, ix := range s.Table(table).Indexes {
			if ix.Name == name {
				return ix
			}
		}
		panic("no index " + name)
	}
	return []alterCase{
		{"create_table_qualified",
			"sqlserver CreateTable: base CreateTable, then setColumnComment with sp_addextendedproperty for each field with a comment: tag. " +
				"GORM passes the schema part of a qualified name as the schema and the whole name as the table, which names no table; the table here is the last part.",
			func(s *schema.Snapshot) schema.Change { return schema.CreateTable{Table: s.Table("sales.orders")} }},
		{"drop_table",
			"sqlserver DropTable: \"DROP TABLE IF EXISTS ?\" after dropping the foreign keys that reference the table. " +
				"The diff drops those as changes of their own, so the snapshot records it; IF EXISTS is left out so that a missing table fails the migration.",
			func(s *schema.Snapshot) schema.Change { return schema.DropTable{Table: s.Table("companies")} }},
		{"rename_table",
			"sqlserver RenameTable: \"sp_rename @objname = ?, @newname = ?;\" with both names as quoted tables. " +
				"EXEC is added so that the call need not be first in its batch; the runner adds the terminator.",
			func(*schema.Snapshot) schema.Change { return schema.RenameTable{From: "users", To: "members"} }},
		{"rename_table_qualified",
			"sqlserver RenameTable, for a qualified name: sp_rename takes a multi-part object name as a string and the new name bare; " +
				"GORM would quote both as multi-part identifiers, which sp_rename rejects.",
			func(*schema.Snapshot) schema.Change {
				return schema.RenameTable{From: "sales.orders", To: "sales.purchases"}
			}},
		{"add_column",
			"sqlserver AddColumn: base AddColumn \"ALTER TABLE ? ADD ? ?\" with FullDataTypeOf, then setColumnComment (sp_addextendedproperty) for a comment: tag.",
			func(s *schema.Snapshot) schema.Change {
				c := col(s, "users", "name")
				c.Name, c.Field, c.Default, c.Comment = "nickname", "Nickname", "it's me", "what friends say"
				return schema.AddColumn{Table: "users", Column: c}
			}},
		{"drop_column",
			"base DropColumn \"ALTER TABLE ? DROP COLUMN ?\". SQL Server refuses to drop a column while a default constraint uses it; " +
				"GORM's inline DEFAULT made one with a server-chosen name, so it is found by column and dropped first.",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropColumn{Table: "users", Column: col(s, "users", "name")}
			}},
		{"drop_column_without_default",
			"base DropColumn \"ALTER TABLE ? DROP COLUMN ?\", unchanged.",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropColumn{Table: "users", Column: col(s, "users", "manager_id")}
			}},
		{"rename_column",
			"sqlserver RenameColumn: \"sp_rename @objname = ?, @newname = ?, @objtype = 'COLUMN';\" with \"table.old\" as a string and the new name quoted. " +
				"EXEC is added, and the string is written as N'...' as go-mssqldb binds it.",
			func(*schema.Snapshot) schema.Change {
				return schema.RenameColumn{Table: "users", From: "email", To: "mail"}
			}},
		{"alter_column_size",
			"sqlserver AlterColumn: \"ALTER TABLE ? ALTER COLUMN ? ?\" with DataTypeOf and NULL or NOT NULL. " +
				"GORM ignores defaults there. SQL Server refuses to change the data type of a column a default constraint is bound to " +
				"(a length alone may change), so before any ALTER COLUMN the default is dropped by column, and it is added again with ADD DEFAULT ... FOR.",
			alter("users", "name", func(c *schema.Column) { c.Size = 128 })},
		{"alter_column_not_null_backfill",
			"sqlserver AlterColumn, as above. Existing NULLs are set to the new default first (DESIGN decision 5); " +
				"the index on the column is dropped and created again (CreateIndex's form), since SQL Server refuses ALTER COLUMN under an index.",
			alter("users", "email", func(c *schema.Column) {
				c.NotNull, c.HasDefault, c.Default, c.DefaultKind = true, true, "none", schema.String
			})},
		{"alter_column_default",
			"No GORM form: GORM's AlterColumn cannot change a default, so AutoMigrate never does. " +
				"The old default constraint is dropped by column and the new default added unnamed, as an inline DEFAULT would be.",
			alter("users", "age", func(c *schema.Column) { c.Default = "18" })},
		{"alter_column_drop_default",
			"No GORM form, as above: the default constraint is dropped by column.",
			alter("users", "age", func(c *schema.Column) { c.HasDefault, c.Default, c.DefaultKind = false, "", "" })},
		{"alter_column_with_unique",
			"sqlserver AlterColumn, with the unique constraint on the column dropped and added again (base DropConstraint and CreateConstraint forms).",
			alter("users", "code", func(c *schema.Column) { c.Size = 20 })},
		{"alter_column_check",
			"sqlserver AlterColumn, with the check on the column dropped and added again (base DropConstraint and CreateConstraint forms), and its default as in alter_column_size.",
			alter("users", "age", func(c *schema.Column) { c.Size = 16 })},
		{"alter_column_referenced_key",
			"sqlserver AlterColumn on a primary key that a foreign key references: the foreign key and the primary key " +
				"(unnamed in GORM's CREATE TABLE, so found in sys.key_constraints) are dropped and added again; IDENTITY stays with the column, so the type is written without it, " +
				"and a key column is NOT NULL where GORM would write NULL.",
			alter("companies", "id", func(c *schema.Column) { c.Size = 64 })},
		{"alter_column_self_referenced_key",
			"As above, for a key that the table's own foreign key references.",
			alter("users", "id", func(c *schema.Column) { c.Size = 16 })},
		{"alter_column_identity",
			"sqlserver AlterColumn would write IDENTITY(1,1) into ALTER COLUMN, which SQL Server rejects; the change is refused.",
			alter("companies", "id", func(c *schema.Column) { c.AutoIncrement = false })},
		{"alter_column_comment",
			"sqlserver MigrateColumn: setColumnComment with sp_updateextendedproperty when the column has a description.",
			alter("users", "name", func(c *schema.Column) { c.Comment = "shown name; it's public" })},
		{"alter_column_add_comment",
			"sqlserver MigrateColumn: setColumnComment with sp_addextendedproperty when the column has none.",
			alter("users", "email", func(c *schema.Column) { c.Comment = "where we write" })},
		{"alter_column_drop_comment",
			"No GORM form: MigrateColumn sets an emptied comment to ''; the description is dropped with sp_dropextendedproperty.",
			alter("users", "name", func(c *schema.Column) { c.Comment = "" })},
		{"create_index",
			"sqlserver CreateIndex: \"CREATE [class ]INDEX ? ON ??\" with base BuildIndexOptions, then WHERE, then the option; no USING or COMMENT.",
			func(*schema.Snapshot) schema.Change {
				return schema.CreateIndex{Table: "users", Index: &schema.Index{
					Name: "idx_users_age_name", Where: "age > 0", Option: "WITH (ONLINE = ON)", Type: "btree", Comment: "ignored by SQL Server",
					Columns: []*schema.IndexColumn{{Column: "age", Sort: "DESC"}, {Column: "name", Collate: "Latin1_General_CI_AS"}},
				}}
			}},
		{"create_unique_index_long_name",
			"sqlserver CreateIndex with class UNIQUE; GORM shortens a name it derived beyond the naming strategy's 64 characters with a hash (schema.ShortName).",
			func(*schema.Snapshot) schema.Change {
				return schema.CreateIndex{Table: "users", Index: &schema.Index{
					Name: "idx_users_a_composite_index_whose_derived_name_runs_past_sixty_four_characters", Derived: true, Class: "UNIQUE",
					Columns: []*schema.IndexColumn{{Column: "name"}, {Column: "email"}},
				}}
			}},
		{"drop_index",
			"base DropIndex \"DROP INDEX ? ON ?\", which is T-SQL; the sqlserver migrator keeps it.",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropIndex{Table: "users", Index: index(s, "users", "idx_users_email")}
			}},
		{"rename_index",
			"sqlserver RenameIndex: \"sp_rename @objname = ?, @newname = ?, @objtype = 'INDEX';\" with \"table.old\" as a string and the new name quoted; EXEC added, N'...' as bound.",
			func(*schema.Snapshot) schema.Change {
				return schema.RenameIndex{Table: "users", From: "idx_users_email", To: "idx_users_mail"}
			}},
		{"rename_constraint",
			"GORM has no constraint rename; sp_rename with @objtype 'OBJECT' renames a constraint, as RenameIndex does an index, the old name as an N'...' string.",
			func(s *schema.Snapshot) schema.Change {
				return schema.RenameConstraint{Table: "users", Kind: schema.ConstraintUnique, From: s.Table("users").Uniques[0].Name, To: "uni_users_mail"}
			}},
		{"add_unique",
			"base CreateConstraint: \"ALTER TABLE ? ADD \" + UniqueConstraint.Build \"CONSTRAINT ? UNIQUE (?)\".",
			func(*schema.Snapshot) schema.Change {
				return schema.AddUnique{Table: "users", Unique: &schema.Unique{Name: "uni_users_email", Derived: true, Column: "email"}}
			}},
		{"drop_unique",
			"base DropConstraint: \"ALTER TABLE ? DROP CONSTRAINT ?\".",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropUnique{Table: "users", Unique: s.Table("users").Uniques[0]}
			}},
		{"add_check",
			"base CreateConstraint: \"ALTER TABLE ? ADD \" + CheckConstraint.Build \"CONSTRAINT ? CHECK (?)\", the expression verbatim.",
			func(*schema.Snapshot) schema.Change {
				return schema.AddCheck{Table: "users", Check: &schema.Check{Name: "chk_users_name", Derived: true, Expr: "name <> ''", Column: "name"}}
			}},
		{"drop_check",
			"base DropConstraint: \"ALTER TABLE ? DROP CONSTRAINT ?\".",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropCheck{Table: "users", Check: s.Table("users").Checks[0]}
			}},
		{"add_foreign_key",
			"base CreateConstraint: \"ALTER TABLE ? ADD \" + Constraint.Build \"CONSTRAINT ? FOREIGN KEY ? REFERENCES ??\" with ON DELETE and ON UPDATE.",
			func(*schema.Snapshot) schema.Change {
				return schema.AddForeignKey{Table: "users", ForeignKey: &schema.ForeignKey{
					Name: "fk_users_company", Derived: true, Columns: []string{"company_id"}, RefTable: "companies", RefColumns: []string{"id"},
					OnDelete: "SET NULL", OnUpdate: "CASCADE",
				}}
			}},
		{"drop_foreign_key",
			"base DropConstraint: \"ALTER TABLE ? DROP CONSTRAINT ?\".",
			func(s *schema.Snapshot) schema.Change {
				return schema.DropForeignKey{Table: "users", ForeignKey: s.Table("users").ForeignKeys[0]}
			}},
	}
}

// TestAlterGolden compiles one change of each kind and compares the
// statements with testdata/<case>.golden; -update rewrites the files. Each
// file says where in GORM's migrators its statements come from.
func TestAlterGolden(t *testing.T) {
	before, err := gormoracle.Snapshot([]any{&User{}, &Company{}, &Order{}}, gormoracle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &dialect.Context{DB: dryRunDB(t, gormoracle.Options{}), Before: before}
	for _, c := range alterCases() {
		t.Run(c.name, func(t *testing.T) {
			change := c.change(before.Clone())
			var got strings.Builder
			got.WriteString("-- " + change.String() + "\n")
			for _, line := range wrap(c.gorm, 76) {
				got.WriteString("-- " + line + "\n")
			}
			stmts, err := Dialect{}.Compile(ctx, change)
			if err != nil {
				got.WriteString("error: " + err.Error() + "\n")
			}
			for _, s := range stmts {
				got.WriteString(s + ";\n")
			}
			checkGolden(t, c.name, got.String())
		})
	}
}

// checkGolden compares got with testdata/name.golden, or writes it there
// with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs; run go test -update and review the diff\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
