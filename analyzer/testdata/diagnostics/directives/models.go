// Package directives shows the //migragen: comments on model types.
package directives

import (
	"database/sql/driver"
	"os"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Account's table is computed, but the directive states the result.
//
//migragen:table accounts_v2
type Account struct {
	ID   uint
	Name string `gorm:"size:64"`
}

func (Account) TableName() string { return os.Getenv("ACCOUNT_TABLE") }

// AccountDTO carries gorm tags but is not a table.
//
//migragen:ignore
type AccountDTO struct {
	Name string `gorm:"size:64"`
}

// Address is only ever embedded: a block of columns, not a root.
type Address struct {
	Street string `gorm:"size:128"`
}

// Office's table was "branches" before; its city column was "town".
//
//migragen:renamed_from branches
type Office struct {
	ID      uint
	Address Address `gorm:"embedded;embeddedPrefix:addr_"`
	City    string  `gorm:"size:64" migragen:"renamed_from:town"`
	Gauge   Reading `migragen:"dbtype:postgres=numeric(12,2),mysql=decimal(12,2),sqlite=\"double precision\""`
}

// Reading's column type comes from a function migragen does not follow;
// the field that uses it states the types in its tag.
type Reading float64

func (Reading) GormDBDataType(db *gorm.DB, field *schema.Field) string { return readingType(db) }

func readingType(db *gorm.DB) string { return "numeric(12,2)" }

// Money has a gorm tag but stores itself in one column: a column type,
// not a table.
type Money struct {
	Cents int64 `gorm:"type:bigint"`
}

// Value stores the amount in cents.
func (m Money) Value() (driver.Value, error) { return m.Cents, nil }
