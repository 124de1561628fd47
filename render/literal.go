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
	return formatChanges(changes, &writer{})
}

// compactChanges returns changes in the compact form a migration file's
// Up variable holds them, each column without what schema.Derive fills in
// (schema.Column.Compact) and each index's columns on one line, about a
// tenth less text than the full literal for a table. derive says the file
// must pass the variable through schema.Derive; it is false when a column
// has no compact form, and then the literal is the full one Changes
// writes.
//
// The literal stays a plain composite literal, and the file calls Derive
// where Up uses it: the compiler lays out a literal of constants as data,
// while the same literal as a call's argument becomes code to build it at
// start-up, which took four times as long to compile at 200 models.
func compactChanges(changes []schema.Change) (src string, derive bool, err error) {
	w := &writer{compact: true}
	src, err = formatChanges(changes, w)
	if err != nil || w.lossy {
		src, err = Changes(changes)
		return src, false, err
	}
	return src, true, nil
}

// formatChanges writes changes with w and formats the result.
func formatChanges(changes []schema.Change, w *writer) (string, error) {
	var b bytes.Buffer
	b.WriteString("[]schema.Change{\n")
	for _, c := range changes {
		if err := schema.Complete(c); err != nil {
			return "", fmt.Errorf("render: %w", err)
		}
		if err := w.value(&b, reflect.ValueOf(c), true); err != nil {
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

// writer says how writeValue spells values.
type writer struct {
	// compact writes columns as schema.Column.Compact returns them, for
	// schema.Derive to complete, and an index's columns on one line.
	compact bool
	// lossy is set when compact met a column Derive would not give back.
	lossy bool
}

var (
	columnType      = reflect.TypeFor[schema.Column]()
	indexColumnType = reflect.TypeFor[*schema.IndexColumn]()
)

// writeValue prints v as a Go expression. typed says whether the literal
// must name its type; inside a slice or map of that type Go lets it be
// elided.
func writeValue(b *bytes.Buffer, v reflect.Value, typed bool) error {
	return (&writer{}).value(b, v, typed)
}

func (w *writer) value(b *bytes.Buffer, v reflect.Value, typed bool) error {
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
		return w.value(b, v.Elem(), typed)
	case reflect.Struct:
		if w.compact && v.Type() == columnType {
			c, ok := v.Interface().(schema.Column).Compact()
			w.lossy = w.lossy || !ok
			v = reflect.ValueOf(c)
		}
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
			if err := w.value(b, f, true); err != nil {
				return err
			}
		}
		b.WriteString("}")
	case reflect.Slice:
		// Lists of columns, indexes and constraints get a line per element,
		// so a reviewer reads a table as a table; lists of names stay on
		// one line.
		elem := v.Type().Elem()
		multiline := (elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Struct) && !(w.compact && elem == indexColumnType)
		b.WriteString(typeName(v.Type()))
		b.WriteString("{")
		for i := 0; i < v.Len(); i++ {
			switch {
			case multiline:
				b.WriteString("\n")
			case i > 0:
				b.WriteString(", ")
			}
			if err := w.value(b, v.Index(i), false); err != nil {
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
			if err := w.value(b, k, false); err != nil {
				return err
			}
			b.WriteString(": ")
			if err := w.value(b, v.MapIndex(k), false); err != nil {
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
