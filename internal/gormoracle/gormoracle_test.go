package gormoracle

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/migrator"
	gormschema "gorm.io/gorm/schema"
	"gorm.io/gorm/utils/tests"

	"github.com/migragen/migragen/schema"
)

func mustSnapshot(t *testing.T, models []any, opts Options) *schema.Snapshot {
	t.Helper()
	s, err := Snapshot(models, opts)
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("GORM's snapshot does not validate: %v", err)
	}
	return s
}

func tableNames(s *schema.Snapshot) []string {
	var names []string
	for _, t := range s.Tables {
		names = append(names, t.Name)
	}
	return names
}

func fkNames(t *schema.Table) []string {
	var names []string
	for _, fk := range t.ForeignKeys {
		names = append(names, fk.Name)
	}
	return names
}

func TestModelSet(t *testing.T) {
	const pkg = "gorm.io/gorm/utils/tests."
	for _, tc := range []struct {
		name   string
		models []any
		opts   Options
		tables []string
	}{
		{
			name:   "all GORM test models",
			models: gormTestModels(),
			tables: []string{"accounts", "children", "companies", "coupon_products", "coupons", "languages", "orders", "parents", "pets", "tools", "toys", "user_friends", "user_speaks", "users"},
		},
		{
			// AutoMigrate adds belongs-to targets (companies, through the
			// constraint) and many2many targets and join tables, but not the
			// tables of has-one and has-many relations.
			name:   "User alone",
			models: []any{&tests.User{}},
			tables: []string{"companies", "languages", "user_friends", "user_speaks", "users"},
		},
		{
			// ReorderModels adds targets whether or not the constraints
			// are created.
			name:   "User alone without constraints",
			models: []any{&tests.User{}},
			opts:   Options{DisableForeignKeyConstraints: true},
			tables: []string{"companies", "languages", "user_friends", "user_speaks", "users"},
		},
		{
			// Order belongs to Coupon.
			name:   "Order",
			models: []any{tests.Order{}},
			tables: []string{"coupons", "orders"},
		},
		{
			name:   "Pet alone",
			models: []any{&tests.Pet{}},
			tables: []string{"pets"},
		},
		{
			name:   "naming",
			models: []any{&tests.Order{}},
			opts:   Options{Naming: schema.Naming{TablePrefix: "app_", SingularTable: true}},
			tables: []string{"app_coupon", "app_order"},
		},
		{
			name:   "no lower case",
			models: []any{&tests.Order{}},
			opts:   Options{Naming: schema.Naming{NoLowerCase: true}},
			tables: []string{"Coupons", "Orders"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSnapshot(t, tc.models, tc.opts)
			if got := tableNames(s); !slices.Equal(got, tc.tables) {
				t.Errorf("tables: got %v, want %v", got, tc.tables)
			}
			for _, tb := range s.Tables {
				if tb.JoinTable != (tb.Model == "") {
					t.Errorf("table %s: joinTable %v but model %q", tb.Name, tb.JoinTable, tb.Model)
				}
				if tc.opts.DisableForeignKeyConstraints && len(tb.ForeignKeys) > 0 {
					t.Errorf("table %s: foreign keys %v although constraints are disabled", tb.Name, fkNames(tb))
				}
			}
			want := schema.Settings{Naming: tc.opts.Naming, DisableForeignKeyConstraints: tc.opts.DisableForeignKeyConstraints}
			if s.Format != schema.FormatVersion || s.GORM != schema.SupportedGORM || !equalSettings(s.Settings, want) {
				t.Errorf("header: got %d %q %+v", s.Format, s.GORM, s.Settings)
			}
		})
	}
}

func equalSettings(a, b schema.Settings) bool {
	return a.Naming == b.Naming && a.DisableForeignKeyConstraints == b.DisableForeignKeyConstraints &&
		a.TableOptions == b.TableOptions && slices.Equal(a.JoinTables, b.JoinTables)
}

// TestGORMTestModels pins what GORM makes of its own test models, including
// the behaviour a static reimplementation is most likely to miss.
func TestGORMTestModels(t *testing.T) {
	s := mustSnapshot(t, gormTestModels(), Options{})

	users := s.Table("users")
	if got, want := columnNames(users), []string{"id", "created_at", "updated_at", "deleted_at", "name", "age", "birthday", "company_id", "manager_id", "active"}; !slices.Equal(got, want) {
		t.Errorf("users columns: got %v, want %v", got, want)
	}
	if c := users.Column("id"); c.Field != "Model.ID" || !c.PrimaryKey || !c.AutoIncrement || !c.HasDefault || c.DataType != "uint" || c.Size != 64 {
		t.Errorf("users.id: %+v", c)
	}
	if c := users.Column("deleted_at"); c.DataType != "time" || !c.IndexTag {
		t.Errorf("users.deleted_at: %+v", c)
	}
	if ix := users.Indexes; len(ix) != 1 || ix[0].Name != "idx_users_deleted_at" || !ix[0].Derived {
		t.Errorf("users indexes: %+v", ix)
	}

	// A polymorphic relation rewrites the type of its ID field to the
	// owner's primary key type: Toy.OwnerID is a string in Go.
	if c := s.Table("toys").Column("owner_id"); c.DataType != "uint" || c.Size != 64 {
		t.Errorf("toys.owner_id: %+v", c)
	}
	// A belongs-to key takes the referenced key's type too:
	// Account.UserID is an sql.NullInt64.
	if c := s.Table("accounts").Column("user_id"); c.DataType != "uint" {
		t.Errorf("accounts.user_id: %+v", c)
	}

	for _, tc := range []struct {
		table string
		fks   []string
	}{
		{"users", []string{"fk_users_company", "fk_users_team"}},
		{"accounts", []string{"fk_users_account"}},
		{"pets", []string{"fk_users_named_pet", "fk_users_pets"}},
		{"toys", nil}, // polymorphic relations get no constraint
		{"user_speaks", []string{"fk_user_speaks_language", "fk_user_speaks_user"}},
		{"user_friends", []string{"fk_user_friends_friends", "fk_user_friends_user"}},
		{"coupon_products", []string{"fk_coupons_applies_to_product"}},
		{"orders", []string{"fk_orders_coupon"}},
		// Parent.FavChild resolves to Child.ParentID (has one), not to
		// Parent.FavChildID.
		{"children", []string{"fk_parents_children", "fk_parents_fav_child"}},
		{"parents", nil},
	} {
		tb := s.Table(tc.table)
		if tb == nil {
			t.Errorf("table %s missing", tc.table)
			continue
		}
		if got := fkNames(tb); !slices.Equal(got, tc.fks) {
			t.Errorf("table %s foreign keys: got %v, want %v", tc.table, got, tc.fks)
		}
		for _, fk := range tb.ForeignKeys {
			if !fk.Derived {
				t.Errorf("table %s: foreign key %s not derived", tc.table, fk.Name)
			}
		}
	}
	if fk := s.Table("coupon_products").ForeignKeys[0]; fk.OnDelete != "CASCADE" || fk.RefTable != "coupons" ||
		!slices.Equal(fk.Columns, []string{"coupon_id"}) || !slices.Equal(fk.RefColumns, []string{"id"}) {
		t.Errorf("coupon_products foreign key: %+v", fk)
	}

	speaks := s.Table("user_speaks")
	if !speaks.JoinTable || speaks.Model != "" {
		t.Errorf("user_speaks: joinTable %v, model %q", speaks.JoinTable, speaks.Model)
	}
	if c := speaks.Column("language_code"); c == nil || !c.PrimaryKey || c.DataType != "string" {
		t.Errorf("user_speaks.language_code: %+v", c)
	}
}

func columnNames(t *schema.Table) []string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return names
}

func TestDerived(t *testing.T) {
	s := mustSnapshot(t, []any{&Named{}}, Options{})
	tb := s.Table("nameds")
	derived := map[string]bool{}
	for _, ix := range tb.Indexes {
		derived["index "+ix.Name] = ix.Derived
	}
	for _, c := range tb.Checks {
		derived["check "+c.Name] = c.Derived
	}
	for _, fk := range tb.ForeignKeys {
		derived["fk "+fk.Name] = fk.Derived
	}
	want := map[string]bool{
		"index idx_ab":        false,
		"index idx_nameds_a":  true,
		"index idx_nameds_cx": true, // composite:
		"index idx_nameds_e":  true,
		"index idx_nameds_f":  true,
		"check chk_nameds_c":  true,
		"check chk_nameds_g":  true, // check:,expr
		"check d_nonempty":    false,
		"fk fk_named_other":   false,
		"fk fk_nameds_owner":  true,
		"fk fk_nameds_third":  true, // constraint: without a name
	}
	if !maps.Equal(derived, want) {
		t.Errorf("derived: got %v, want %v", derived, want)
	}
	if ix := tb.Indexes[0]; ix.Name != "idx_ab" || len(ix.Columns) != 2 || ix.Columns[0].Column != "b" ||
		ix.Columns[0].Sort != "desc" || ix.Columns[0].Length != 10 || ix.Columns[1].Column != "a" {
		t.Errorf("idx_ab, ordered by priority: %+v %+v", ix.Columns[0], ix.Columns[1])
	}
	if tb.Column("ignored") != nil {
		t.Error("a -:migration field has a column")
	}
	if tb.Column("read_only") == nil {
		t.Error("a read-only field has no column")
	}
}

// gormNames returns, per table, the index, unique, check and foreign-key
// names GORM itself produces under namer, read straight from GORM.
func gormNames(t *testing.T, models []any, namer gormschema.NamingStrategy) map[string][]string {
	t.Helper()
	db, err := gorm.Open(sqlite.Open(":memory:"), &gorm.Config{NamingStrategy: namer, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	m := migrator.Migrator{Config: migrator.Config{DB: db, Dialector: db.Dialector}}
	names := map[string][]string{}
	for _, v := range m.ReorderModels(models, true) {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(v); err != nil {
			t.Fatal(err)
		}
		s := stmt.Schema
		var n []string
		for _, ix := range s.ParseIndexes() {
			n = append(n, ix.Name)
		}
		for name := range s.ParseUniqueConstraints() {
			n = append(n, name)
		}
		for name := range s.ParseCheckConstraints() {
			n = append(n, name)
		}
		for _, rel := range s.Relationships.Relations {
			if c := rel.ParseConstraint(); c != nil && c.Schema == s {
				n = append(n, c.Name)
			}
		}
		slices.Sort(n)
		names[s.Table] = n
	}
	return names
}

// TestShortName shows that the full names the snapshot keeps, shortened by
// schema.ShortName, are the names GORM uses under a real identifier limit.
func TestShortName(t *testing.T) {
	models := []any{&LongModel{}, &Named{}}
	s := mustSnapshot(t, models, Options{})

	long := s.Table("an_extraordinarily_long_model_table_name_for_limits")
	var overLimit, explicitOverLimit int
	for _, n := range snapshotNames(long) {
		if len(n.name) > 64 {
			if n.derived {
				overLimit++
			} else {
				explicitOverLimit++
			}
		}
	}
	if overLimit < 5 || explicitOverLimit < 3 {
		t.Fatalf("the test model has %d derived and %d user-written names over 64 characters; it should exercise every kind", overLimit, explicitOverLimit)
	}

	for _, limit := range []int{63, 64} {
		want := gormNames(t, models, gormschema.NamingStrategy{IdentifierMaxLength: limit})
		for _, tb := range s.Tables {
			var got []string
			for _, n := range snapshotNames(tb) {
				got = append(got, schema.ShortName(n.name, n.derived, limit))
			}
			slices.Sort(got)
			if !slices.Equal(got, want[tb.Name]) {
				t.Errorf("limit %d, table %s:\n got %v\nwant %v", limit, tb.Name, got, want[tb.Name])
			}
		}
	}
}

type snapshotName struct {
	name    string
	derived bool
}

func snapshotNames(t *schema.Table) []snapshotName {
	var names []snapshotName
	for _, x := range t.Indexes {
		names = append(names, snapshotName{x.Name, x.Derived})
	}
	for _, x := range t.Uniques {
		names = append(names, snapshotName{x.Name, x.Derived})
	}
	for _, x := range t.Checks {
		names = append(names, snapshotName{x.Name, x.Derived})
	}
	for _, x := range t.ForeignKeys {
		names = append(names, snapshotName{x.Name, x.Derived})
	}
	return names
}

// TestDeterministic parses the same models many times, concurrently, and
// requires byte-identical snapshots although GORM's own order of indexes
// and constraints is map order.
func TestDeterministic(t *testing.T) {
	first, err := schema.Encode(mustSnapshot(t, fidelityModels(), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Snapshot(fidelityModels(), Options{})
			if err != nil {
				t.Error(err)
				return
			}
			b, err := schema.Encode(s)
			if err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(b, first) {
				t.Error("snapshots of the same models differ")
			}
		}()
	}
	wg.Wait()
}

// UserLanguage is a custom join table for tests.User.Languages.
type UserLanguage struct {
	UserID       uint   `gorm:"primaryKey"`
	LanguageCode string `gorm:"primaryKey;size:8"`
	Level        int
}

func TestSetupJoinTable(t *testing.T) {
	opts := Options{
		TableOptions: "ENGINE=InnoDB",
		JoinTables:   []JoinTable{{Model: &tests.User{}, Field: "Languages", JoinModel: &UserLanguage{}}},
	}
	s := mustSnapshot(t, []any{&tests.User{}}, opts)
	if got, want := tableNames(s), []string{"companies", "languages", "user_friends", "user_languages", "users"}; !slices.Equal(got, want) {
		t.Errorf("tables: got %v, want %v", got, want)
	}
	jt := s.Table("user_languages")
	if jt.JoinTable || jt.Model != "github.com/migragen/migragen/internal/gormoracle.UserLanguage" {
		t.Errorf("user_languages: joinTable %v, model %q", jt.JoinTable, jt.Model)
	}
	if got, want := columnNames(jt), []string{"user_id", "language_code", "level"}; !slices.Equal(got, want) {
		t.Errorf("user_languages columns: got %v, want %v", got, want)
	}
	want := schema.Settings{
		TableOptions: "ENGINE=InnoDB",
		JoinTables: []schema.JoinTableSetting{{
			Model: "gorm.io/gorm/utils/tests.User", Field: "Languages",
			JoinModel: "github.com/migragen/migragen/internal/gormoracle.UserLanguage",
		}},
	}
	if !equalSettings(s.Settings, want) {
		t.Errorf("settings: got %+v, want %+v", s.Settings, want)
	}

	_, err := Snapshot([]any{&tests.User{}}, Options{JoinTables: []JoinTable{{Model: &tests.User{}, Field: "Pets", JoinModel: &UserLanguage{}}}})
	if err == nil || !strings.Contains(err.Error(), "SetupJoinTable") {
		t.Errorf("SetupJoinTable on a has-many relation: got %v", err)
	}
}

type BadForeignKey struct {
	ID      uint
	Owner   Owner `gorm:"foreignKey:NoSuchField"`
	OwnerID uint
}

type PanickingTable struct {
	ID uint
}

func (PanickingTable) TableName() string { panic("boom") }

type EmbeddedComment struct {
	ID   uint
	Home Address `gorm:"embedded;comment:home address"`
}

type EmptyComment struct {
	ID   uint
	Name string `gorm:"comment:"`
}

type ShadowedKey struct {
	Inner
	ID uint `gorm:"primaryKey"`
	X  uint `gorm:"primaryKey"`
}

type Inner struct {
	X uint `gorm:"primaryKey"`
}

// TestEmbeddingComment shows how a comment: tag on an embedding field is
// recorded: MySQL and SQL Server read it from the inner fields' settings,
// while their Comment stays empty.
func TestEmbeddingComment(t *testing.T) {
	s, err := Snapshot([]any{&EmbeddedComment{}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Table("embedded_comments").Column("city")
	if c == nil || c.Comment != "" || c.TagComment != "home address" {
		t.Fatalf("city = %+v; want no Comment and TagComment %q", c, "home address")
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name          string
		models        []any
		want          string
		unrepresented bool
	}{
		{name: "bad foreign key", models: []any{&BadForeignKey{}}, want: "invalid field found"},
		{name: "not a struct", models: []any{42}, want: "unsupported data type"},
		{name: "table name", models: []any{"users"}, want: "table names are not models"},
		{name: "panic in user code", models: []any{&PanickingTable{}}, want: "panicked: boom"},
		{name: "primary key order", models: []any{&ShadowedKey{}}, want: "primary key", unrepresented: true},
		{name: "empty comment", models: []any{&EmptyComment{}}, want: "comment", unrepresented: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Snapshot(tc.models, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, %v; want an error containing %q", s, err, tc.want)
			}
			if got := errors.Is(err, ErrUnrepresentable); got != tc.unrepresented {
				t.Errorf("errors.Is(err, ErrUnrepresentable) = %v: %v", got, err)
			}
		})
	}
}
