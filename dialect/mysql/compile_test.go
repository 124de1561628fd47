package mysql

import (
	"testing"

	"github.com/migragen/migragen/schema"
)

// TestImplicitIndex: which foreign keys have an index MySQL made for them,
// that dropping the key must drop too.
func TestImplicitIndex(t *testing.T) {
	cols := func(names ...string) []*schema.IndexColumn {
		var out []*schema.IndexColumn
		for _, n := range names {
			out = append(out, &schema.IndexColumn{Column: n})
		}
		return out
	}
	fkA := &schema.ForeignKey{Name: "fk_t_a", Columns: []string{"a"}, RefTable: "r", RefColumns: []string{"id"}}
	for _, tc := range []struct {
		name  string
		table schema.Table
		want  bool
	}{
		{"no index", schema.Table{}, true},
		{"index with the column second", schema.Table{Indexes: []*schema.Index{{Name: "ix", Columns: cols("b", "a")}}}, true},
		{"index with the column first", schema.Table{Indexes: []*schema.Index{{Name: "ix", Columns: cols("a", "b")}}}, false},
		{"prefix index", schema.Table{Indexes: []*schema.Index{{Name: "ix", Columns: []*schema.IndexColumn{{Column: "a", Length: 10}}}}}, true},
		{"fulltext index", schema.Table{Indexes: []*schema.Index{{Name: "ix", Class: "FULLTEXT", Columns: cols("a")}}}, true},
		{"unique", schema.Table{Uniques: []*schema.Unique{{Name: "uni_t_a", Column: "a"}}}, false},
		{"first column of the primary key", schema.Table{Columns: []*schema.Column{{Name: "a", PrimaryKey: true}, {Name: "b", PrimaryKey: true}}}, false},
		{"second column of the primary key", schema.Table{Columns: []*schema.Column{{Name: "b", PrimaryKey: true}, {Name: "a", PrimaryKey: true}}}, true},
		{"another key on the column", schema.Table{ForeignKeys: []*schema.ForeignKey{fkA, {Name: "fk_t_a2", Columns: []string{"a"}}}}, false},
	} {
		if got := implicitIndex(&tc.table, fkA); got != tc.want {
			t.Errorf("%s: implicitIndex = %v, want %v", tc.name, got, tc.want)
		}
	}
}
