// Package types holds fields whose column GORM decides by running code.
package types

import (
	"database/sql/driver"
	"encoding/json"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Money stores itself as whatever Value computes; migragen cannot know.
type Money struct{ Cents int64 }

func (m Money) Value() (driver.Value, error) { b, err := json.Marshal(m); return driver.Value(b), err }

// Level is a Valuer whose body migragen can read: always a string.
type Level int

func (l Level) Value() (driver.Value, error) { return [...]string{"low", "high"}[l], nil }

// Point chooses its column type per database in a way migragen can read.
type Point struct{ X, Y float64 }

func (Point) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	switch db.Dialector.Name() {
	case "postgres", "mysql":
		return "point"
	case "sqlite":
		return "text"
	}
	return ""
}

// Blob's choice depends on the field, which migragen cannot follow.
type Blob []byte

func (Blob) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if field.Size > 1000 {
		return "longblob"
	}
	return "blob"
}

// Status names its GORM data type through a variable, not a constant.
type Status string

var statusType = "varchar(10)"

func (Status) GormDataType() string { return statusType }

type Shipment struct {
	ID       uint
	Price    Money             // want `GORM decides the column type of types.Money by calling its Value method, which migragen cannot run \(fix: add a type: tag`
	Declared Money             `gorm:"type:bigint"`
	Level    Level             `gorm:"size:8"`
	Where    Point             `gorm:"type:point"`
	Data     Blob              // want `GORM calls the GormDBDataType method of types.Blob to choose the column type, and migragen cannot evaluate it`
	State    Status            // want `GormDataType method of types.Status does not return a constant`
	Tags     []string          // want `GORM cannot store \[\]string in a column and it is not a relation`
	Labels   map[string]string // want `GORM cannot store map\[string\]string in a column`
	Extra    any               // want `GORM cannot store any in a column`
	Ready    chan bool         `gorm:"-"`
}
