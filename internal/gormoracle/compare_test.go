package gormoracle

import (
	"encoding/json"
	"slices"
	"testing"

	"gorm.io/gorm/utils/tests"

	"github.com/migragen/migragen/schema"
)

// clone deep-copies a snapshot through its file encoding.
func clone(t *testing.T, s *schema.Snapshot) *schema.Snapshot {
	t.Helper()
	b, err := schema.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := schema.Decode("clone.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCompare(t *testing.T) {
	base := mustSnapshot(t, append(gormTestModels(), &Named{}, &Kitchen{}), Options{})
	for _, tc := range []struct {
		name   string
		mutate func(s *schema.Snapshot)
		want   []string
	}{
		{name: "equal", mutate: func(*schema.Snapshot) {}},
		{
			name: "nil and empty are equal",
			mutate: func(s *schema.Snapshot) {
				s.Table("companies").Indexes = []*schema.Index{}
				s.Table("users").Column("name").DBTypes = map[string]string{}
			},
		},
		{
			name: "order of tables, indexes and constraints does not matter",
			mutate: func(s *schema.Snapshot) {
				slices.Reverse(s.Tables)
				tb := s.Table("nameds")
				slices.Reverse(tb.Indexes)
				slices.Reverse(tb.Checks)
				slices.Reverse(tb.ForeignKeys)
			},
		},
		{
			name:   "column field",
			mutate: func(s *schema.Snapshot) { s.Table("users").Column("name").Size = 100 },
			want:   []string{"table users: column name: size: want 0, got 100"},
		},
		{
			name: "several column fields",
			mutate: func(s *schema.Snapshot) {
				c := s.Table("kitchens").Column("label")
				c.Default, c.DefaultKind, c.NotNull = "'none'", "", false
			},
			want: []string{
				`table kitchens: column label: notNull: want true, got false`,
				`table kitchens: column label: default: want "none", got "'none'"`,
				`table kitchens: column label: defaultKind: want "string", got ""`,
			},
		},
		{
			name:   "db types",
			mutate: func(s *schema.Snapshot) { delete(s.Table("kitchens").Column("json").DBTypes, "sqlite") },
			want:   []string{`table kitchens: column json: dbTypes: want map["mysql":"JSON" "postgres":"JSONB" "sqlite":"JSON"], got map["mysql":"JSON" "postgres":"JSONB"]`},
		},
		{
			name: "missing and unexpected columns",
			mutate: func(s *schema.Snapshot) {
				tb := s.Table("companies")
				tb.Columns[1] = &schema.Column{Name: "title", DataType: "string"}
			},
			want: []string{"table companies: column name missing", "table companies: unexpected column title"},
		},
		{
			name: "column order",
			mutate: func(s *schema.Snapshot) {
				cs := s.Table("companies").Columns
				cs[0], cs[1] = cs[1], cs[0]
			},
			want: []string{"table companies: column order: want [id name], got [name id]"},
		},
		{
			name: "missing table",
			mutate: func(s *schema.Snapshot) {
				s.Tables = slices.DeleteFunc(s.Tables, func(t *schema.Table) bool { return t.Name == "toys" })
			},
			want: []string{"table toys missing"},
		},
		{
			name: "unexpected table and join flag",
			mutate: func(s *schema.Snapshot) {
				s.Tables = append(s.Tables, &schema.Table{Name: "extras"})
				s.Table("user_speaks").JoinTable = false
			},
			want: []string{"unexpected table extras", "table user_speaks: joinTable: want true, got false"},
		},
		{
			name:   "missing index",
			mutate: func(s *schema.Snapshot) { s.Table("users").Indexes = nil },
			want:   []string{"table users: index idx_users_deleted_at missing"},
		},
		{
			name: "index fields and columns",
			mutate: func(s *schema.Snapshot) {
				tb := s.Table("nameds")
				for _, ix := range tb.Indexes {
					switch ix.Name {
					case "idx_ab":
						ix.Derived = true
						ix.Columns[0].Sort = ""
					case "idx_nameds_cx":
						ix.Columns[0], ix.Columns[1] = ix.Columns[1], ix.Columns[0]
					}
				}
			},
			want: []string{
				"table nameds: index idx_ab: derived: want false, got true",
				`table nameds: index idx_ab: column 1 (b): sort: want "desc", got ""`,
				"table nameds: index idx_nameds_cx: columns: want [c d], got [d c]",
			},
		},
		{
			name: "unexpected foreign key",
			mutate: func(s *schema.Snapshot) {
				s.Table("pets").ForeignKeys = append(s.Table("pets").ForeignKeys, &schema.ForeignKey{Name: "fk_pets_owner"})
			},
			want: []string{"table pets: unexpected foreign key fk_pets_owner"},
		},
		{
			name: "foreign key fields",
			mutate: func(s *schema.Snapshot) {
				fk := s.Table("coupon_products").ForeignKeys[0]
				fk.OnDelete, fk.RefColumns = "", []string{"code"}
			},
			want: []string{
				`table coupon_products: foreign key fk_coupons_applies_to_product: refColumns: want ["id"], got ["code"]`,
				`table coupon_products: foreign key fk_coupons_applies_to_product: onDelete: want "CASCADE", got ""`,
			},
		},
		{
			name: "uniques and checks",
			mutate: func(s *schema.Snapshot) {
				s.Table("kitchens").Uniques[0].Derived = false
				s.Table("nameds").Checks[0].Expr = "c != ''"
			},
			want: []string{
				`table kitchens: unique constraint uni_kitchens_handle: derived: want true, got false`,
				`table nameds: check constraint chk_nameds_c: expr: want "c <> ''", got "c != ''"`,
			},
		},
		{
			name: "settings",
			mutate: func(s *schema.Snapshot) {
				s.Settings.Naming.TablePrefix = "x_"
				s.Settings.TableOptions = "ENGINE=InnoDB"
				s.GORM = "v0"
			},
			want: []string{
				`gorm: want ">= v1.30.0, < v1.32.0", got "v0"`,
				`settings: tableOptions: want "", got "ENGINE=InnoDB"`,
				`settings: naming: tablePrefix: want "", got "x_"`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clone(t, base)
			tc.mutate(got)
			// Plain JSON: schema.Encode would sort what it encodes.
			before, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			diffs := Compare(base, got)
			if !slices.Equal(diffs, tc.want) {
				t.Errorf("Compare:\n got %q\nwant %q", diffs, tc.want)
			}
			after, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(before) != string(after) {
				t.Error("Compare modified its argument")
			}
		})
	}
}

func TestCompareNil(t *testing.T) {
	s := mustSnapshot(t, []any{&tests.Company{}}, Options{})
	if d := Compare(nil, nil); len(d) != 0 {
		t.Errorf("Compare(nil, nil) = %q", d)
	}
	if d := Compare(s, nil); !slices.Equal(d, []string{"snapshot: want a snapshot, got no snapshot"}) {
		t.Errorf("Compare(s, nil) = %q", d)
	}
}
