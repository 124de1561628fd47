package analyzer

import (
	"go/token"
	"go/types"
	"strings"
)

// The types in this file mirror gorm.io/gorm/schema's Schema, Field and
// Relationship closely, field for field where it matters, because the
// parsing code ported from GORM reads and mutates them in the same order
// GORM does. go/types stands in for reflect.

// model mirrors schema.Schema.
type model struct {
	name  string     // the Go type's name, as reflect.Type.Name() gives it
	typ   types.Type // the struct's named (or unnamed) type
	table string
	pos   token.Pos // declaration of the type, for diagnostics
	// joinTable is set for the synthetic struct of a many2many relation,
	// joinOf names that relation ("Member.Clubs").
	joinTable bool
	joinOf    string

	fields           []*field
	dbNames          []string
	fieldsByName     map[string]*field
	fieldsByBindName map[string]*field
	fieldsByDBName   map[string]*field
	primaryFields    []*field
	prioritized      *field

	// relations mirrors Relationships.Relations. GORM keeps a map; relOrder
	// keeps insertion order so that our output never depends on map order.
	relations map[string]*relation
	relOrder  []string

	parser *parser
	// embedded is set while parsing a struct's fields as an embedded block,
	// where GORM uses a private cache and skips relationships.
	embedded bool
	// tableFromEmbed is the outer table when parsing an embedded block.
	tableFromEmbed string
	// failed is set once an error diagnostic was reported for this model,
	// the analogue of schema.err.
	failed bool
}

// setRelation records rel under name, keeping the first insertion's place
// in relOrder.
func (m *model) setRelation(name string, rel *relation) {
	if _, ok := m.relations[name]; !ok {
		m.relOrder = append(m.relOrder, name)
	}
	m.relations[name] = rel
}

// relationList returns the relations in a stable order.
func (m *model) relationList() []*relation {
	out := make([]*relation, 0, len(m.relOrder))
	for _, name := range m.relOrder {
		out = append(out, m.relations[name])
	}
	return out
}

// lookUpField mirrors Schema.LookUpField.
func (m *model) lookUpField(name string) *field {
	if f, ok := m.fieldsByDBName[name]; ok {
		return f
	}
	if f, ok := m.fieldsByName[name]; ok {
		return f
	}
	if f, ok := m.fieldsByDBName[m.parser.names.column(m.table, name)]; ok {
		return f
	}
	return nil
}

// lookUpFieldByBindName mirrors Schema.LookUpFieldByBindName.
func (m *model) lookUpFieldByBindName(bindNames []string, name string) *field {
	for i := len(bindNames) - 1; i >= 0; i-- {
		find := strings.Join(bindNames[:i], ".") + "." + name
		if f, ok := m.fieldsByBindName[find]; ok {
			return f
		}
	}
	return nil
}

// valueKind is the reflect.Kind-like class of the value GORM inspects for a
// field: the field's own type, or what its Value method returns.
type valueKind int

const (
	kindOther valueKind = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindString
	kindStruct
	kindSlice // slices and arrays
	kindMap
	kindInterface
	kindPointer
	kindFunc // func, chan, unsafe pointer, complex: never a column
)

// field mirrors schema.Field.
type field struct {
	name              string
	dbName            string
	bindNames         []string
	embeddedBindNames []string
	dataType          string
	gormDataType      string
	primaryKey        bool
	autoIncrement     bool
	creatable         bool
	updatable         bool
	readable          bool
	hasDefault        bool
	defaultValue      string
	defaultKind       string // non-empty when GORM parsed the default into a Go value
	notNull           bool
	unique            bool
	comment           string
	size              int
	precision         int
	scale             int
	ignoreMigration   bool

	fieldType    types.Type // as declared
	indirectType types.Type // pointers removed
	anonymous    bool
	tag          string // the whole struct tag, as reflect.StructTag holds it
	tagSettings  map[string]string
	dbTypes      map[string]string
	// dbTypesOnly marks dbTypes stated by a //migragen:dbtype directive
	// or a migragen:"dbtype:..." tag.
	dbTypesOnly bool
	// tagDBTypes are the types the field's migragen:"dbtype:..." tag states.
	tagDBTypes    map[string]string
	tagDBTypesErr error // why that tag does not parse

	// valuer reports whether the type implements driver.Valuer.
	valuer bool
	// valueKind and valueBits describe the value GORM's kind switch saw.
	valueKind valueKind
	valueBits int
	valueTime bool // the value is a time.Time (or convertible to it)
	// kindGuessed marks a Valuer whose Value migragen cannot read, taken
	// as its own kind: what GORM derives from that kind is a guess.
	kindGuessed bool

	schema         *model
	embeddedSchema *model
	ownerSchema    *model

	pos token.Pos
	// path names the field for diagnostics, e.g. "models.User.Address".
	path string
	// renamedFrom is the column's old name, from a
	// migragen:"renamed_from:OLD" tag.
	renamedFrom string
}

func (f *field) bindName() string { return strings.Join(f.bindNames, ".") }

// relationship types, as in gorm's schema package.
const (
	hasOne    = "has_one"
	hasMany   = "has_many"
	belongsTo = "belongs_to"
	many2Many = "many_to_many"
	has       = "has"
)

// relation mirrors schema.Relationship.
type relation struct {
	name        string
	typ         string
	field       *field
	polymorphic *polymorphic
	references  []*reference
	schema      *model
	fieldSchema *model
	joinTable   *model
	foreignKeys []string
	primaryKeys []string
}

type polymorphic struct {
	id, typ *field
	value   string
}

type reference struct {
	primaryKey    *field
	primaryValue  string
	foreignKey    *field
	ownPrimaryKey bool
}

// constraint mirrors schema.Constraint.
type constraint struct {
	name            string
	derived         bool
	schema          *model
	foreignKeys     []*field
	referenceSchema *model
	references      []*field
	onDelete        string
	onUpdate        string
}
