package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/schema"
)

// parser ports gorm's schema.Parse to go/types. One parser corresponds to
// one *gorm.DB's schema cache: every model is parsed once and shared, and —
// as in GORM — parsing a relation may change fields of the related model.
type parser struct {
	namer gormschema.NamingStrategy
	// names memoizes namer's table and column names; probe parsers share
	// their parent's.
	names *names
	cache map[string]*model
	env   *typeEnv
	diags *diagnostics
	// directives are the //migragen: comments of the root packages' types.
	directives map[*types.TypeName]directives
	// serializers are the serializer names the analyzed packages register.
	serializers serializerRegistry
	// keyed memoizes hasPrimaryKey by cacheKey.
	keyed map[string]bool
}

func newParser(namer gormschema.NamingStrategy, env *typeEnv, diags *diagnostics) *parser {
	return &parser{namer: namer, names: newNames(namer), cache: map[string]*model{}, env: env, diags: diags, keyed: map[string]bool{}}
}

// cacheKey identifies a struct type across packages and instantiations.
func cacheKey(t types.Type) string { return types.TypeString(t, nil) }

// getOrParse mirrors schema.getOrParse: the cached model if any (possibly
// still being parsed, which is how GORM resolves cyclic relations), or a
// fresh parse. t may be a pointer, slice or array of the struct.
func (p *parser) getOrParse(t types.Type, at token.Pos) *model {
	st := elemStruct(t)
	if st == nil {
		return nil
	}
	if m, ok := p.cache[cacheKey(st)]; ok {
		return m
	}
	return p.parse(st, at)
}

// elemStruct strips pointers, slices and arrays and returns the struct type
// underneath, or nil. An alias is resolved to the type it denotes: reflect,
// and so GORM's schema cache, never sees the alias, so a model reached
// through one (type Member = User) is the very same schema.
func elemStruct(t types.Type) types.Type {
	for {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Struct:
			return types.Unalias(t)
		default:
			return nil
		}
	}
}

// parse mirrors schema.Parse for the struct type t.
func (p *parser) parse(t types.Type, at token.Pos) *model {
	m := p.newModel(t, typePos(t, at))
	m.table = p.tableName(m, t)
	p.parseFields(m, t)
	// GORM stores the schema in its cache only now, before relationships are
	// parsed, so that a relation back to this model finds it.
	p.cache[cacheKey(t)] = m
	p.finishModel(m)
	return m
}

// newModel returns an empty model of the struct type t.
func (p *parser) newModel(t types.Type, pos token.Pos) *model {
	return &model{
		name:             typeName(t),
		typ:              t,
		parser:           p,
		fieldsByName:     map[string]*field{},
		fieldsByBindName: map[string]*field{},
		fieldsByDBName:   map[string]*field{},
		relations:        map[string]*relation{},
		pos:              pos,
	}
}

// parseEmbedded mirrors the getOrParse call GORM makes for an embedded
// struct: a private cache, the outer table's name, and no relationships.
func (p *parser) parseEmbedded(t types.Type, outerTable string, at token.Pos) *model {
	m := p.newModel(t, typePos(t, at))
	m.embedded, m.table, m.tableFromEmbed = true, outerTable, outerTable
	p.parseFields(m, t)
	p.finishModel(m)
	return m
}

// parseFields runs ParseField on every exported field and flattens
// embedded blocks, as the first loop of schema.Parse does.
func (p *parser) parseFields(m *model, t types.Type) {
	st := t.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if !ast.IsExported(v.Name()) {
			continue
		}
		f := p.parseField(m, v, st.Tag(i))
		if f.embeddedSchema != nil {
			m.fields = append(m.fields, f.embeddedSchema.fields...)
		} else {
			m.fields = append(m.fields, f)
		}
	}
}

// finishModel mirrors the rest of schema.Parse: column names, the lookup
// maps, primary keys and, for top-level models, relationships.
func (p *parser) finishModel(m *model) {
	for _, f := range m.fields {
		if f.dbName == "" && f.dataType != "" {
			f.dbName = p.names.column(m.table, f.name)
		}
		bindName := f.bindName()
		if f.dbName != "" {
			// GORM keeps the first field for a column, unless a later one
			// that has permissions sits at a shallower embedding depth.
			if v, ok := m.fieldsByDBName[f.dbName]; !ok || ((f.creatable || f.updatable || f.readable) && len(f.bindNames) < len(v.bindNames)) {
				if !ok {
					m.dbNames = append(m.dbNames, f.dbName)
				}
				m.fieldsByDBName[f.dbName] = f
				m.fieldsByName[f.name] = f
				m.fieldsByBindName[bindName] = f
				if v != nil && v.primaryKey {
					for idx, pf := range m.primaryFields {
						if pf.dbName == v.dbName {
							m.primaryFields = append(m.primaryFields[:idx], m.primaryFields[idx+1:]...)
						}
					}
				}
				if f.primaryKey {
					m.primaryFields = append(m.primaryFields, f)
				}
			}
		}
		if of, ok := m.fieldsByName[f.name]; !ok || of.tagSettings["-"] == "-" {
			m.fieldsByName[f.name] = f
		}
		if of, ok := m.fieldsByBindName[bindName]; !ok || of.tagSettings["-"] == "-" {
			m.fieldsByBindName[bindName] = f
		}
	}

	prioritized := m.lookUpField("id")
	if prioritized == nil {
		prioritized = m.lookUpField("ID")
	}
	if prioritized != nil {
		if prioritized.primaryKey {
			m.prioritized = prioritized
		} else if len(m.primaryFields) == 0 {
			prioritized.primaryKey = true
			m.prioritized = prioritized
			m.primaryFields = append(m.primaryFields, prioritized)
		}
	}
	if m.prioritized == nil {
		if len(m.primaryFields) == 1 {
			m.prioritized = m.primaryFields[0]
		} else if len(m.primaryFields) > 1 {
			for _, f := range m.primaryFields {
				if f.autoIncrement {
					m.prioritized = f
					break
				}
			}
		}
	}

	var relationFields []*field
	if !m.embedded {
		for _, f := range m.fields {
			if f.dataType == "" && f.gormDataType == "" && (f.creatable || f.updatable || f.readable) {
				relationFields = append(relationFields, f)
				m.fieldsByName[f.name] = f
				m.fieldsByBindName[f.bindName()] = f
			}
		}
	}

	if f := m.prioritized; f != nil {
		switch f.gormDataType {
		case schema.Int, schema.Uint:
			if _, ok := f.tagSettings["AUTOINCREMENT"]; !ok {
				f.hasDefault = true
				f.autoIncrement = true
			}
		}
	}

	// GORM stops at the first broken relation; the analyzer goes on, to
	// report all of them at once.
	for _, f := range relationFields {
		p.parseRelation(m, f)
	}
}

// typeName mirrors reflect.Type.Name(): the bare name of a named type, ""
// for an unnamed struct.
func typeName(t types.Type) string {
	switch n := types.Unalias(t).(type) {
	case *types.Named:
		name := n.Obj().Name()
		if args := n.TypeArgs(); args != nil && args.Len() > 0 {
			// reflect names an instantiation Base[int] or
			// Base[example.com/pkg.T].
			name += "["
			for i := 0; i < args.Len(); i++ {
				if i > 0 {
					name += ","
				}
				name += types.TypeString(args.At(i), func(p *types.Package) string { return p.Path() })
			}
			name += "]"
		}
		return name
	}
	return ""
}

func typePos(t types.Type, fallback token.Pos) token.Pos {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pos().IsValid() {
		return n.Obj().Pos()
	}
	return fallback
}
