package analyzer_test

import (
	"strings"
	"testing"

	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/schema"

	// Registers "text" and "csv" in this test binary's GORM, as the
	// application's own binary would.
	_ "github.com/migragen/migragen/internal/corpus/serializers"
)

// TestSerializersFromSource checks that the analyzer judges a serializer
// by what the analyzed source registers: a registration it finds silences
// the warning, and one made only in the process running the analyzer (this
// test binary links the serializers corpus) does not.
func TestSerializersFromSource(t *testing.T) {
	requireGo(t)
	if _, ok := gormschema.GetSerializer("text"); !ok {
		t.Fatal(`the serializers corpus should have registered "text" in this process`)
	}

	// The tags package registers nothing, so "text" stays unknown there.
	tags := analyze(t, schema.Settings{}, diagCases+"tags")
	if !hasDiag(tags, "tags.Legacy.Body", `serializer "text" is neither built into GORM`) {
		t.Errorf(`no warning for serializer "text" in a package that does not register it; got %v`, tags.Diagnostics)
	}

	// The serializers package registers text in init, Pipe in a function
	// and csv in another package: no diagnostic of any severity.
	res := analyze(t, schema.Settings{}, diagCases+"serializers")
	for _, d := range res.Diagnostics {
		if strings.HasPrefix(d.Object, "serializers.Document.") && d.Object != "serializers.Document.Missing" {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
	if res.Snapshot == nil {
		t.Fatalf("no snapshot: %v", res.Err())
	}
	// GORM's ParseField makes a serializer field a string, then lets the
	// kind of the field's own value overwrite that for bools and numbers
	// (gorm.io/gorm/schema/field.go: the serializer branch, then the
	// reflect.Kind switch), so the int64 field is an int.
	want := map[string]string{"body": "string", "lines": "string", "cells": "string", "count": "int", "missing": "string"}
	for name, dataType := range want {
		c := res.Snapshot.Table("documents").Column(name)
		if c == nil || c.DataType != dataType {
			t.Errorf("documents.%s = %+v, want data type %s", name, c, dataType)
		}
	}
	if c := res.Snapshot.Table("documents").Column("cells"); c != nil && c.Size != 256 {
		t.Errorf("documents.cells size = %d, want 256", c.Size)
	}
}

// hasDiag reports whether res has a diagnostic on object containing msg.
func hasDiag(res *analyzer.Result, object, msg string) bool {
	for _, d := range res.Diagnostics {
		if d.Object == object && strings.Contains(d.Message, msg) {
			return true
		}
	}
	return false
}
