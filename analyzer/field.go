package analyzer

import (
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/jinzhu/now"
	gormschema "gorm.io/gorm/schema"
	"gorm.io/gorm/utils"

	"github.com/migragen/migragen/schema"
)

// parseField mirrors schema.ParseField for the struct field v with raw tag.
func (p *parser) parseField(m *model, v *types.Var, tag string) *field {
	settings := gormschema.ParseTagSetting(reflect.StructTag(tag).Get("gorm"), ";")
	f := &field{
		name:              v.Name(),
		dbName:            settings["COLUMN"],
		bindNames:         []string{v.Name()},
		embeddedBindNames: []string{v.Name()},
		fieldType:         v.Type(),
		indirectType:      v.Type(),
		anonymous:         v.Anonymous(),
		tag:               tag,
		tagSettings:       settings,
		schema:            m,
		creatable:         true,
		updatable:         true,
		readable:          true,
		primaryKey:        utils.CheckTruth(settings["PRIMARYKEY"], settings["PRIMARY_KEY"]),
		autoIncrement:     utils.CheckTruth(settings["AUTOINCREMENT"]),
		hasDefault:        utils.CheckTruth(settings["AUTOINCREMENT"]),
		notNull:           utils.CheckTruth(settings["NOT NULL"], settings["NOTNULL"]),
		unique:            utils.CheckTruth(settings["UNIQUE"]),
		comment:           settings["COMMENT"],
		pos:               v.Pos(),
		path:              fieldPath(m, v.Name()),
	}
	for {
		ptr, ok := f.indirectType.Underlying().(*types.Pointer)
		if !ok {
			break
		}
		f.indirectType = ptr.Elem()
	}
	p.checkTag(f) // after indirectType: the type decides who reads the tag
	p.migragenTag(f)

	env := p.env
	gormTyped := env.isGormDataTyper(f.indirectType)
	f.valuer = env.isValuer(f.indirectType)
	// GORM decides a field's kind from the value it would store: for a
	// driver.Valuer that is what Value() returns, which a static tool can
	// only know for well-known types or simple method bodies.
	vk := env.valueOf(f.indirectType)
	known := env.knownFor(f.indirectType)
	// inspected is the type of the value GORM's later checks look at: a new
	// value of the field's type, or, for a Valuer, of the type
	// getRealFieldValue chose; nil when it is what Value returned.
	inspected := f.indirectType
	if f.valuer && !gormTyped {
		mergeTags := func(tags map[string]string) {
			for k, val := range tags {
				if _, ok := f.tagSettings[k]; !ok {
					f.tagSettings[k] = val
				}
			}
		}
		switch {
		case known != nil && known.firstField:
			var tags map[string]string
			inspected, tags = env.realWalk(f.indirectType)
			vk = env.valueOf(inspected)
			mergeTags(tags)
		case known != nil:
			vk, inspected = known.value, nil
			mergeTags(known.tags)
		default:
			r, path, ok := env.valuerResult(f.indirectType)
			final, ownTags := env.realWalk(f.indirectType)
			inspected = nil
			if ok && path != ownNever {
				switch {
				case path == ownAlways:
					inspected = final
				case env.isGormDataTyper(final) || env.isSerializer(final):
					// GORM asks the first field's type only on the zero
					// value's path through Value, which migragen cannot tell.
					ok = false
				}
			}
			var merged []string
			if ok && path != ownNever {
				for k := range ownTags {
					if _, set := f.tagSettings[k]; !set {
						merged = append(merged, k)
					}
				}
				if path == ownAlways || len(merged) == 0 {
					mergeTags(ownTags)
				} else {
					// Whether GORM merges them depends on the path the zero
					// value takes through Value.
					slices.Sort(merged)
					p.diags.errorf(f.pos, f.path, "GORM merges the gorm tags of %s's fields (%s) into this field only if Value returns nil or an error for the zero value, which migragen cannot tell", typeString(f.indirectType), strings.Join(merged, ", ")).
						hint("repeat those settings in the field's own gorm tag, or move them out of %s", typeString(f.indirectType))
					m.failed = true
				}
			}
			if ok {
				vk = r
			} else if _, typed := settings["TYPE"]; typed || env.isGormDBDataTyper(f.indirectType) {
				// The type: tag, or the GormDBDataType method (which GORM
				// prefers to the tag), decides the column's SQL type. GORM's logical
				// type and default size still follow what Value returns for
				// the zero value; migragen takes the field's own kind, as if
				// that were nil (the usual "unknown" case). They matter for
				// keys (serial sizes, foreign keys) and parsed defaults, so
				// there the guess is refused.
				vk = env.valueOf(final)
				f.kindGuessed = true
				if f.primaryKey || settings["DEFAULT"] != "" {
					p.diags.errorf(f.pos, f.path, "GORM takes this key's or default's logical type from what %s's Value returns for the zero value, which migragen cannot tell", typeString(f.indirectType)).
						hint("make every return of Value return the same kind (e.g. always a string), or use a plain type for keys and defaulted columns")
					m.failed = true
				} else {
					p.diags.infof(f.pos, f.path, "assumed that %s's Value returns nil for the zero value, so GORM's logical type is %s's own", typeString(f.indirectType), typeString(f.indirectType))
				}
			} else {
				p.diags.errorf(f.pos, f.path, "GORM decides the column type of %s by calling its Value method, which migragen cannot run", typeString(f.indirectType)).
					hint(`add a type: tag, e.g. gorm:"type:varchar(64)"`)
				m.failed = true
				// Keep it a column so that it is not also reported as a
				// broken relation.
				f.dataType = typeString(f.indirectType)
				vk = valueInfo{kind: kindOther}
			}
		}
	}
	f.valueKind, f.valueBits, f.valueTime = vk.kind, vk.bits, vk.time

	if inspected != nil && env.isSerializer(inspected) {
		f.dataType = schema.String
	} else {
		name := f.tagSettings["JSON"]
		if name == "" {
			name = f.tagSettings["SERIALIZER"]
		}
		if name != "" {
			if !p.serializers.has(name) {
				p.warnUnregisteredSerializer(f, name)
			}
			f.dataType = schema.String
		}
	}

	if v, ok := f.tagSettings["DEFAULT"]; ok {
		f.hasDefault = true
		f.defaultValue = v
	}
	if num, ok := f.tagSettings["SIZE"]; ok {
		var err error
		if f.size, err = strconv.Atoi(num); err != nil {
			f.size = -1
			p.diags.warnf(f.pos, f.path, "size %q is not a number; GORM silently treats the column as unsized (text, longtext or nvarchar(MAX))", num).
				hint("write it without spaces or units, e.g. size:%s", strings.TrimSpace(num))
		}
	}
	if v, ok := f.tagSettings["PRECISION"]; ok {
		f.precision, _ = strconv.Atoi(v)
	}
	if v, ok := f.tagSettings["SCALE"]; ok {
		f.scale, _ = strconv.Atoi(v)
	}

	f.defaultValue = strings.TrimSpace(f.defaultValue)
	skipDefault := strings.Contains(f.defaultValue, "(") && strings.Contains(f.defaultValue, ")") ||
		strings.ToLower(f.defaultValue) == "null" || f.defaultValue == ""
	parseDefault := f.hasDefault && !skipDefault
	badDefault := func(kind string, err error) {
		p.diags.errorf(f.pos, f.path, "default %q is not a valid %s: GORM fails to parse the model (%v)", f.defaultValue, kind, err).
			hint("fix the default: tag value")
		m.failed = true
	}
	switch f.valueKind {
	case kindBool:
		f.dataType = schema.Bool
		if parseDefault {
			if _, err := strconv.ParseBool(f.defaultValue); err != nil {
				badDefault("bool", err)
			}
			f.defaultKind = "bool"
		}
	case kindInt:
		f.dataType = schema.Int
		if parseDefault {
			if _, err := strconv.ParseInt(f.defaultValue, 0, 64); err != nil {
				badDefault("int", err)
			}
			f.defaultKind = "int"
		}
	case kindUint:
		f.dataType = schema.Uint
		if parseDefault {
			if _, err := strconv.ParseUint(f.defaultValue, 0, 64); err != nil {
				badDefault("uint", err)
			}
			f.defaultKind = "uint"
		}
	case kindFloat:
		f.dataType = schema.Float
		if parseDefault {
			if _, err := strconv.ParseFloat(f.defaultValue, 64); err != nil {
				badDefault("float", err)
			}
			f.defaultKind = "float"
		}
	case kindString:
		f.dataType = schema.String
		if parseDefault {
			f.defaultValue = strings.Trim(f.defaultValue, "'")
			f.defaultValue = strings.Trim(f.defaultValue, `"`)
			f.defaultKind = "string"
		}
	case kindStruct:
		if f.valueTime {
			f.dataType = schema.Time
		}
		if parseDefault && f.dataType == schema.Time {
			if _, err := now.Parse(f.defaultValue); err == nil {
				f.defaultKind = "time"
			}
		}
	case kindSlice:
		if vk.byteElems && f.dataType == "" {
			f.dataType = schema.Bytes
		}
	}

	// GORM asks the inspected value for its data type, which for a Valuer
	// such as sql.Null[datatypes.Date] is the type of its first field.
	if typer := inspected; typer != nil && env.isGormDataTyper(typer) {
		if kt := lookupKnown(typer); kt != nil && kt.dataType != "" {
			f.dataType = kt.dataType
		} else if dt, ok := env.constMethodString(typer, "GormDataType"); ok {
			f.dataType = dt
		} else {
			p.diags.errorf(f.pos, f.path, "the GormDataType method of %s does not return a constant, so migragen cannot know what GORM calls it", typeString(typer)).
				hint(`make GormDataType return a string constant, or add a type: tag, e.g. gorm:"type:varchar(64)"`)
			m.failed = true
			f.dataType = typeString(typer) // a column, not also a broken relation
		}
	}
	// Other GormDBDataType methods read the field's final settings; they
	// are resolved with the table's columns (resolveDBTypes).
	if known != nil && known.dbTypes != nil {
		f.dbTypes = known.dbTypes
	}

	if f.gormDataType == "" {
		f.gormDataType = f.dataType
	}
	if val, ok := f.tagSettings["TYPE"]; ok {
		switch lower := strings.ToLower(val); lower {
		case schema.Bool, schema.Int, schema.Uint, schema.Float, schema.String, schema.Time, schema.Bytes:
			f.dataType = lower
		default:
			f.dataType = val
		}
	}
	if f.size == 0 {
		f.size = vk.defaultSize()
	}

	if val, ok := f.tagSettings["-"]; ok {
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "-":
			f.creatable, f.updatable, f.readable = false, false, false
			f.dataType = ""
		case "all":
			f.creatable, f.updatable, f.readable = false, false, false
			f.dataType = ""
			f.ignoreMigration = true
		case "migration":
			f.ignoreMigration = true
		}
	}
	if v, ok := f.tagSettings["->"]; ok {
		f.creatable, f.updatable = false, false
		f.readable = strings.ToLower(v) != "false"
	}
	if v, ok := f.tagSettings["<-"]; ok {
		f.creatable, f.updatable = true, true
		if v != "<-" {
			f.creatable = strings.Contains(v, "create")
			f.updatable = strings.Contains(v, "update")
		}
	}

	_, embeddedTag := f.tagSettings["EMBEDDED"]
	if embeddedTag || (f.gormDataType != schema.Time && f.gormDataType != schema.Bytes && !f.valuer &&
		f.anonymous && (f.creatable || f.updatable || f.readable)) {
		p.embed(m, f, v)
	}
	return f
}

// embed mirrors the embedded-struct branch at the end of ParseField.
func (p *parser) embed(m *model, f *field, v *types.Var) {
	switch f.valueKind {
	case kindStruct:
		if _, ok := f.indirectType.Underlying().(*types.Struct); !ok {
			// A Valuer whose Value returns a struct: GORM would embed the
			// fields of what Value returns.
			p.diags.errorf(f.pos, f.path, "GORM would embed the fields of the struct %s's Value method returns, which migragen does not follow", typeString(f.fieldType)).
				hint("remove the embedded tag")
			m.failed = true
			return
		}
	case kindBool, kindInt, kindUint, kindFloat, kindString:
		return // GORM embeds nothing; the field stays an ordinary column
	default:
		p.diags.errorf(f.pos, f.path, "an embedded field must be a struct, not %s", typeString(f.fieldType)).
			hint("remove the embedded tag, or embed a struct")
		m.failed = true
		return
	}
	f.creatable, f.updatable, f.readable = false, false, false
	f.embeddedSchema = p.parseEmbedded(f.indirectType, m.table, f.pos)
	if f.embeddedSchema.failed {
		m.failed = true
	}
	for _, ef := range f.embeddedSchema.fields {
		ef.schema = m
		ef.ownerSchema = f.embeddedSchema
		ef.bindNames = append([]string{v.Name()}, ef.bindNames...)
		if _, ok := f.tagSettings["EMBEDDED"]; ok || !v.Anonymous() {
			ef.embeddedBindNames = append([]string{v.Name()}, ef.embeddedBindNames...)
		}
		ef.path = f.path + "." + strings.Join(ef.bindNames[1:], ".")
		if prefix, ok := f.tagSettings["EMBEDDEDPREFIX"]; ok && ef.dbName != "" {
			ef.dbName = prefix + ef.dbName
		}
		if ef.primaryKey && !utils.CheckTruth(ef.tagSettings["PRIMARYKEY"], ef.tagSettings["PRIMARY_KEY"]) {
			ef.primaryKey = false
			if val, ok := ef.tagSettings["AUTOINCREMENT"]; !ok || !utils.CheckTruth(val) {
				ef.autoIncrement = false
			}
			if !ef.autoIncrement && ef.defaultValue == "" {
				ef.hasDefault = false
			}
		}
		// GORM copies the embedding field's settings over the embedded
		// fields' own; drivers and constraint parsing read them later.
		for k, val := range f.tagSettings {
			ef.tagSettings[k] = val
		}
	}
}

// fieldPath names a field for diagnostics: "pkg.Type.Field".
func fieldPath(m *model, name string) string {
	if m.name == "" {
		return name
	}
	if n, ok := types.Unalias(m.typ).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Name() + "." + m.name + "." + name
	}
	return m.name + "." + name
}
