package migrate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/migragen/migragen/schema"
)

// statedTypes refuses a change that creates or redefines a column whose
// per-dialect types a //migragen:dbtype directive stated
// (schema.Column.DBTypesOnly) when the directive named no type for the
// connected dialect. GORM's GormDBDataType method would have chosen one at
// run time; the dialect's own guess from the logical type could be
// anything, so the runtime stops before a statement runs rather than
// create a column AutoMigrate would then alter.
func statedTypes(c schema.Change, dialectName string) error {
	var table string
	var cols []*schema.Column
	switch c := c.(type) {
	case schema.CreateTable:
		table, cols = c.Table.Name, c.Table.Columns
	case schema.AddColumn:
		table, cols = c.Table, []*schema.Column{c.Column}
	case schema.AlterColumn:
		table, cols = c.Table, []*schema.Column{c.To}
	}
	for _, col := range cols {
		if !col.DBTypesOnly || col.DBTypes[dialectName] != "" {
			continue
		}
		var stated []string
		for _, d := range slices.Sorted(maps.Keys(col.DBTypes)) {
			stated = append(stated, d+"="+col.DBTypes[d])
		}
		return fmt.Errorf("column %s.%s: its //migragen:dbtype directive states types for %s only, none for %s; "+
			"add %s=TYPE to the directive on the column's Go type, add %q: \"TYPE\" to this column's DBTypes in the migration that defines it, and run migragen hash",
			table, col.Name, strings.Join(stated, " "), dialectName, dialectName, dialectName)
	}
	return nil
}
