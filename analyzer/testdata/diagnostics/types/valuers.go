package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Doc stores itself as JSON: Value returns what json.Marshal returns, a
// []byte, so migragen knows the column holds bytes.
type Doc struct{ Title string }

func (d Doc) Value() (driver.Value, error) { return json.Marshal(d) }

// OrderState stores its name, but its zero value is no state: Value then
// fails, and GORM, ignoring what a failing Value returns, maps the int.
type OrderState int

const (
	StatePending OrderState = iota + 1
	StatePaid
)

func (s OrderState) Value() (driver.Value, error) {
	switch s {
	case StatePending:
		return "pending", nil
	case StatePaid:
		return "paid", nil
	}
	return "", fmt.Errorf("invalid order state %d", int(s))
}

// NullDate's field carries a gorm tag, which GORM merges into the field's
// settings only when Value returns nil for the zero value.
type NullDate struct {
	Time  time.Time `gorm:"type:date"`
	Valid bool
}

func (d NullDate) Value() (driver.Value, error) {
	if !d.Valid {
		return nil, nil
	}
	return d.Time, nil
}

type Ledger struct {
	ID       uint
	Document Doc
	Stage    OrderState // want `GORM decides the column type of types.OrderState by calling its Value method`
	Due      NullDate   // want `GORM merges the gorm tags of types.NullDate's fields \(TYPE\) into this field only if Value returns nil`
	Shipped  NullDate   `gorm:"type:date"`
}
