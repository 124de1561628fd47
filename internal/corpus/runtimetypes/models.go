package runtimetypes

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Models lists, by hand, the models an application passes to AutoMigrate.
func Models() []any {
	return []any{&TimeEntry{}, &Invoice{}}
}

// Timestamp is a point in time stored as an integer: seconds since the
// epoch, or milliseconds when the field is tagged timeunit:ms.
type Timestamp struct{ time.Time }

// Value stores seconds; a real type would look at the unit through a
// serializer, which the column type does not depend on.
func (t Timestamp) Value() (driver.Value, error) { return t.Unix(), nil }

// Scan reads seconds.
func (t *Timestamp) Scan(v any) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("timestamp: cannot scan %T", v)
	}
	t.Time = time.Unix(n, 0)
	return nil
}

// GormDBDataType chooses a 64-bit column for milliseconds and a 32-bit one
// for seconds where the engine has one.
func (Timestamp) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	millis := strings.ToLower(field.TagSettings["TIMEUNIT"]) == "ms"
	switch db.Dialector.Name() {
	case "sqlite":
		return "integer"
	case "postgres", "sqlserver":
		if millis {
			return "bigint"
		}
		return "integer"
	case "mysql":
		if millis {
			return "bigint"
		}
		if field.NotNull {
			return "int unsigned"
		}
		return "int"
	}
	return ""
}

// Amount is a decimal number kept as text in Go.
type Amount string

// GormDBDataType takes the precision and scale the field's tags give,
// 12 and 2 by default.
func (Amount) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	name := db.Name() // the Dialector's, promoted through gorm.Config
	precision, scale := field.Precision, field.Scale
	if precision == 0 {
		precision, scale = 12, 2
	}
	if name == "sqlite" {
		return "numeric"
	}
	return fmt.Sprintf("decimal(%d,%d)", precision, scale)
}

// Document is a JSON object.
//
//migragen:dbtype postgres=jsonb mysql=json sqlite=text sqlserver=nvarchar(max)
type Document map[string]any

// Value stores the object as JSON text.
func (d Document) Value() (driver.Value, error) {
	b, err := json.Marshal(d)
	return string(b), err
}

// Scan reads JSON text.
func (d *Document) Scan(v any) error {
	switch v := v.(type) {
	case string:
		return json.Unmarshal([]byte(v), d)
	case []byte:
		return json.Unmarshal(v, d)
	}
	return errors.New("document: not JSON text")
}

// GormDBDataType asks the MySQL driver for the server's version, which it
// queried when the application connected: servers older than MySQL 5.7
// and MariaDB 10.2 have no JSON type.
func (Document) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	switch db.Dialector.Name() {
	case "mysql":
		if m, ok := db.Dialector.(*mysql.Dialector); ok && withoutJSON(m.ServerVersion) {
			return "longtext"
		}
		return "json"
	case "postgres":
		return "jsonb"
	case "sqlserver":
		return "nvarchar(max)"
	}
	return "text"
}

func withoutJSON(version string) bool {
	for _, old := range []string{"5.5.", "5.6.", "10.0.", "10.1."} {
		if strings.HasPrefix(version, old) {
			return true
		}
	}
	return false
}

// TimeEntry is a time tracker's record.
type TimeEntry struct {
	ID        uint
	StartedAt Timestamp `gorm:"not null;timeunit:ms"`
	StoppedAt *Timestamp
	Billed    Timestamp `gorm:"not null"`
	Note      string    `gorm:"size:200"`
	Meta      Document
}

// Invoice carries amounts with and without precision tags.
type Invoice struct {
	ID       uint
	Total    Amount `gorm:"precision:14;scale:4"`
	Tax      Amount
	Tags     Document `gorm:"not null"`
	IssuedAt Timestamp
}
