package runtimetypes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/dialects"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{"time_entries", "invoices"},
	}.CheckAll(t)
}

// TestDirectiveMatchesServers holds Document's //migragen:dbtype directive
// against what its GormDBDataType method returns where the project's
// oracles run GORM: on each live engine (the zero-DDL oracle's) and on the
// dry-run databases (the parity oracle's). A directive that stated another
// server's type would pass both oracles only by accident.
func TestDirectiveMatchesServers(t *testing.T) {
	stated := directive(t, "Document")
	ask := func(t *testing.T, db *gorm.DB) {
		t.Helper()
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(&Invoice{}); err != nil {
			t.Fatal(err)
		}
		field := stmt.Schema.LookUpField("tags")
		name := db.Dialector.Name()
		if got := (Document{}).GormDBDataType(db, field); got != stated[name] {
			t.Errorf("on %s GORM gets %q from Document.GormDBDataType; the directive states %q", name, got, stated[name])
		}
	}
	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			db, _ := corpustest.Open(t, d)
			ask(t, db)
		})
	}
	t.Run("dry-run", func(t *testing.T) {
		dbs, err := dialects.DryRun()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range dialects.Names {
			ask(t, dbs[name])
		}
	})
}

// directive reads the //migragen:dbtype comment of a type in models.go.
func directive(t *testing.T, typeName string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "models.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || gd.Specs[0].(*ast.TypeSpec).Name.Name != typeName || gd.Doc == nil {
			continue
		}
		for _, c := range gd.Doc.List {
			if arg, ok := strings.CutPrefix(c.Text, "//migragen:dbtype "); ok {
				out := map[string]string{}
				for _, pair := range strings.Fields(arg) {
					name, typ, _ := strings.Cut(pair, "=")
					out[name] = typ
				}
				return out
			}
		}
	}
	t.Fatalf("no //migragen:dbtype directive on %s", typeName)
	return nil
}
