package wellknown

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"gorm.io/datatypes"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Subscriber{}, &Device{}, &Invoice{}, &Location{}, &Preference{}}
}

// Settings is stored as JSON through datatypes.JSONType and the json
// serializer. It has no gorm tag: no root.
type Settings struct {
	Theme    string
	Language string
}

// Subscriber of a newsletter service uses gorm.io/datatypes.
type Subscriber struct {
	ID uint
	// JSON, JSONMap, JSONType[T] and JSONSlice[T]: GormDataType "json" or
	// "jsonmap"; the column is JSON on SQLite and MariaDB, JSONB on
	// PostgreSQL (GormDBDataType).
	Profile  datatypes.JSON
	Traits   datatypes.JSONMap
	Settings datatypes.JSONType[Settings]
	Topics   datatypes.JSONSlice[string]
	// Date: GormDataType "date", no GormDBDataType: the column type is
	// "date" everywhere.
	Birthday datatypes.Date
	// Time: TIME on PostgreSQL and MariaDB, TEXT on SQLite.
	SendAt datatypes.Time
	// URL: TEXT everywhere.
	Homepage datatypes.URL
	// UUID: UUID on PostgreSQL, LONGTEXT on MariaDB, TEXT on SQLite.
	ExternalID datatypes.UUID
	// BinUUID: BYTEA on PostgreSQL, BINARY(16) on MariaDB, BLOB on SQLite.
	Token datatypes.BinUUID
	// datatypes.Null[T] (and its aliases) behave like sql.Null[T]: the
	// type of the first field.
	Referrer datatypes.NullString `gorm:"size:100"`
	Score    datatypes.Null[int32]
}

// Device uses github.com/google/uuid.
type Device struct {
	// uuid.UUID is a [16]byte Valuer whose Value is a string: a string
	// column (text; varchar(191) on MariaDB because it is a primary key).
	// As a primary key it is not auto-increment.
	ID uuid.UUID `gorm:"primaryKey"`
	// uuid.NullUUID's zero Value is nil, so GORM falls back to its first
	// field, uuid.UUID, a [16]byte: the column is BYTES (bytea, longblob,
	// blob), not a string, although Value() returns a string at runtime.
	OwnerID uuid.NullUUID
	// With a size, uuid.UUID becomes varchar(36).
	InstallID uuid.UUID `gorm:"size:36;uniqueIndex"`
	Name      string    `gorm:"size:80"`
}

// Invoice uses github.com/shopspring/decimal.
type Invoice struct {
	ID uint
	// decimal.Decimal's Value is a string: without type: it is a text
	// column, which is why real models always tag it.
	Memo decimal.Decimal
	// The usual way: type:decimal(12,2) passes through verbatim.
	Amount decimal.Decimal `gorm:"type:decimal(12,2);not null"`
	// NullDecimal with a type: tag.
	Discount decimal.NullDecimal `gorm:"type:decimal(5,2)"`
	// NullDecimal WITHOUT a type tag: its zero Value is nil, so GORM walks
	// to its first field, Decimal, whose first field is *big.Int, whose
	// first field is a bool. The column is boolean.
	Tax decimal.NullDecimal
	// Percent has a constant GormDataType: the column type is
	// "decimal(5,2)", verbatim, on every dialect.
	Rate Percent
	// serializer:unixtime converts between time.Time and unix seconds.
	// The serializer makes the field a string, but the int64 kind wins
	// afterwards: DueUnix is an int column. type:time (GORM's docs' example)
	// is read as GORM's "time" kind, not SQL TIME: timestamptz on
	// PostgreSQL, datetime(3) on MariaDB, and only SQLite, which uses the
	// type: text verbatim for times, gets "time".
	IssuedUnix int64 `gorm:"serializer:unixtime;type:time"`
	DueUnix    int64 `gorm:"serializer:unixtime"`
}

// Percent is a corpus-declared type with a constant GormDataType.
type Percent float64

// GormDataType implements schema.GormDataTypeInterface.
func (Percent) GormDataType() string { return "decimal(5,2)" }

// GeoPoint is a corpus-declared Valuer/Scanner stored as "lat,lng" text.
// GORM calls Value() on its zero value ("0,0", a string): a string column.
type GeoPoint struct {
	Lat, Lng float64
}

// Value implements driver.Valuer.
func (p GeoPoint) Value() (driver.Value, error) {
	return fmt.Sprintf("%g,%g", p.Lat, p.Lng), nil
}

// Scan implements sql.Scanner.
func (p *GeoPoint) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return errors.New("geopoint: unsupported source")
	}
	_, err := fmt.Sscanf(strings.Replace(s, ",", " ", 1), "%g %g", &p.Lat, &p.Lng)
	return err
}

// Location is a place on a map.
type Location struct {
	ID uint
	// The Valuer alone: a string column (text/longtext).
	Center GeoPoint
	// A type: tag overrides what Value() suggests.
	Corner GeoPoint `gorm:"type:varchar(64)"`
	// type: on a plain string wins over size: for the column (varchar(100)),
	// but GORM compares the column with size 20 on the next AutoMigrate
	// and alters it again on PostgreSQL and MariaDB, every time.
	Label string `gorm:"type:varchar(100);size:20"`
	// type: with a GORM kind name is read as that kind: type:string is a
	// string column sized by size: (varchar(40)).
	Kind string `gorm:"type:string;size:40"`
	// type:text on a sized string.
	Notes string `gorm:"size:20;type:text"`
	// type:time on a time.Time: as above, GORM's time kind, so not a SQL
	// TIME column except on SQLite.
	OpensAt time.Time `gorm:"type:time"`
}

// Preference uses serializers on composite Go types. A serializer makes
// the field a string column whatever the Go type.
type Preference struct {
	ID       uint
	Settings Settings          `gorm:"serializer:json"`
	Labels   map[string]string `gorm:"serializer:json"`
	Blocked  []uint            `gorm:"serializer:json"`
	// gob on a slice: still a string (text) column.
	History []string `gorm:"serializer:gob"`
	// A serializer with an explicit type.
	Extra map[string]any `gorm:"serializer:json;type:text"`
}
