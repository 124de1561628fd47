package evolution

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// render writes a row as "column=value" pairs in column order, with every
// value in one canonical form (canon), so that a row GORM was given and
// the same row read back from any engine render alike.
func render(r row) string {
	var b strings.Builder
	for i, col := range slices.Sorted(maps.Keys(r)) {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(col + "=" + canon(r[col]))
	}
	return b.String()
}

// canon is the canonical text of a value: NULL for nil and nil pointers,
// decimal for integers whatever their width or signedness, and UTC
// RFC 3339 for times. Drivers differ here: MySQL's text protocol gives
// []byte for numbers and text, pgx int32 or int64 by column type, SQLite
// a time as text where it does not recognise the declared type.
func canon(v any) string {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "NULL"
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return "NULL"
	}
	switch x := rv.Interface().(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return canonText(string(x))
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'g', -1, 64)
	case reflect.String:
		return canonText(rv.String())
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// timeLayouts are how a time may come back as text.
var timeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", time.RFC3339Nano}

// canonText quotes text, unless it is a time or a number written as text.
func canonText(s string) string {
	if len(s) >= 19 && s[4] == '-' && s[10] == ' ' || len(s) >= 19 && s[10] == 'T' {
		for _, layout := range timeLayouts {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm.UTC().Format(time.RFC3339Nano)
			}
		}
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	return strconv.Quote(s)
}
