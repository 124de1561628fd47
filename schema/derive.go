package schema

// A generated migration file writes its changes compactly: a column's
// GORMDataType is left out where it equals DataType, which it does for
// every column without a type: tag. The file wraps the changes in Derive,
// which puts the value back when the package is initialized, so the
// compiled migration holds exactly the values the full form spells out:
// the same SQL and the same checksum. The generator reads such a file
// through Derive too (render.ParseChanges), so the two cannot disagree.

// Derive fills in what the compact form leaves out of changes: each
// column's GORMDataType, where it is empty, from its DataType. It changes
// the columns in place and returns changes, which is what a file's
// `var up = schema.Derive([]schema.Change{...})` needs: the literal is
// the only holder of its values, and package initialization runs once,
// before any goroutine reads them. Changes without a definition are left
// as they are, for the runtime's checks to report.
func Derive(changes []Change) []Change {
	for _, c := range changes {
		for _, col := range columnsOf(c) {
			if col != nil && col.GORMDataType == "" {
				col.GORMDataType = col.DataType
			}
		}
	}
	return changes
}

// Compact returns c as the compact form writes it, without what Derive
// fills in, and whether Derive gives c back from that. It cannot for a
// column whose GORMDataType is empty but whose DataType is not (a type:
// tag on a Go type GORM has no logical type for): such a column must be
// written in full, outside Derive.
func (c Column) Compact() (Column, bool) {
	switch c.GORMDataType {
	case "":
		return c, c.DataType == ""
	case c.DataType:
		c.GORMDataType = ""
	}
	return c, true
}

// columnsOf returns the columns a change carries, which is where every
// value Derive fills in lives.
func columnsOf(c Change) []*Column {
	switch c := c.(type) {
	case CreateTable:
		if c.Table != nil {
			return c.Table.Columns
		}
	case DropTable:
		if c.Table != nil {
			return c.Table.Columns
		}
	case AddColumn:
		return []*Column{c.Column}
	case DropColumn:
		return []*Column{c.Column}
	case AlterColumn:
		return []*Column{c.From, c.To}
	}
	return nil
}
