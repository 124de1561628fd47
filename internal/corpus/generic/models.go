package generic

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"time"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Customer{}, &Coupon{}, &Order{}, &Setting{}}
}

// Base is a generic base model. The size applies to every instantiation:
// varchar(64) for Base[string]; for Base[uint] size 64 is what uint has
// anyway, so it changes nothing.
type Base[K any] struct {
	ID        K `gorm:"primaryKey;size:64"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ID is a typed id: ID[Customer] and ID[Order] are distinct Go types over
// uint64, mapped like uint64.
type ID[T any] uint64

// Owned is a generic embedded block whose type parameter only types the
// foreign key.
type Owned[T any] struct {
	OwnerID ID[T] `gorm:"not null;index"`
}

// Encrypted is a generic Valuer: its zero Value is a string, so every
// instantiation is a string column.
type Encrypted[T any] struct {
	Plain T
}

// Value implements driver.Valuer (the corpus does not really encrypt).
func (e Encrypted[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(e.Plain)
	return string(b), err
}

// Scan implements sql.Scanner.
func (e *Encrypted[T]) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return json.Unmarshal([]byte(v), &e.Plain)
	case []byte:
		return json.Unmarshal(v, &e.Plain)
	}
	return errors.New("encrypted: unsupported source")
}

// Ref is a generic struct GORM cannot use as a relation target (no foreign
// key to guess for Value), so a field of this type must be tagged "-".
type Ref[T any] struct {
	ID    uint
	Value *T
}

// Note is a generic relation target. GORM names a table after the Go type
// name, and an instantiated name such as "Note[<pkg path>.Customer]" gives
// an unusable table name; the TableName method fixes it for every
// instantiation. It is added by AutoMigrate as a belongs-to target.
type Note[T any] struct {
	ID   uint
	Text string
}

// TableName gives all instantiations one table.
func (Note[T]) TableName() string { return "notes" }

// Customer embeds Base[uint]: an auto-increment uint primary key.
type Customer struct {
	Base[uint]
	Name  string            `gorm:"size:100;not null"`
	Email Encrypted[string] `gorm:"size:500"`
	Notes Encrypted[[]string]
	Cache Ref[Customer] `gorm:"-"`
	// Belongs-to a generic target.
	NoteID *uint
	Note   *Note[Customer]
}

// Coupon embeds Base[string]: a varchar(64) primary key, not
// auto-increment.
type Coupon struct {
	Base[string]
	Percent int `gorm:"not null;check:percent BETWEEN 1 AND 100"`
}

// Order has typed ids and a generic embedded block. The gorm tags of
// embedded structs do not count for root discovery: without its own
// tagged field (Status), Order would not be a root.
type Order struct {
	Base[uint]
	Owned[Customer]
	Status string `gorm:"size:20;not null;default:'new'"`
	// A typed id as a belongs-to foreign key: CustomerID is ID[Customer]
	// (uint64) and takes the primary key's data type.
	CustomerID ID[Customer]
	Customer   Customer
	// A string foreign key to Coupon's generic string key; it inherits
	// varchar(64).
	CouponID *string
	Coupon   *Coupon
}

// Setting instantiates Base with a named string type.
type Setting struct {
	Base[SettingKey]
	Value string `gorm:"type:text"`
}

// SettingKey is a named string type used as a type argument.
type SettingKey string
