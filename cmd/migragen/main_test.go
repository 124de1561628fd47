package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/migragen/migragen/schema"
)

func TestSnapshotCommand(t *testing.T) {
	const diag = "github.com/migragen/migragen/analyzer/testdata/diagnostics/"
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStderr string
	}{
		{"example", []string{"snapshot", "github.com/migragen/migragen/example/models"}, exitOK, "6 tables from 5 root models"},
		{"verbose", []string{"snapshot", "-v", "github.com/migragen/migragen/example/models"}, exitOK, "table product_categories (added by AutoMigrate)"},
		{"explicit roots", []string{"snapshot", "-models", "Category", "github.com/migragen/migragen/example/models"}, exitOK, "1 tables from 1 root models"},
		{"bad models", []string{"snapshot", diag + "types"}, exitFindings, ":2: types.Shipment.Price: GORM decides"},
		{"does not compile", []string{"snapshot", diag + "broken"}, exitUsage, "models.go:6:7: undefined: strin"},
		{"no such package", []string{"snapshot", "example.com/does/not/exist"}, exitUsage, "does/not/exist"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"no command", nil, exitUsage, "usage: migragen"},
		{"help", []string{"snapshot", "-h"}, exitOK, "Prints the schema snapshot"},
		{"bad flag", []string{"snapshot", "-nope"}, exitUsage, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, &stderr)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, &stderr)
			}
			if code != exitOK || tt.args[len(tt.args)-1] == "-h" {
				if stdout.Len() > 0 {
					t.Errorf("nothing may be printed to stdout on failure, got:\n%s", &stdout)
				}
				return
			}
			if _, err := schema.Decode("stdout", stdout.Bytes()); err != nil {
				t.Errorf("stdout is not a valid snapshot: %v", err)
			}
		})
	}
}
