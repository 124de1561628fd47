package analyzer

import (
	"reflect"
	"sort"
	"strconv"
	"strings"

	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/schema"
)

// This file ports gorm's schema/index.go and schema/constraint.go: the
// indexes, unique constraints and checks CreateTable emits for a model.

// parsedIndex is one index with the fields it covers, in priority order.
type parsedIndex struct {
	schema.Index
	fields   []*field
	priority []int
}

// parseIndexes mirrors Schema.ParseIndexes.
func (p *parser) parseIndexes(m *model) []*parsedIndex {
	byName := map[string]*parsedIndex{}
	var indexes []*parsedIndex
	for _, f := range m.fields {
		if f.tagSettings["INDEX"] == "" && f.tagSettings["UNIQUEINDEX"] == "" {
			continue
		}
		fieldIndexes, ok := p.parseFieldIndexes(m, f)
		if !ok {
			break // GORM stops at the first broken index tag
		}
		for _, fi := range fieldIndexes {
			idx := byName[fi.Name]
			if idx == nil {
				idx = &parsedIndex{Index: schema.Index{Name: fi.Name, Derived: fi.Derived}}
				byName[fi.Name] = idx
				indexes = append(indexes, idx)
			}
			idx.Class = firstNonEmpty(idx.Class, fi.Class)
			idx.Type = firstNonEmpty(idx.Type, fi.Type)
			idx.Where = firstNonEmpty(idx.Where, fi.Where)
			idx.Comment = firstNonEmpty(idx.Comment, fi.Comment)
			idx.Option = firstNonEmpty(idx.Option, fi.Option)
			idx.Columns = append(idx.Columns, fi.Columns...)
			idx.fields = append(idx.fields, fi.fields...)
			idx.priority = append(idx.priority, fi.priority...)
			sortByPriority(idx)
		}
	}
	return indexes
}

// sortByPriority orders an index's parts as GORM's sort.Slice does. For up
// to 12 parts that sort is an insertion sort, so stable, as here; beyond
// that GORM's order of parts with equal priority is unspecified.
func sortByPriority(idx *parsedIndex) {
	order := make([]int, len(idx.priority))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return idx.priority[order[i]] < idx.priority[order[j]] })
	cols, fields, prio := make([]*schema.IndexColumn, len(order)), make([]*field, len(order)), make([]int, len(order))
	for i, o := range order {
		cols[i], fields[i], prio[i] = idx.Columns[o], idx.fields[o], idx.priority[o]
	}
	idx.Columns, idx.fields, idx.priority = cols, fields, prio
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseFieldIndexes mirrors gorm's parseFieldIndexes, which reads the raw
// tag again rather than the parsed settings.
func (p *parser) parseFieldIndexes(m *model, f *field) ([]*parsedIndex, bool) {
	var out []*parsedIndex
	for _, value := range strings.Split(reflect.StructTag(f.tag).Get("gorm"), ";") {
		if value == "" {
			continue
		}
		v := strings.Split(value, ":")
		k := strings.TrimSpace(strings.ToUpper(v[0]))
		if k != "INDEX" && k != "UNIQUEINDEX" {
			continue
		}
		tag := strings.Join(v[1:], ":")
		idx := strings.IndexByte(tag, ',')
		settings := gormschema.ParseTagSetting(strings.Join(strings.Split(tag, ",")[1:], ","), ",")
		length, _ := strconv.Atoi(settings["LENGTH"])
		if idx == -1 {
			idx = len(tag)
		}
		name, derived := tag[:idx], false
		if name == "" {
			subName := f.name
			if composite, found := settings["COMPOSITE"]; found {
				if composite == "" || composite == "COMPOSITE" {
					p.diags.errorf(f.pos, f.path, "the composite option of an index tag needs a name; GORM stops reading this model's indexes here").
						hint("write composite:<name>, e.g. index:,composite:owner_slug")
					return nil, false
				}
				subName = composite
			}
			name, derived = p.namer.IndexName(m.table, subName), true
		}
		if k == "UNIQUEINDEX" || settings["UNIQUE"] != "" {
			settings["CLASS"] = "UNIQUE"
		}
		priority, err := strconv.Atoi(settings["PRIORITY"])
		if err != nil {
			priority = 10
		}
		out = append(out, &parsedIndex{
			Index: schema.Index{
				Name: name, Derived: derived,
				Class: settings["CLASS"], Type: settings["TYPE"], Where: settings["WHERE"],
				Comment: settings["COMMENT"], Option: settings["OPTION"],
				Columns: []*schema.IndexColumn{{
					Column: f.dbName, Expression: settings["EXPRESSION"], Sort: settings["SORT"],
					Collate: settings["COLLATE"], Length: length,
				}},
			},
			fields:   []*field{f},
			priority: []int{priority},
		})
	}
	return out, true
}

// parseChecks mirrors Schema.ParseCheckConstraints. GORM walks a map, so
// when two fields declare the same check name the survivor is random; the
// analyzer keeps the first in field order and warns.
func (p *parser) parseChecks(m *model) []*schema.Check {
	var out []*schema.Check
	seen := map[string]*field{}
	for _, dbName := range m.dbNames {
		f := m.fieldsByDBName[dbName]
		chk := f.tagSettings["CHECK"]
		if chk == "" {
			continue
		}
		names := strings.Split(chk, ",")
		c := &schema.Check{Column: f.dbName}
		if len(names) > 1 && regEnLetterAndMidline.MatchString(names[0]) {
			c.Name, c.Expr = names[0], strings.Join(names[1:], ",")
		} else {
			if names[0] == "" {
				chk = strings.Join(names[1:], ",")
			}
			c.Name, c.Expr, c.Derived = p.namer.CheckerName(m.table, f.dbName), chk, true
		}
		if other, dup := seen[c.Name]; dup {
			p.diags.warnf(f.pos, f.path, "check %q is also declared on %s; GORM creates only one of them, chosen at random", c.Name, other.name).
				hint("give each check its own name")
			continue
		}
		seen[c.Name] = f
		out = append(out, c)
	}
	return out
}

// parseUniques mirrors Schema.ParseUniqueConstraints.
func (p *parser) parseUniques(m *model) []*schema.Unique {
	var out []*schema.Unique
	seen := map[string]bool{}
	for _, f := range m.fields {
		if !f.unique {
			continue
		}
		name := p.namer.UniqueName(m.table, f.dbName)
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, &schema.Unique{Name: name, Derived: true, Column: f.dbName})
	}
	return out
}
