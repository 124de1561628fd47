package render

import (
	"bytes"
	"fmt"
	"go/format"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/migragen/migragen/schema"
)

// Changes returns Go source for a []schema.Change literal holding changes,
// gofmt'd: the typed, complete operations a migration file freezes, so
// that it never needs the models again. Zero-valued fields are left out;
// maps are printed in key order, so equal changes give equal text.
func Changes(changes []schema.Change) (string, error) {
	var b bytes.Buffer
	b.WriteString("[]schema.Change{\n")
	for _, c := range changes {
		if err := schema.Complete(c); err != nil {
			return "", fmt.Errorf("render: %w", err)
		}
		if err := writeValue(&b, reflect.ValueOf(c), true); err != nil {
			return "", err
		}
		b.WriteString(",\n")
	}
	b.WriteString("}")
	// Format as the right-hand side of a declaration, then strip it.
	src, err := format.Source([]byte("package p\n\nvar x = " + b.String() + "\n"))
	if err != nil {
		return "", fmt.Errorf("render: formatting changes: %w", err)
	}
	out := bytes.TrimPrefix(src, []byte("package p\n\nvar x = "))
	return string(bytes.TrimSuffix(out, []byte("\n"))), nil
}

// writeValue prints v as a Go expression. typed says whether the literal
// must name its type; inside a slice or map of that type Go lets it be
// elided.
func writeValue(b *bytes.Buffer, v reflect.Value, typed bool) error {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			// A change's definitions are never nil; one that is has no
			// frozen form a migration could hold.
			return fmt.Errorf("render: nil %s in a change", v.Type())
		}
		if typed {
			b.WriteString("&")
		}
		return writeValue(b, v.Elem(), typed)
	case reflect.Struct:
		if typed {
			b.WriteString(typeName(v.Type()))
		}
		b.WriteString("{")
		first := true
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.IsZero() || !v.Type().Field(i).IsExported() {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(v.Type().Field(i).Name)
			b.WriteString(": ")
			if err := writeValue(b, f, true); err != nil {
				return err
			}
		}
		b.WriteString("}")
	case reflect.Slice:
		// Lists of columns, indexes and constraints get a line per element,
		// so a reviewer reads a table as a table; lists of names stay on
		// one line.
		elem := v.Type().Elem()
		multiline := elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Struct
		b.WriteString(typeName(v.Type()))
		b.WriteString("{")
		for i := 0; i < v.Len(); i++ {
			switch {
			case multiline:
				b.WriteString("\n")
			case i > 0:
				b.WriteString(", ")
			}
			if err := writeValue(b, v.Index(i), false); err != nil {
				return err
			}
			if multiline {
				b.WriteString(",")
			}
		}
		if multiline && v.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
	case reflect.Map:
		b.WriteString(typeName(v.Type()))
		b.WriteString("{")
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(a.String(), b.String())
		})
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeValue(b, k, false); err != nil {
				return err
			}
			b.WriteString(": ")
			if err := writeValue(b, v.MapIndex(k), false); err != nil {
				return err
			}
		}
		b.WriteString("}")
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int64, reflect.Int32:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	default:
		return fmt.Errorf("render: no literal for %s", v.Type())
	}
	return nil
}

// typeName spells t as the generated file refers to it.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeName(t.Elem())
	case reflect.Slice:
		return "[]" + typeName(t.Elem())
	case reflect.Map:
		return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
	}
	if t.PkgPath() == "" {
		return t.Name()
	}
	return "schema." + t.Name()
}
