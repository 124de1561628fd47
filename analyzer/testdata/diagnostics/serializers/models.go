// Package serializers holds fields whose serializers the module registers,
// and tag settings GORM itself does not read but hands to the field's type.
package serializers

import (
	"context"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Document uses serializers the module registers: no diagnostic for them.
type Document struct {
	ID      uint
	Body    []string          `gorm:"serializer:text"`
	Lines   []string          `gorm:"serializer:PIPE"`
	Cells   map[string]string `gorm:"serializer:csv;size:256"`
	Count   int64             `gorm:"serializer:text"`
	Missing []string          `gorm:"serializer:yaml"` // want `warning: serializer "yaml" is neither built into GORM nor registered by the analyzed packages.*\(fix: migragen cannot read the name registered at register.go:21; register "yaml" with a constant name\)`
}

// Millis stores a duration; its GormDBDataType is the kind of code that
// reads extra tag settings.
type Millis int64

func (Millis) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	switch db.Dialector.Name() {
	case "postgres", "mysql", "sqlite":
		return "bigint"
	}
	return ""
}

// Labels is a sql.Scanner.
type Labels string

func (l *Labels) Scan(src any) error { return nil }

// Vector is a serializer type.
type Vector []float64

func (*Vector) Scan(context.Context, *schema.Field, reflect.Value, any) error { return nil }

func (Vector) Value(context.Context, *schema.Field, reflect.Value, any) (any, error) { return "", nil }

// Measure carries settings for its fields' types; on a plain field the same
// unknown setting is still a warning.
type Measure struct {
	ID      uint
	Elapsed Millis   `gorm:"unit:ms"`               // want `note: GORM does not read the tag setting "unit" itself but keeps it in the field's TagSettings, where serializers.Millis's GormDBDataType can read it`
	Tags    Labels   `gorm:"size:200;separator:|"`  // want `note: GORM does not read the tag setting "separator".*where the methods of serializers.Labels can read it`
	Coords  Vector   `gorm:"dims:3"`                // want `note: .*"dims".*serializers.Vector's serializer methods`
	Lines   []string `gorm:"serializer:text;sep:|"` // want `note: .*"sep".*the "text" serializer can read it`
	Sizes   Millis   `gorm:"sise:8"`                // want `note: .*"sise".*\(fix: nothing to do if serializers.Millis's GormDBDataType reads it; otherwise, did you mean size\?\)`
	Plain   string   `gorm:"size:32;unit:ms"`       // want `warning: GORM ignores the unknown tag setting "unit"`
}
