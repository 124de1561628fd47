package gormoracle

import (
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/dialects"
)

// ColumnTypes returns what GORM's own migrator writes for every column of
// the tables AutoMigrate(models...) creates, per dialect:
// table → column → dialect → the column's definition in CREATE TABLE (type,
// NOT NULL, DEFAULT and, on MySQL, COMMENT), from FullDataTypeOf on the
// field GORM parsed.
func ColumnTypes(models []any, opts Options) (map[string]map[string]map[string]string, error) {
	p, err := parse(models, opts)
	if err != nil {
		return nil, err
	}
	dbs, err := dialects.DryRun()
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]map[string]string{}
	for _, t := range p.snap.Tables {
		out[t.Name] = map[string]map[string]string{}
		for _, col := range t.Columns {
			byDialect := map[string]string{}
			for _, name := range dialects.Names {
				byDialect[name] = dbs[name].Migrator().FullDataTypeOf(copyField(p.fields[col])).SQL
			}
			out[t.Name][col.Name] = byDialect
		}
	}
	return out, nil
}

// copyField returns a shallow copy of f: the MySQL driver writes to the
// field it compiles, and GORM's cached fields must stay as parsed.
func copyField(f *gormschema.Field) *gormschema.Field {
	c := *f
	return &c
}
