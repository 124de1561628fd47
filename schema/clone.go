package schema

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of s.
func (s *Snapshot) Clone() *Snapshot {
	c := *s
	c.Settings.JoinTables = slices.Clone(s.Settings.JoinTables)
	c.Tables = make([]*Table, len(s.Tables))
	for i, t := range s.Tables {
		c.Tables[i] = t.Clone()
	}
	return &c
}

// Clone returns a deep copy of t.
func (t *Table) Clone() *Table {
	c := *t
	c.Columns = cloneAll(t.Columns, (*Column).Clone)
	c.Indexes = cloneAll(t.Indexes, (*Index).Clone)
	c.Uniques = cloneAll(t.Uniques, func(u *Unique) *Unique { x := *u; return &x })
	c.Checks = cloneAll(t.Checks, func(k *Check) *Check { x := *k; return &x })
	c.ForeignKeys = cloneAll(t.ForeignKeys, (*ForeignKey).Clone)
	return &c
}

// Clone returns a deep copy of c.
func (c *Column) Clone() *Column {
	x := *c
	x.DBTypes = maps.Clone(c.DBTypes)
	return &x
}

// Clone returns a deep copy of ix.
func (ix *Index) Clone() *Index {
	x := *ix
	x.Columns = cloneAll(ix.Columns, func(ic *IndexColumn) *IndexColumn { y := *ic; return &y })
	return &x
}

// Clone returns a deep copy of fk.
func (fk *ForeignKey) Clone() *ForeignKey {
	x := *fk
	x.Columns = slices.Clone(fk.Columns)
	x.RefColumns = slices.Clone(fk.RefColumns)
	return &x
}

// cloneAll copies a slice of pointers element by element, keeping nil as
// nil so that encodings of the copy equal the original's.
func cloneAll[T any](in []*T, clone func(*T) *T) []*T {
	if in == nil {
		return nil
	}
	out := make([]*T, len(in))
	for i, x := range in {
		out[i] = clone(x)
	}
	return out
}
