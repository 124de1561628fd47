// Package serializers holds fields whose serializers the module registers,
// and tag settings GORM itself does not read but hands to the field's type.
package serializers

import (
	"context"
	"database/sql"
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
	if field.TagSettings["UNIT"] == "s" {
		return "integer"
	}
	switch db.Dialector.Name() {
	case "postgres", "mysql", "sqlite":
		return "bigint"
	}
	return ""
}

// Span hands the field on to Millis's method, which may read any setting.
//
//migragen:dbtype postgres=bigint mysql=bigint sqlite=bigint
type Span int64

func (Span) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	return Millis(0).GormDBDataType(db, field)
}

// Labels is a sql.Scanner: GORM never gives Scan the field.
type Labels string

func (l *Labels) Scan(src any) error { return nil }

// Vector is a serializer type.
type Vector []float64

func (*Vector) Scan(_ context.Context, field *schema.Field, _ reflect.Value, _ any) error {
	_ = field.TagSettings["DIMS"]
	return nil
}

func (Vector) Value(context.Context, *schema.Field, reflect.Value, any) (any, error) { return "", nil }

// Measure carries settings for its fields' types: a note where the type's
// code that GORM hands the field to reads them, a warning elsewhere (a
// plain field, a Scanner, a setting the code does not read, a misspelling
// of GORM's own keys, a well-known type).
type Measure struct {
	ID      uint
	Elapsed Millis         `gorm:"unit:ms"`               // want `note: GORM does not read the tag setting "unit" itself but keeps it in the field's TagSettings, where serializers.Millis's GormDBDataType can read it`
	Rounded Millis         `gorm:"round:up"`              // want `warning: GORM ignores the unknown tag setting "round"`
	Width   Span           `gorm:"unit:s"`                // want `note: .*"unit".*where serializers.Span's GormDBDataType can read it`
	Tags    Labels         `gorm:"size:200;separator:|"`  // want `warning: GORM ignores the unknown tag setting "separator"`
	Coords  Vector         `gorm:"dims:3"`                // want `note: .*"dims".*serializers.Vector's Scan`
	Lines   []string       `gorm:"serializer:text;sep:|"` // want `note: .*"sep".*the "text" serializer can read it`
	Sizes   Millis         `gorm:"sise:8"`                // want `warning: GORM ignores the unknown tag setting "sise" \(fix: did you mean size\?\)`
	Email   sql.NullString `gorm:"uniqe;size:191"`        // want `warning: GORM ignores the unknown tag setting "uniqe" \(fix: did you mean unique\?\)`
	Plain   string         `gorm:"size:32;unit:ms"`       // want `warning: GORM ignores the unknown tag setting "unit"`
}
