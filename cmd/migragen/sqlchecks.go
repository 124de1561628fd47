package main

import (
	"fmt"
	"go/ast"
	"reflect"

	"github.com/migragen/migragen/migrate"
	"github.com/migragen/migragen/schema"
)

// The checks of a migration file are data (migrate.Checks) that migragen
// cannot evaluate without compiling the file. The offline script shows
// them as generate derives them, with the waivers the file gives.

// checks fills the migrate.Checks steps of mig, whose literals upChecks
// and downChecks hold by index, with the checks generate derives for the
// direction (schema.Preconditions: Up's on before, Down's on the schema
// after Up), taking each one's Waived and FilledFrom from the file. When
// the file's list is not the derived one (a check added, removed or
// changed by hand beyond those fields), the script shows none of that
// step's checks and a note says so.
func (o *offline) checks(mig *migrate.Migration, before *schema.Snapshot, r *stepReader, upChecks, downChecks map[int]*ast.CompositeLit) error {
	var upChanges, downChanges []schema.Change
	for _, s := range mig.Up {
		if sc, ok := s.(migrate.Schema); ok {
			upChanges = append(upChanges, sc.Changes...)
		}
	}
	for _, s := range mig.Down {
		if sc, ok := s.(migrate.Schema); ok {
			downChanges = append(downChanges, sc.Changes...)
		}
	}
	after, err := schema.Apply(before, upChanges)
	if err != nil {
		return fmt.Errorf("replaying revision %s: %w", mig.ID, err)
	}
	for _, d := range []struct {
		steps []migrate.Step
		lits  map[int]*ast.CompositeLit
		want  []schema.Precondition
		which string
	}{
		{mig.Up, upChecks, schema.Preconditions(before, upChanges), "Up"},
		{mig.Down, downChecks, schema.Preconditions(after, downChanges), "Down"},
	} {
		for i := range d.steps {
			lit := d.lits[i]
			if lit == nil {
				continue
			}
			checks, ok := r.overlay(lit, d.want)
			if !ok {
				o.notes = append(o.notes, note{mig.ID, fmt.Sprintf("revision %s: the checks of %s at %s are not those generate writes (edited by hand, or written by another version of migragen?); "+
					"the script leaves them out: read them in the file", mig.ID, d.which, r.position(lit))})
			}
			d.steps[i] = migrate.Checks(checks)
			d.want = nil // a second Checks step holds nothing generate wrote
		}
	}
	return nil
}

// overlay matches the elements of a migrate.Checks literal with the
// derived checks, one for one by type and by their string fields, and
// returns the derived checks with the Waived and FilledFrom the literal
// gives. ok is false when they do not match.
func (r *stepReader) overlay(lit *ast.CompositeLit, derived []schema.Precondition) (out []schema.Precondition, ok bool) {
	if len(lit.Elts) != len(derived) {
		return nil, false
	}
	for i, elt := range lit.Elts {
		el, _ := elt.(*ast.CompositeLit)
		v := reflect.New(reflect.TypeOf(derived[i])).Elem()
		v.Set(reflect.ValueOf(derived[i]))
		if el == nil || !r.is(el.Type, r.schema, v.Type().Name()) {
			return nil, false
		}
		for _, f := range []string{"Waived", "FilledFrom"} {
			if fv := v.FieldByName(f); fv.IsValid() {
				fv.SetString("")
			}
		}
		for _, e := range el.Elts {
			key, value := keyValue(e)
			if key == "" {
				return nil, false
			}
			s, err := constString(value)
			if err != nil {
				continue // not a string field: derived, not compared
			}
			fv := v.FieldByName(key)
			switch {
			case !fv.IsValid() || fv.Kind() != reflect.String:
				return nil, false
			case key == "Waived" || key == "FilledFrom":
				fv.SetString(s)
			case fv.String() != s:
				return nil, false
			}
		}
		out = append(out, v.Interface().(schema.Precondition))
	}
	return out, true
}
