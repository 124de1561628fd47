package serializers

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/corpus/serializers/codec"
)

func init() {
	schema.RegisterSerializer("text", textSerializer{})
	codec.Register()
}

// textSerializer stores a []string joined by the field's sep: tag setting
// (default ","), and any other value as JSON text.
type textSerializer struct{}

// sep reads the separator GORM kept in TagSettings for the serializer.
func sep(field *schema.Field) string {
	if s := field.TagSettings["SEP"]; s != "" {
		return s
	}
	return ","
}

// Scan implements schema.SerializerInterface.
func (textSerializer) Scan(ctx context.Context, field *schema.Field, dst reflect.Value, dbValue any) error {
	var text string
	switch v := dbValue.(type) {
	case nil:
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		text = fmt.Sprint(v)
	}
	if field.FieldType == reflect.TypeOf([]string(nil)) {
		return field.Set(ctx, dst, strings.Split(text, sep(field)))
	}
	ptr := reflect.New(field.FieldType)
	if err := json.Unmarshal([]byte(text), ptr.Interface()); err != nil {
		return fmt.Errorf("text serializer: %w", err)
	}
	return field.Set(ctx, dst, ptr.Elem().Interface())
}

// Value implements schema.SerializerInterface.
func (textSerializer) Value(_ context.Context, field *schema.Field, _ reflect.Value, fieldValue any) (any, error) {
	if list, ok := fieldValue.([]string); ok {
		return strings.Join(list, sep(field)), nil
	}
	b, err := json.Marshal(fieldValue)
	if err != nil {
		return nil, fmt.Errorf("text serializer: %w", err)
	}
	return string(b), nil
}
