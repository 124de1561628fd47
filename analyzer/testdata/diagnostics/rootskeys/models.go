// Package rootskeys holds structs embedded in others that differ only in
// whether GORM gives them a primary-key column: discovery judges them with
// the parser's own rule.
package rootskeys

// Entry's key is Id: GORM's column id, so Entry has a table's marks.
type Entry struct {
	Id   uint
	Name string `gorm:"size:50"`
}

// EntryView embeds Entry and declares nothing else: a model by the key it
// embeds, with Entry taken for its base struct.
type EntryView struct {
	Entry
	Score int
}

// Ghost's ID is no column (gorm:"-"), so Ghost has no key: a block of
// columns, not a table.
type Ghost struct {
	ID   uint   `gorm:"-"`
	Note string `gorm:"size:50"`
}

// GhostRow embeds the block and declares nothing: no model.
type GhostRow struct {
	Ghost
	Code string
}
