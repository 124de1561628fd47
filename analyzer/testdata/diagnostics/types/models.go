// Package types holds fields whose column GORM decides by running code.
package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"gorm.io/driver/mysql"
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

// Blob's choice depends on the field's size, which migragen evaluates per
// field.
type Blob []byte

func (Blob) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if field.Size > 1000 {
		return "longblob"
	}
	return "blob"
}

// Conn asks the server which type it gets, which migragen cannot follow.
type Conn string

func (Conn) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if m, ok := db.Dialector.(*mysql.Dialector); ok && m.ServerVersion < "5.7" {
		return "text"
	}
	return "json"
}

// Opaque is a Valuer whose Value migragen cannot read, with a
// GormDBDataType method it cannot evaluate: one diagnostic, about the
// method, whose fix is the directive (GORM ignores a type: tag here).
type Opaque struct{ raw []byte }

func (o Opaque) Value() (driver.Value, error) { return driver.Value(o.raw), nil }

func (Opaque) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	return db.Dialector.Name() + field.Tag.Get("kind")
}

// Stated is Conn with its types stated; sqlserver is left out, which the
// runtime refuses when it compiles the column there.
//
//migragen:dbtype postgres=jsonb mysql=json sqlite="json text"
type Stated string

func (Stated) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	return Conn("").GormDBDataType(db, field)
}

// Misspelt names a dialect GORM does not call by that name.
//
//migragen:dbtype postgresql=jsonb
type Misspelt string // want `//migragen:dbtype: unknown dialect "postgresql" \(the dialects are mysql, postgres, sqlite, sqlserver\)`

func (Misspelt) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	return Conn("").GormDBDataType(db, field)
}

// Plain has a directive but no GormDBDataType, so GORM never asks for it.
//
//migragen:dbtype postgres=jsonb
type Plain string // want `warning: //migragen:dbtype has no effect: types.Plain has no GormDBDataType`

// Code's Value returns an int64 through a helper migragen does not follow,
// so GORM's logical type and size for it are a guess, which its
// GormDBDataType must not read: GORM gives bigint, the guess varchar(0).
type Code string

func (c Code) Value() (driver.Value, error) { return codeValue(c) }

func codeValue(c Code) (driver.Value, error) { return int64(len(c)), nil }

func (Code) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if field.DataType == schema.Int {
		return "bigint"
	}
	return fmt.Sprintf("varchar(%d)", field.Size)
}

// Elsewhere asks another connection than the one GORM passes.
type Elsewhere string

var other *gorm.DB

func (Elsewhere) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	switch other.Dialector.Name() {
	case "postgres":
		return "jsonb"
	}
	return "text"
}

// Named reads the dialect through the Name method *gorm.DB promotes from
// its Dialector, and leaves switches with break and fallthrough.
type Named string

func (Named) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	typ := "text"
	switch db.Name() {
	case "postgres":
		if field.NotNull {
			break
		}
		typ = "jsonb"
	case "mysql":
		typ = "longtext"
		fallthrough
	case "sqlserver":
		typ += "!"
	}
	return typ
}

// Labeled leaves its switch through a label, which migragen does not follow.
type Labeled string

func (Labeled) GormDBDataType(db *gorm.DB, field *schema.Field) string {
outer:
	switch db.Dialector.Name() {
	case "mysql":
		break outer
	}
	return "text"
}

// Status names its GORM data type through a variable, not a constant.
type Status string

var statusType = "varchar(10)"

func (Status) GormDataType() string { return statusType }

type Shipment struct {
	ID       uint
	Price    Money // want `GORM decides the column type of types.Money by calling its Value method, which migragen cannot run \(fix: add a type: tag`
	Declared Money `gorm:"type:bigint"`
	Level    Level `gorm:"size:8"`
	Where    Point `gorm:"type:point"`
	Data     Blob  `gorm:"size:4096"`
	Small    Blob
	Config   Conn      // want `GORM calls the GormDBDataType method of types.Conn to choose the column type, and migragen cannot evaluate it: at models.go:\d+ it uses db.Dialector.\(\*mysql.Dialector\), which migragen does not evaluate \(fix: state the types GORM gets on your servers with a comment on type types.Conn: //migragen:dbtype mysql=TYPE postgres=TYPE sqlite=TYPE sqlserver=TYPE, or for this field alone with the tag migragen:"dbtype:mysql=TYPE,postgres=TYPE,sqlite=TYPE,sqlserver=TYPE" \(a type: tag does not help`
	Server   Conn      `migragen:"dbtype:postgres=jsonb,mysql=json"`
	Wrongly  Conn      `migragen:"dbtype:postgresql=jsonb"` // want `migragen:"dbtype:...": unknown dialect "postgresql"`
	Loose    string    `migragen:"dbtype:postgres=jsonb"`   // want `warning: migragen:"dbtype:..." has no effect: string has no GormDBDataType`
	Ref      Code      // want `GormDBDataType method of types.Code[^\n]*: at models.go:\d+ it reads field.DataType, which GORM sets from what types.Code's Value method returns for the zero value, and migragen cannot tell what that is \(fix: state the types GORM gets on your servers with a comment on type types.Code: //migragen:dbtype`
	Remote   Elsewhere // want `GormDBDataType method of types.Elsewhere[^\n]*: at models.go:\d+ it uses other.Dialector.Name\(\), which migragen does not evaluate`
	Kind     Named
	Marked   Labeled // want `GormDBDataType method of types.Labeled[^\n]*: at models.go:\d+ it uses a labeled statement \(outer:\), which migragen does not evaluate`
	Blob     Opaque  // want `^[^\n]*GormDBDataType method of types.Opaque[^\n]*at models.go:\d+ it uses field.Tag.Get\("kind"\), which migragen does not evaluate \(fix: state the types`
	Payload  Stated
	Wrong    Misspelt
	Bare     Plain
	State    Status            // want `GormDataType method of types.Status does not return a constant`
	Tags     []string          // want `GORM cannot store \[\]string in a column and it is not a relation`
	Labels   map[string]string // want `GORM cannot store map\[string\]string in a column`
	Extra    any               // want `GORM cannot store any in a column`
	Ready    chan bool         `gorm:"-"`
}
