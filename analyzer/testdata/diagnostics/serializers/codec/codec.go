// Package codec registers a serializer from another package of the module,
// in a function the program calls rather than in init.
package codec

import (
	"context"
	"reflect"

	"gorm.io/gorm/schema"
)

// Name is the serializer's name, a constant declared apart from the call.
const Name = "csv"

// CSV would join and split string slices.
type CSV struct{}

func (CSV) Scan(context.Context, *schema.Field, reflect.Value, any) error { return nil }

func (CSV) Value(context.Context, *schema.Field, reflect.Value, any) (any, error) { return "", nil }

// Register is what the program calls at start-up.
func Register() { schema.RegisterSerializer(Name, CSV{}) }
