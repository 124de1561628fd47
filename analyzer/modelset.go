package analyzer

import (
	"go/types"

	"github.com/migragen/migragen/schema"
)

// modelSet mirrors migrator.ReorderModels(values, true): the root models
// plus the join tables and the foreign-key targets AutoMigrate adds, in
// AutoMigrate's order.
func (p *parser) modelSet(roots []*model) []*model {
	type dependency struct {
		model   *model
		depends []*model
	}
	var (
		modelNames, ordered []string
		orderedSeen         = map[string]bool{}
		parsed              = map[*model]bool{}
		byTable             = map[string]dependency{}
		parseDependence     func(m *model, addToList bool)
		insert              func(name string)
	)

	parseDependence = func(m *model, addToList bool) {
		if parsed[m] {
			return
		}
		parsed[m] = true
		dep := dependency{model: m}
		beDependedOn := map[*model]bool{}
		var joins []*relation
		for _, rel := range m.relationList() {
			if rel.field != nil && rel.field.ignoreMigration {
				continue
			}
			if c := p.parseConstraint(rel); c != nil && c.schema == m && c.schema != c.referenceSchema {
				dep.depends = append(dep.depends, c.referenceSchema)
			}
			if rel.typ == hasOne || rel.typ == hasMany {
				beDependedOn[rel.fieldSchema] = true
			}
			if rel.joinTable != nil {
				joins = append(joins, rel)
			}
		}
		if prev, ok := byTable[m.table]; ok && prev.model != m && !sameJoinTable(prev.model, m) {
			p.warnSharedTable(prev.model, m)
		}
		byTable[m.table] = dep
		if addToList {
			modelNames = append(modelNames, m.table)
		}
		// GORM handles join tables in deferred calls, so after the model
		// was stored and in reverse order. Its deferred append of the
		// many2many target to the model's dependencies lands on a copy and
		// is lost; the target still joins the set through the join table's
		// own foreign keys.
		for i := len(joins) - 1; i >= 0; i-- {
			rel := joins[i]
			if beDependedOn[rel.fieldSchema] {
				parseDependence(rel.fieldSchema, addToList)
			}
			parseDependence(rel.joinTable, addToList)
		}
	}

	insert = func(name string) {
		if orderedSeen[name] {
			return
		}
		orderedSeen[name] = true
		for _, d := range byTable[name].depends {
			if _, ok := byTable[d.table]; !ok {
				parseDependence(d, true)
			}
			insert(d.table)
		}
		ordered = append(ordered, name)
	}

	for _, m := range roots {
		parseDependence(m, true)
	}
	for _, name := range modelNames {
		insert(name)
	}
	out := make([]*model, 0, len(ordered))
	for _, name := range ordered {
		out = append(out, byTable[name].model)
	}
	return out
}

// sameJoinTable reports whether a and b are the join tables the two sides
// of one many2many declare: the same columns, so nothing is lost whichever
// GORM keeps.
func sameJoinTable(a, b *model) bool {
	if !a.joinTable || !b.joinTable || len(a.dbNames) != len(b.dbNames) {
		return false
	}
	for _, name := range a.dbNames {
		fa, fb := a.fieldsByDBName[name], b.fieldsByDBName[name]
		if fb == nil || fa.dataType != fb.dataType || fa.size != fb.size {
			return false
		}
	}
	return true
}

// warnSharedTable reports two models that map to one table; GORM keeps the
// one it reached last and says nothing.
func (p *parser) warnSharedTable(prev, m *model) {
	describe := func(x *model) string {
		if x.joinTable {
			return "the join table of " + x.joinOf
		}
		return x.name
	}
	d := p.diags.warnf(m.pos, m.name, "%s and %s both map to table %q; AutoMigrate silently uses only %s",
		describe(prev), describe(m), m.table, describe(m))
	switch {
	case prev.joinTable && !m.joinTable:
		d.hint("if %s is the join table, the application calls db.SetupJoinTable; tell migragen with -join-table %s=%s", m.name, prev.joinOf, m.name)
	case m.joinTable && !prev.joinTable:
		d.hint("if %s is the join table, the application calls db.SetupJoinTable; tell migragen with -join-table %s=%s", prev.name, m.joinOf, prev.name)
	default:
		d.hint("give one of them its own TableName, or mark one //migragen:ignore")
	}
}

// snapshotTable mirrors what CreateTable emits for one model.
func (p *parser) snapshotTable(m *model, disableFKs bool) *schema.Table {
	t := &schema.Table{Name: m.table, Model: modelName(m), JoinTable: m.joinTable, Columns: []*schema.Column{}}
	for _, dbName := range m.dbNames {
		f := m.fieldsByDBName[dbName]
		if f.ignoreMigration {
			continue
		}
		p.resolveDBTypes(m, f)
		t.Columns = append(t.Columns, columnOf(f))
	}
	// GORM creates indexes and constraints even on fields that have no
	// column (-:migration, or "-" on the field), and the database then
	// refuses them; say so where the field is.
	hasColumn := func(f *field, what string) bool {
		if f != nil && (f.ignoreMigration || f.dbName == "") && t.Column(f.dbName) == nil {
			p.diags.errorf(f.pos, f.path, "GORM would create %s on this field, which has no column, and the database refuses it", what).
				hint("remove the setting, or let the field have a column; if you create the column yourself, create the index or constraint in the same migration step")
			m.failed = true
			return false
		}
		return true
	}
	for _, idx := range p.parseIndexes(m) {
		ok := true
		for _, f := range idx.fields {
			ok = hasColumn(f, "index "+idx.Name) && ok
		}
		if ok {
			ix := idx.Index
			t.Indexes = append(t.Indexes, &ix)
		}
	}
	for _, u := range p.parseUniques(m) {
		if hasColumn(fieldOfColumn(m, u.Column), "unique constraint "+u.Name) {
			t.Uniques = append(t.Uniques, u)
		}
	}
	for _, c := range p.parseChecks(m) {
		if hasColumn(fieldOfColumn(m, c.Column), "check "+c.Name) {
			t.Checks = append(t.Checks, c)
		}
	}
	if !disableFKs {
		for _, rel := range m.relationList() {
			if rel.field != nil && rel.field.ignoreMigration {
				continue
			}
			c := p.parseConstraint(rel)
			if c == nil || c.schema != m {
				continue
			}
			fk := &schema.ForeignKey{Name: c.name, Derived: c.derived, RefTable: c.referenceSchema.table, OnUpdate: c.onUpdate, OnDelete: c.onDelete}
			ok := true
			for _, f := range c.foreignKeys {
				ok = hasColumn(f, "foreign key "+c.name) && ok
			}
			if !ok {
				continue
			}
			for i := range c.foreignKeys {
				fk.Columns = append(fk.Columns, c.foreignKeys[i].dbName)
				fk.RefColumns = append(fk.RefColumns, c.references[i].dbName)
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}
	return t
}

// fieldOfColumn returns the first field of m for a column name, including
// fields that have no column of their own.
func fieldOfColumn(m *model, dbName string) *field {
	for _, f := range m.fields {
		if f.dbName == dbName {
			return f
		}
	}
	return nil
}

func modelName(m *model) string {
	if n, ok := types.Unalias(m.typ).(*types.Named); ok && !m.joinTable {
		if pkg := n.Obj().Pkg(); pkg != nil {
			return pkg.Path() + "." + m.name
		}
	}
	return ""
}

func columnOf(f *field) *schema.Column {
	c := &schema.Column{
		Name:          f.dbName,
		Field:         f.bindName(),
		DataType:      f.dataType,
		GORMDataType:  f.gormDataType,
		Type:          f.tagSettings["TYPE"],
		Size:          f.size,
		Precision:     f.precision,
		Scale:         f.scale,
		PrimaryKey:    f.primaryKey,
		AutoIncrement: f.autoIncrement,
		NotNull:       f.notNull,
		HasDefault:    f.hasDefault,
		Default:       f.defaultValue,
		DefaultKind:   f.defaultKind,
		Comment:       f.comment,
		IndexTag:      f.tagSettings["INDEX"] != "",
		UniqueTag:     f.tagSettings["UNIQUE"] != "",
		PrecisionTag:  f.tagSettings["PRECISION"] != "",
		Generated:     f.tagSettings["GENERATED"],
	}
	if v, ok := f.tagSettings["COMMENT"]; ok && v != f.comment {
		c.TagComment = v
	}
	if len(f.dbTypes) > 0 {
		c.DBTypesOnly = f.dbTypesOnly
		c.DBTypes = map[string]string{}
		for k, v := range f.dbTypes {
			c.DBTypes[k] = v
		}
	}
	return c
}
