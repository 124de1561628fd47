// Package codec provides the "csv" serializer, registered by Register from
// another package, as an application's start-up code would.
package codec

import (
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"
)

// Name is the name the serializer is registered under.
const Name = "csv"

// Register registers the serializer with GORM.
func Register() { schema.RegisterSerializer(Name, CSV{}) }

// CSV stores a []string as one CSV record.
type CSV struct{}

// Scan implements schema.SerializerInterface.
func (CSV) Scan(ctx context.Context, field *schema.Field, dst reflect.Value, dbValue any) error {
	var rec []string
	switch v := dbValue.(type) {
	case nil:
	case string:
		r, err := csv.NewReader(strings.NewReader(v)).Read()
		if err != nil {
			return fmt.Errorf("csv serializer: %w", err)
		}
		rec = r
	case []byte:
		return CSV{}.Scan(ctx, field, dst, string(v))
	default:
		return fmt.Errorf("csv serializer: cannot scan %T", dbValue)
	}
	return field.Set(ctx, dst, rec)
}

// Value implements schema.SerializerInterface.
func (CSV) Value(_ context.Context, _ *schema.Field, _ reflect.Value, fieldValue any) (any, error) {
	rec, _ := fieldValue.([]string)
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.Write(rec); err != nil {
		return nil, fmt.Errorf("csv serializer: %w", err)
	}
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n"), w.Error()
}
