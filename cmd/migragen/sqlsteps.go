package main

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// This file reads a migrations directory into the migrate.Migrations its
// compiled package would hold, without compiling it (migragen never runs
// the user's code), so that migrate.Migrator.SQL writes the offline
// script. What a file states as literals is read exactly: the Schema
// steps, migrate.SQL data steps, the names of migrate.Go steps and whether
// they have a Down, NoTransaction and Contract. The checksums the script
// records are then those the program computes. The checks (migrate.Checks)
// are derived again as generate derived them, with the Waived and
// FilledFrom the file gives each. What cannot be read so is named in a
// note, and the script marks where it runs.

const (
	migratePkg = "github.com/migragen/migragen/migrate"
	schemaPkg  = "github.com/migragen/migragen/schema"
)

// offline is a migrations directory read for the offline script.
type offline struct {
	state      *generate.State
	migrations []migrate.Migration
	// notes say where the script differs from what the program runs.
	notes []note
}

// note is a difference between a revision's script and what the program
// runs.
type note struct{ id, text string }

// readOffline loads and verifies dir (generate.Load) and reads its
// revisions' steps.
func readOffline(dir string) (*offline, error) {
	st, err := generate.Load(dir)
	if err != nil {
		return nil, err
	}
	o := &offline{state: st}
	if st.Empty() {
		return o, nil
	}
	// after holds each revision's schema, for the checks of its children.
	after := map[string]*schema.Snapshot{}
	fset := token.NewFileSet()
	for _, f := range st.Migrations {
		before, err := o.before(f, after)
		if err != nil {
			return nil, err
		}
		mig, err := o.read(fset, filepath.Join(dir, f.ID+".go"), f, before)
		if err != nil {
			return nil, err
		}
		if after[f.ID], err = schema.Apply(before, f.Up); err != nil {
			return nil, fmt.Errorf("replaying revision %s: %w", f.ID, err)
		}
		o.migrations = append(o.migrations, mig)
	}
	o.migrations = migrate.StampSettings(st.Snapshot.Settings, o.migrations)
	return o, nil
}

// before is the schema revision f was generated against: its parent's, or,
// for a merge, the replay of all it descends from.
func (o *offline) before(f render.File, after map[string]*schema.Snapshot) (*schema.Snapshot, error) {
	switch len(f.Parents) {
	case 0:
		return schema.New(o.state.Snapshot.Settings), nil
	case 1:
		return after[f.Parents[0]], nil
	}
	ancestors := map[string]bool{}
	var walk func(id string)
	byID := map[string]render.File{}
	for _, m := range o.state.Migrations {
		byID[m.ID] = m
	}
	walk = func(id string) {
		if !ancestors[id] {
			ancestors[id] = true
			for _, p := range byID[id].Parents {
				walk(p)
			}
		}
	}
	for _, p := range f.Parents {
		walk(p)
	}
	s := schema.New(o.state.Snapshot.Settings)
	for _, m := range o.state.Migrations {
		if ancestors[m.ID] {
			var err error
			if s, err = schema.Apply(s, m.Up); err != nil {
				return nil, fmt.Errorf("replaying revision %s: %w", m.ID, err)
			}
		}
	}
	return s, nil
}

// stepReader reads the steps of one file.
type stepReader struct {
	fset                *token.FileSet
	path                string
	migrateName, schema string
	// scope reads the changes of the file's Schema steps.
	scope *render.Scope
	// unread names the steps that could not be read.
	unread []string
}

// read reads the migrate.Migration literal of the file at path, which
// generate.Load read as f; before is the schema it starts from.
func (o *offline) read(fset *token.FileSet, path string, f render.File, before *schema.Snapshot) (migrate.Migration, error) {
	file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return migrate.Migration{}, err
	}
	src, err := render.ReadSource(fset, file)
	if err != nil {
		return migrate.Migration{}, err
	}
	r := &stepReader{fset: fset, path: path, migrateName: importName(file, migratePkg), schema: importName(file, schemaPkg), scope: render.NewScope(fset, file)}
	lit := r.migrationLit(file)
	mig := migrate.Migration{ID: f.ID, Parents: f.Parents, DependsOn: f.DependsOn, Replaces: f.Replaces, Message: f.Message, Contract: f.Contract, NoTransaction: src.NoTransaction}
	var upChecks, downChecks map[int]*ast.CompositeLit
	for _, elt := range lit.Elts {
		kv := elt.(*ast.KeyValueExpr) // ReadSource checked the form
		switch kv.Key.(*ast.Ident).Name {
		case "Up":
			mig.Up, upChecks, err = r.steps(kv.Value, "Up")
		case "Down":
			mig.Down, downChecks, err = r.steps(kv.Value, "Down")
		}
		if err != nil {
			return migrate.Migration{}, err
		}
	}
	if err := o.checks(&mig, before, r, upChecks, downChecks); err != nil {
		return migrate.Migration{}, err
	}
	if len(r.unread) > 0 {
		o.notes = append(o.notes, note{f.ID, fmt.Sprintf("revision %s: migragen reads migration files without compiling them and cannot read %s; "+
			"the script marks where each runs, and the checksum it records for %s is not the one the program computes "+
			"(apply the revision with the program, or fix the recorded checksum after running the script)",
			f.ID, strings.Join(r.unread, ", "), f.ID)})
	}
	return mig, nil
}

// migrationLit is the file's migrate.Migration literal, the value of a
// package-level var, as ReadSource found it.
func (r *stepReader) migrationLit(file *ast.File) *ast.CompositeLit {
	for _, decl := range file.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					if lit, ok := v.(*ast.CompositeLit); ok && r.is(lit.Type, r.migrateName, "Migration") {
						return lit
					}
				}
			}
		}
	}
	return nil
}

// steps reads a []migrate.Step literal; which is "Up" or "Down". The
// migrate.Checks steps are left empty, their literals returned by index
// for checks.
func (r *stepReader) steps(e ast.Expr, which string) ([]migrate.Step, map[int]*ast.CompositeLit, error) {
	var out []migrate.Step
	checks := map[int]*ast.CompositeLit{}
	for i, elt := range e.(*ast.CompositeLit).Elts { // ReadSource checked the form
		lit, _ := elt.(*ast.CompositeLit)
		switch {
		case lit != nil && r.is(lit.Type, r.migrateName, "Schema"):
			var step migrate.Schema
			for _, f := range lit.Elts { // ReadSource checked: Changes only
				changes, err := r.scope.Changes(f.(*ast.KeyValueExpr).Value)
				if err != nil {
					return nil, nil, err
				}
				step.Changes = append(step.Changes, changes...)
			}
			out = append(out, step)
		case lit != nil && r.is(lit.Type, r.migrateName, "Checks"):
			checks[len(out)] = lit
			out = append(out, migrate.Checks(nil))
		case lit != nil && r.is(lit.Type, r.migrateName, "SQL"):
			if s, ok := r.sqlStep(lit); ok {
				out = append(out, s)
				continue
			}
			out = append(out, r.unreadable(elt, which, i, "migrate.SQL with values that are not literals"))
		case lit != nil && r.is(lit.Type, r.migrateName, "Go"):
			if s, ok := r.goStep(lit); ok {
				out = append(out, s)
				continue
			}
			out = append(out, r.unreadable(elt, which, i, "migrate.Go whose Name is not a literal"))
		default:
			out = append(out, r.unreadable(elt, which, i, "a step that is not a migrate.Schema, Checks, SQL or Go literal"))
		}
	}
	return out, checks, nil
}

// unreadable stands for a step the reader cannot read: a Go step whose
// name says where it is, so that the script marks its place.
func (r *stepReader) unreadable(at ast.Node, which string, i int, what string) migrate.Step {
	name := fmt.Sprintf("%s step %d at %s (%s)", which, i+1, r.position(at), what)
	r.unread = append(r.unread, name)
	return migrate.Go{Name: name, Up: notRun}
}

func (r *stepReader) position(n ast.Node) string {
	p := r.fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// notRun is the body of the Go steps the reader builds: the offline
// script only marks where they run.
func notRun(context.Context, *gorm.DB) error {
	return errors.New("migragen read this step from its file without compiling it; run it from the program")
}

// sqlStep reads a migrate.SQL literal whose fields are literals.
func (r *stepReader) sqlStep(lit *ast.CompositeLit) (migrate.SQL, bool) {
	var s migrate.SQL
	for _, elt := range lit.Elts {
		key, value := keyValue(elt)
		if key == "" {
			return s, false
		}
		var err error
		switch key {
		case "Dialect":
			s.Dialect, err = constString(value)
		case "Up":
			s.Up, err = constString(value)
		case "Down":
			s.Down, err = constString(value)
		case "Online":
			s.Online, err = constBool(value)
		default:
			return s, false
		}
		if err != nil {
			return s, false
		}
	}
	return s, true
}

// goStep reads a migrate.Go literal: its Name, and whether it has a Down,
// which is all the checksum and the script use of it.
func (r *stepReader) goStep(lit *ast.CompositeLit) (migrate.Go, bool) {
	s := migrate.Go{Up: notRun}
	for _, elt := range lit.Elts {
		key, value := keyValue(elt)
		switch key {
		case "":
			return s, false
		case "Name":
			name, err := constString(value)
			if err != nil {
				return s, false
			}
			s.Name = name
		case "Down":
			if id, ok := value.(*ast.Ident); !ok || id.Name != "nil" {
				s.Down = notRun
			}
		}
	}
	return s, true
}

// keyValue splits a Name: value element; key is "" for any other form.
func keyValue(e ast.Expr) (key string, value ast.Expr) {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		if id, ok := kv.Key.(*ast.Ident); ok {
			return id.Name, kv.Value
		}
	}
	return "", nil
}

// constString evaluates a string literal or a sum of them, the forms
// render writes.
func constString(e ast.Expr) (string, error) {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			return strconv.Unquote(e.Value)
		}
	case *ast.SelectorExpr:
		// migrate.NothingToUndo, the one named string the README shows in
		// a SQL step, under whatever name the file imports migrate.
		if _, ok := e.X.(*ast.Ident); ok && e.Sel.Name == "NothingToUndo" {
			return migrate.NothingToUndo, nil
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			x, err := constString(e.X)
			if err != nil {
				return "", err
			}
			y, err := constString(e.Y)
			return x + y, err
		}
	}
	return "", errors.New("not a string literal")
}

func constBool(e ast.Expr) (bool, error) {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
		return id.Name == "true", nil
	}
	return false, errors.New("not a bool literal")
}

func (r *stepReader) is(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && pkg != "" && x.Name == pkg && sel.Sel.Name == name
}

// importName is the name file uses for the package at path, or "".
func importName(file *ast.File, path string) string {
	for _, imp := range file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return path[strings.LastIndex(path, "/")+1:]
		}
	}
	return ""
}
