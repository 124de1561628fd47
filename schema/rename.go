package schema

import (
	"fmt"
)

// Suggestion is a likely rename found among a diff's drops and adds: the
// data would be lost unless the author states the rename.
type Suggestion struct {
	// Table and From/To name the table (for a column, its table) and the
	// old and new names.
	Table, From, To string
	// Column is set for a column rename, unset for a table rename.
	Column bool
}

func (s Suggestion) String() string {
	if s.Column {
		return fmt.Sprintf("column %s.%s looks like %s renamed; to keep its data, tag the field migragen:\"renamed_from:%s\"", s.Table, s.To, s.From, s.From)
	}
	return fmt.Sprintf("table %s looks like %s renamed; to keep its data, put //migragen:renamed_from %s on its model type", s.To, s.From, s.From)
}

// LikelyRenames finds, among changes, a dropped and an added column of one
// table with the same definition, and a dropped and a created table with
// the same columns. Each pair is suggested once, first match by order.
func LikelyRenames(changes []Change) []Suggestion {
	var out []Suggestion
	usedAdd := map[int]bool{}
	for _, c := range changes {
		switch d := c.(type) {
		case DropColumn:
			for j, c2 := range changes {
				a, ok := c2.(AddColumn)
				if !ok || usedAdd[j] || a.Table != d.Table {
					continue
				}
				renamed := *d.Column
				renamed.Name = a.Column.Name
				if sameColumn(&renamed, a.Column) {
					usedAdd[j] = true
					out = append(out, Suggestion{Table: d.Table, From: d.Column.Name, To: a.Column.Name, Column: true})
					break
				}
			}
		case DropTable:
			for j, c2 := range changes {
				ct, ok := c2.(CreateTable)
				if !ok || usedAdd[j] || !sameColumns(d.Table, ct.Table) {
					continue
				}
				usedAdd[j] = true
				out = append(out, Suggestion{Table: ct.Table.Name, From: d.Table.Name, To: ct.Table.Name})
				break
			}
		}
	}
	return out
}

// sameColumns compares two tables' columns by name and definition.
func sameColumns(a, b *Table) bool {
	if len(a.Columns) != len(b.Columns) {
		return false
	}
	for _, c := range a.Columns {
		if o := b.Column(c.Name); o == nil || !sameColumn(c, o) {
			return false
		}
	}
	return true
}
