package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/jinzhu/inflection"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	gormschema "gorm.io/gorm/schema"
)

// This file ports gorm's schema/relationship.go. Names of functions and the
// order of their steps follow GORM's so the two can be read side by side.

func toColumns(val string) (results []string) {
	if val != "" {
		for _, v := range strings.Split(val, ",") {
			results = append(results, strings.TrimSpace(v))
		}
	}
	return results
}

// parseRelation mirrors Schema.parseRelation.
func (p *parser) parseRelation(m *model, f *field) {
	rel := &relation{
		name:        f.name,
		field:       f,
		schema:      m,
		foreignKeys: toColumns(f.tagSettings["FOREIGNKEY"]),
		primaryKeys: toColumns(f.tagSettings["REFERENCES"]),
	}
	rel.fieldSchema = p.getOrParse(f.indirectType, f.pos)
	if rel.fieldSchema == nil {
		p.reportNotAColumn(m, f)
		return
	}

	if hasPolymorphicRelation(f.tagSettings) {
		p.buildPolymorphicRelation(m, rel, f)
	} else if many2many := f.tagSettings["MANY2MANY"]; many2many != "" {
		p.buildMany2ManyRelation(m, rel, f, many2many)
	} else if f.tagSettings["BELONGSTO"] != "" {
		p.guessRelation(m, rel, f, guessBelongs)
	} else {
		switch f.indirectType.Underlying().(type) {
		case *types.Struct:
			p.guessRelation(m, rel, f, guessGuess)
		case *types.Slice:
			p.guessRelation(m, rel, f, guessHas)
		default:
			p.diags.errorf(f.pos, f.path, "GORM cannot use %s as a relation", typeString(f.fieldType)).
				hint("use a struct, a pointer to one, or a slice of them")
			m.failed = true
		}
	}

	if rel.typ == has {
		if rel.fieldSchema != rel.schema && rel.polymorphic == nil && f.ownerSchema == nil {
			rel.fieldSchema.setRelation("_"+m.name+"_"+rel.name, rel)
		}
		if _, ok := f.indirectType.Underlying().(*types.Slice); ok {
			rel.typ = hasMany
		} else {
			rel.typ = hasOne
		}
	}

	if !m.failed {
		// Schema.setRelation: a relation from an embedded struct does not
		// replace one declared directly.
		if old := m.relations[rel.name]; old == nil || len(old.field.bindNames) > 1 {
			m.setRelation(rel.name, rel)
		}
	}
}

// reportNotAColumn explains a field that is neither a column nor a relation,
// which makes GORM's Parse (and so AutoMigrate) fail.
func (p *parser) reportNotAColumn(m *model, f *field) {
	m.failed = true
	hint := `add a serializer (gorm:"serializer:json") or a type: tag, or exclude it with gorm:"-"`
	p.diags.errorf(f.pos, f.path, "GORM cannot store %s in a column and it is not a relation, so AutoMigrate fails", typeString(f.fieldType)).hint("%s", hint)
}

// hasPolymorphicRelation mirrors the function of that name in GORM.
func hasPolymorphicRelation(settings map[string]string) bool {
	if _, ok := settings["POLYMORPHIC"]; ok {
		return true
	}
	_, hasType := settings["POLYMORPHICTYPE"]
	_, hasID := settings["POLYMORPHICID"]
	return hasType && hasID
}

// buildPolymorphicRelation mirrors Schema.buildPolymorphicRelation.
func (p *parser) buildPolymorphicRelation(m *model, rel *relation, f *field) {
	poly := f.tagSettings["POLYMORPHIC"]
	rel.polymorphic = &polymorphic{value: m.table}
	typeName, typeID := poly+"Type", poly+"ID"
	if v, ok := f.tagSettings["POLYMORPHICTYPE"]; ok {
		typeName = strings.TrimSpace(v)
	}
	if v, ok := f.tagSettings["POLYMORPHICID"]; ok {
		typeID = strings.TrimSpace(v)
	}
	rel.polymorphic.typ = rel.fieldSchema.fieldsByName[typeName]
	rel.polymorphic.id = rel.fieldSchema.fieldsByName[typeID]
	if v, ok := f.tagSettings["POLYMORPHICVALUE"]; ok {
		rel.polymorphic.value = strings.TrimSpace(v)
	}
	fail := func(format string, args ...any) {
		p.diags.errorf(f.pos, f.path, format, args...).
			hint("add the fields the polymorphic tag names to %s, or name them with polymorphicType and polymorphicId", rel.fieldSchema.name)
		m.failed = true
	}
	if rel.polymorphic.typ == nil {
		fail("polymorphic relation: %s has no field %s", rel.fieldSchema.name, typeName)
	}
	if rel.polymorphic.id == nil {
		fail("polymorphic relation: %s has no field %s", rel.fieldSchema.name, typeID)
	}
	if m.failed {
		rel.typ = has
		return
	}
	rel.references = append(rel.references, &reference{primaryValue: rel.polymorphic.value, foreignKey: rel.polymorphic.typ})
	primary := m.prioritized
	if len(rel.foreignKeys) > 0 {
		if primary = m.lookUpField(rel.foreignKeys[0]); primary == nil || len(rel.foreignKeys) > 1 {
			fail("invalid polymorphic foreign keys %v", rel.foreignKeys)
		}
	}
	if primary == nil {
		if !m.failed {
			fail("polymorphic relation: %s has no primary key", m.name)
		}
		rel.typ = has
		return
	}
	copyKeyType(rel.polymorphic.id, primary)
	rel.references = append(rel.references, &reference{primaryKey: primary, foreignKey: rel.polymorphic.id, ownPrimaryKey: true})
	rel.typ = has
}

// copyKeyType mirrors how GORM makes a foreign key's type follow the key it
// references, changing the foreign key's field in place.
func copyKeyType(foreign, primary *field) {
	if copyableDataType(primary.dataType) {
		foreign.dataType = primary.dataType
	}
	foreign.gormDataType = primary.gormDataType
	if foreign.size == 0 {
		foreign.size = primary.size
	}
}

// constraintName returns the name a constraint tag gives its constraint:
// GORM takes the text before the first comma for one when it looks like a
// name.
func constraintName(tag string) (string, bool) {
	first, _, comma := strings.Cut(tag, ",")
	return first, comma && regEnLetterAndMidline.MatchString(first)
}

func copyableDataType(dt string) bool {
	lower := strings.ToLower(dt)
	return !strings.Contains(lower, "auto_increment") && !strings.Contains(lower, "primary key")
}

// title upper-cases the first letter of each word, as GORM's relation
// parsing does. A cases.Caser keeps state while it works, so each call
// gets its own: analyses may run concurrently.
func title(s string) string { return cases.Title(language.Und, cases.NoLower).String(s) }

// joinField is one field of the struct GORM builds with reflect.StructOf
// for a join table.
type joinField struct {
	name string
	typ  types.Type
	tag  string
}

// buildMany2ManyRelation mirrors Schema.buildMany2ManyRelation.
func (p *parser) buildMany2ManyRelation(m *model, rel *relation, f *field, many2many string) {
	rel.typ = many2Many
	var (
		joinFields      []joinField
		fieldsMap       = map[string]*field{}
		ownFieldsMap    = map[string]*field{}
		referFieldsMap  = map[string]*field{}
		joinForeignKeys = toColumns(f.tagSettings["JOINFOREIGNKEY"])
		joinReferences  = toColumns(f.tagSettings["JOINREFERENCES"])
	)
	ownForeignFields := m.primaryFields
	refForeignFields := rel.fieldSchema.primaryFields
	lookUp := func(in *model, names []string) ([]*field, bool) {
		var out []*field
		for _, name := range names {
			ff := in.lookUpField(name)
			if ff == nil {
				p.diags.errorf(f.pos, f.path, "many2many: %s has no field or column %q", in.name, name).
					hint("fix the foreignKey or references tag")
				m.failed = true
				return nil, false
			}
			out = append(out, ff)
		}
		return out, true
	}
	if len(rel.foreignKeys) > 0 {
		var ok bool
		if ownForeignFields, ok = lookUp(m, rel.foreignKeys); !ok {
			return
		}
	}
	if len(rel.primaryKeys) > 0 {
		var ok bool
		if refForeignFields, ok = lookUp(rel.fieldSchema, rel.primaryKeys); !ok {
			return
		}
	}

	for idx, own := range ownForeignFields {
		name := title(m.name) + own.name
		if len(joinForeignKeys) > idx {
			name = title(joinForeignKeys[idx])
		}
		ownFieldsMap[name] = own
		fieldsMap[name] = own
		joinFields = append(joinFields, joinField{name: name, typ: own.fieldType, tag: joinColumnTag(own.tag)})
	}
	for idx, ref := range refForeignFields {
		name := title(rel.fieldSchema.name) + ref.name
		if _, ok := ownFieldsMap[name]; ok {
			if f.name != rel.fieldSchema.name {
				name = inflection.Singular(f.name) + ref.name
			} else {
				name += "Reference"
			}
		}
		if len(joinReferences) > idx {
			name = title(joinReferences[idx])
		}
		referFieldsMap[name] = ref
		if _, ok := fieldsMap[name]; !ok {
			fieldsMap[name] = ref
			joinFields = append(joinFields, joinField{name: name, typ: ref.fieldType, tag: joinColumnTag(ref.tag)})
		}
	}
	// GORM adds a field of the owner's type tagged "-"; it has no column
	// and no relation, so it is left out here.

	join := p.parseJoinStruct(joinFields, f.pos)
	join.name = many2many
	join.table = p.namer.JoinTableName(many2many)
	join.joinTable = true
	join.joinOf = m.name + "." + f.name
	join.primaryFields = nil
	rel.joinTable = join

	relName, relRefName := rel.schema.name, rel.fieldSchema.name
	if relName == relRefName {
		relRefName = rel.field.name
	}
	for _, n := range []struct {
		name   string
		target *model
	}{{relName, rel.schema}, {relRefName, rel.fieldSchema}} {
		if existing, ok := join.relations[n.name]; ok {
			existing.references = nil
		} else {
			join.setRelation(n.name, &relation{name: n.name, typ: belongsTo, schema: join, fieldSchema: n.target})
		}
	}

	for _, jf := range join.fields {
		if !(jf.creatable || jf.readable || jf.updatable) {
			continue
		}
		copyKeyType(jf, fieldsMap[jf.name])
		join.primaryFields = append(join.primaryFields, jf)
		if own, ok := ownFieldsMap[jf.name]; ok {
			joinRel := join.relations[relName]
			joinRel.field = rel.field
			joinRel.references = append(joinRel.references, &reference{primaryKey: own, foreignKey: jf})
			rel.references = append(rel.references, &reference{primaryKey: own, foreignKey: jf, ownPrimaryKey: true})
		}
		if ref, ok := referFieldsMap[jf.name]; ok {
			joinRefRel := join.relations[relRefName]
			if joinRefRel.field == nil {
				joinRefRel.field = rel.field
			}
			joinRefRel.references = append(joinRefRel.references, &reference{primaryKey: ref, foreignKey: jf})
			rel.references = append(rel.references, &reference{primaryKey: ref, foreignKey: jf})
		}
	}
}

// parseJoinStruct parses the fields GORM gives a join table's struct.
func (p *parser) parseJoinStruct(fields []joinField, at token.Pos) *model {
	vars := make([]*types.Var, len(fields))
	tags := make([]string, len(fields))
	for i, jf := range fields {
		vars[i] = types.NewField(at, nil, jf.name, jf.typ, false)
		tags[i] = jf.tag
	}
	st := types.NewStruct(vars, tags)
	m := p.newModel(st, at)
	m.joinTable = true
	m.table = p.names.table("")
	p.parseFields(m, st)
	p.finishModel(m)
	return m
}

// joinColumnTag mirrors how GORM derives a join column's tag from the key
// it references: primaryKey added, and the column, autoIncrement, index and
// unique settings removed.
func joinColumnTag(tag string) string {
	t := reflect.StructTag(tag).Get("gorm")
	if !strings.Contains(t, "primaryKey") {
		tag = fmt.Sprintf(`gorm:"%s;%s"`, "primaryKey", t)
	}
	for _, name := range []string{"column", "autoincrement", "index", "unique", "uniqueindex"} {
		tag = settingRemover(name).ReplaceAllString(tag, "${1}${5}")
	}
	return tag
}

var (
	removersMu sync.Mutex
	removers   = map[string]*regexp.Regexp{}
)

// settingRemover returns the expression GORM's removeSettingFromTag uses.
func settingRemover(name string) *regexp.Regexp {
	removersMu.Lock()
	defer removersMu.Unlock()
	re, ok := removers[name]
	if !ok {
		re = regexp.MustCompile(`(?i)(gorm:.*?)(` + name + `(:.*?)?)(;|("))`)
		removers[name] = re
	}
	return re
}

type guessLevel int

const (
	guessGuess guessLevel = iota
	guessBelongs
	guessEmbeddedBelongs
	guessHas
	guessEmbeddedHas
)

// guessRelation mirrors Schema.guessRelation, including its fall-through
// from one guess to the next.
func (p *parser) guessRelation(m *model, rel *relation, f *field, cgl guessLevel) {
	var (
		primaryFields, foreignFields []*field
		primarySchema, foreignSchema = m, rel.fieldSchema
		gl                           = cgl
	)
	if gl == guessGuess {
		if f.schema == rel.fieldSchema {
			gl = guessBelongs
		} else {
			gl = guessHas
		}
	}
	reguessOrErr := func() {
		switch cgl {
		case guessGuess:
			p.guessRelation(m, rel, f, guessBelongs)
		case guessBelongs:
			p.guessRelation(m, rel, f, guessEmbeddedBelongs)
		case guessEmbeddedBelongs:
			p.guessRelation(m, rel, f, guessHas)
		case guessHas:
			p.guessRelation(m, rel, f, guessEmbeddedHas)
		default:
			p.reportNoForeignKey(m, rel, f)
		}
	}

	switch gl {
	case guessBelongs:
		primarySchema, foreignSchema = rel.fieldSchema, m
	case guessEmbeddedBelongs:
		if f.ownerSchema == nil {
			reguessOrErr()
			return
		}
		primarySchema, foreignSchema = rel.fieldSchema, f.ownerSchema
	case guessHas:
	case guessEmbeddedHas:
		if f.ownerSchema == nil {
			reguessOrErr()
			return
		}
		primarySchema, foreignSchema = f.ownerSchema, rel.fieldSchema
	}

	if len(rel.foreignKeys) > 0 {
		for _, fk := range rel.foreignKeys {
			ff := foreignSchema.lookUpField(fk)
			if ff == nil {
				reguessOrErr()
				return
			}
			foreignFields = append(foreignFields, ff)
		}
	} else {
		primarySchemaName := primarySchema.name
		if primarySchemaName == "" {
			primarySchemaName = rel.fieldSchema.name
		}
		if len(rel.primaryKeys) > 0 {
			for _, pk := range rel.primaryKeys {
				if ff := primarySchema.lookUpField(pk); ff != nil {
					primaryFields = append(primaryFields, ff)
				}
			}
		} else {
			primaryFields = primarySchema.primaryFields
		}

	primaryFieldLoop:
		for _, primaryField := range primaryFields {
			lookUpName := primarySchemaName + primaryField.name
			if gl == guessBelongs {
				lookUpName = f.name + primaryField.name
			}
			lookUpNames := []string{lookUpName}
			if len(primaryFields) == 1 {
				stem := strings.TrimSuffix(lookUpName, primaryField.name)
				lookUpNames = append(lookUpNames, stem+"ID", stem+"Id", p.names.column(foreignSchema.table, stem+"ID"))
			}
			for _, name := range lookUpNames {
				if ff := foreignSchema.lookUpFieldByBindName(f.bindNames, name); ff != nil {
					foreignFields = append(foreignFields, ff)
					primaryFields = append(primaryFields, primaryField)
					continue primaryFieldLoop
				}
			}
			for _, name := range lookUpNames {
				if ff := foreignSchema.lookUpField(name); ff != nil {
					foreignFields = append(foreignFields, ff)
					primaryFields = append(primaryFields, primaryField)
					continue primaryFieldLoop
				}
			}
		}
	}

	switch {
	case len(foreignFields) == 0:
		reguessOrErr()
		return
	case len(rel.primaryKeys) > 0:
		for idx, pk := range rel.primaryKeys {
			ff := primarySchema.lookUpField(pk)
			if ff == nil {
				reguessOrErr()
				return
			}
			if len(primaryFields) < idx+1 {
				primaryFields = append(primaryFields, ff)
			} else if ff != primaryFields[idx] {
				reguessOrErr()
				return
			}
		}
	case len(primaryFields) == 0:
		if len(foreignFields) == 1 && primarySchema.prioritized != nil {
			primaryFields = append(primaryFields, primarySchema.prioritized)
		} else if len(primarySchema.primaryFields) == len(foreignFields) {
			primaryFields = append(primaryFields, primarySchema.primaryFields...)
		} else {
			reguessOrErr()
			return
		}
	}

	if len(primaryFields) < len(foreignFields) {
		// GORM itself panics here (index out of range).
		p.diags.errorf(f.pos, f.path, "relation %s names %d foreign keys but only %d referenced fields; GORM fails on it", f.name, len(foreignFields), len(primaryFields)).
			hint("give references: as many names as foreignKey:, in the same order")
		m.failed = true
		return
	}
	for idx, ff := range foreignFields {
		copyKeyType(ff, primaryFields[idx])
		rel.references = append(rel.references, &reference{
			primaryKey:    primaryFields[idx],
			foreignKey:    ff,
			ownPrimaryKey: (m == primarySchema && gl == guessHas) || (f.ownerSchema == primarySchema && gl == guessEmbeddedHas),
		})
	}
	if gl == guessHas || gl == guessEmbeddedHas {
		rel.typ = has
		p.warnAmbiguous(m, rel, f, cgl)
	} else {
		rel.typ = belongsTo
	}
}

// warnAmbiguous flags a struct field GORM resolved as has-one although the
// owner also has a field that looks like a belongs-to key for it: GORM
// tries has-one first and silently leaves that field a plain column.
func (p *parser) warnAmbiguous(m *model, rel *relation, f *field, cgl guessLevel) {
	if cgl != guessGuess || len(rel.foreignKeys) > 0 {
		return
	}
	if _, ok := f.indirectType.Underlying().(*types.Struct); !ok {
		return
	}
	for _, pk := range rel.fieldSchema.primaryFields {
		if other := m.lookUpField(f.name + pk.name); other != nil {
			// A note, not a warning: GORM's own test models rely on this
			// (tests.Parent.FavChild), so it is legal and sometimes meant.
			p.diags.infof(f.pos, f.path, "ambiguous relation: GORM makes %s a has-one through %s.%s and ignores %s.%s, which looks like a belongs-to key",
				f.name, rel.fieldSchema.name, rel.references[0].foreignKey.name, m.name, other.name).
				hint(`say which with gorm:"foreignKey:%s" (belongs to) or gorm:"foreignKey:%s" (has one)`, other.name, rel.references[0].foreignKey.name)
			return
		}
	}
}

// reportNoForeignKey explains GORM's "invalid field found for struct"
// error, the most common way a model fails to parse.
func (p *parser) reportNoForeignKey(m *model, rel *relation, f *field) {
	m.failed = true
	target := rel.fieldSchema.name
	d := p.diags.errorf(f.pos, f.path, "GORM finds no foreign key for relation %s: neither %s has a field %sID (belongs to) nor %s a field %sID (has one/has many), so AutoMigrate fails",
		f.name, m.name, f.name, target, m.name)
	if _, ok := f.indirectType.Underlying().(*types.Struct); ok {
		d.hint(`if %s is a block of columns, tag it gorm:"embedded"; if it is a relation, name its key with gorm:"foreignKey:..."`, f.name)
	} else {
		d.hint(`name the key with gorm:"foreignKey:..." (and references:...), or exclude the field with gorm:"-"`)
	}
}

// regEnLetterAndMidline is GORM's test for a constraint name in a tag.
var regEnLetterAndMidline = regexp.MustCompile(`^[\w-]+$`)

// warnIgnoredConstraint flags a constraint tag on a belongs-to that GORM
// drops because the other side's has-one/has-many builds the key.
func (p *parser) warnIgnoredConstraint(belongs, has *relation) {
	mine, theirs := belongs.field.tagSettings["CONSTRAINT"], has.field.tagSettings["CONSTRAINT"]
	if mine == "" || mine == theirs {
		return
	}
	p.diags.warnf(belongs.field.pos, belongs.field.path, "GORM ignores constraint:%s here: it builds this foreign key from %s.%s, the other side of the relation", mine, has.schema.name, has.field.name).
		hint("put the constraint tag on %s.%s", has.schema.name, has.field.name)
}

// parseConstraint mirrors Relationship.ParseConstraint.
func (p *parser) parseConstraint(rel *relation) *constraint {
	if rel.field == nil {
		return nil // a join-table relation GORM never completed
	}
	str := rel.field.tagSettings["CONSTRAINT"]
	if str == "-" {
		return nil
	}
	if rel.typ == belongsTo {
		// The other side's has-one/has-many builds this constraint instead.
		for _, r := range rel.fieldSchema.relations {
			if r != rel && r.fieldSchema == rel.schema && len(rel.references) == len(r.references) {
				matched := true
				for idx, ref := range r.references {
					if rel.references[idx].primaryKey != ref.primaryKey ||
						rel.references[idx].foreignKey != ref.foreignKey ||
						rel.references[idx].primaryValue != ref.primaryValue {
						matched = false
						break
					}
				}
				if matched {
					p.warnIgnoredConstraint(rel, r)
					return nil
				}
			}
		}
	}

	settings := gormschema.ParseTagSetting(str, ",")
	c := &constraint{onUpdate: settings["ONUPDATE"], onDelete: settings["ONDELETE"]}
	if name, ok := constraintName(str); ok {
		c.name = name
	} else {
		c.name = p.namer.RelationshipFKName(gormschema.Relationship{Name: rel.name, Schema: &gormschema.Schema{Table: rel.schema.table}})
		c.derived = true
	}
	for _, ref := range rel.references {
		if ref.primaryKey != nil && (rel.joinTable == nil || ref.ownPrimaryKey) {
			c.foreignKeys = append(c.foreignKeys, ref.foreignKey)
			c.references = append(c.references, ref.primaryKey)
			if ref.ownPrimaryKey {
				c.schema = ref.foreignKey.schema
				c.referenceSchema = rel.schema
			} else {
				c.schema = rel.schema
				c.referenceSchema = ref.primaryKey.schema
			}
		}
	}
	return c
}
