package gormfield

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhu/now"
	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/schema"
)

// Field rebuilds the *gormschema.Field that GORM's drivers read in
// DataTypeOf and FullDataTypeOf from a snapshot column.
//
// Every call returns a fresh Field: the MySQL driver writes to the field it
// compiles (it stores its default datetime precision in Precision and clears
// an auto_random default), so a shared one would change the next answer.
//
// Only the parts of a Field that the drivers' type compilation reads are
// set; the Field cannot read or write model values. A default that does not
// parse as col.DefaultKind leaves DefaultValueInterface nil, so the driver
// renders Default verbatim; use DefaultValue to detect that.
func Field(col *schema.Column) *gormschema.Field {
	f := &gormschema.Field{
		Name:                   col.Name,
		DBName:                 col.Name,
		BindNames:              []string{col.Name},
		EmbeddedBindNames:      []string{col.Name},
		DataType:               gormschema.DataType(col.DataType),
		GORMDataType:           gormschema.DataType(col.GORMDataType),
		PrimaryKey:             col.PrimaryKey,
		AutoIncrement:          col.AutoIncrement,
		AutoIncrementIncrement: gormschema.DefaultAutoIncrementIncrement,
		Creatable:              true,
		Updatable:              true,
		Readable:               true,
		HasDefaultValue:        col.HasDefault,
		DefaultValue:           col.Default,
		NotNull:                col.NotNull,
		Comment:                col.Comment,
		Size:                   col.Size,
		Precision:              col.Precision,
		Scale:                  col.Scale,
		TagSettings:            tagSettings(col),
	}
	f.DefaultValueInterface, _ = DefaultValue(col)

	if len(col.DBTypes) > 0 {
		// GORM's migrator asks reflect.New(IndirectFieldType) for a
		// GormDBDataType method before it asks the dialect. Standing in for
		// the model's Go type with one that answers from the snapshot keeps
		// db.Migrator().DataTypeOf and FullDataTypeOf right for such
		// columns, not only this package's DataTypeOf.
		f.Tag = dbTypesTag(col.DBTypes)
		f.FieldType = dbTypedType
	} else {
		f.FieldType = goType(col)
	}
	f.IndirectFieldType = f.FieldType
	f.StructField = reflect.StructField{Name: col.Name, Type: f.FieldType, Tag: f.Tag}
	return f
}

// DataTypeOf returns the SQL type the dialect of db gives col: the type a
// well-known Go type's GormDBDataType method chose for that dialect when the
// snapshot records one, else what db.Dialector.DataTypeOf makes of the
// rebuilt Field. This is what GORM's migrator DataTypeOf returns for the
// model's own field.
func DataTypeOf(db *gorm.DB, col *schema.Column) string {
	if t := col.DBTypes[db.Dialector.Name()]; t != "" {
		return t
	}
	return db.Dialector.DataTypeOf(Field(col))
}

// DefaultValue returns the Go value GORM's ParseField parses col.Default
// into, chosen by col.DefaultKind, with the same parsing functions GORM
// uses. The dialect renders that value as a literal; a nil value means the
// default is SQL text used verbatim (or there is none). An error means the
// snapshot is inconsistent: GORM would have refused such a default.
func DefaultValue(col *schema.Column) (any, error) {
	var (
		v   any
		err error
	)
	switch col.DefaultKind {
	case "":
		return nil, nil
	case schema.Bool:
		v, err = strconv.ParseBool(col.Default)
	case schema.Int:
		v, err = strconv.ParseInt(col.Default, 0, 64)
	case schema.Uint:
		v, err = strconv.ParseUint(col.Default, 0, 64)
	case schema.Float:
		v, err = strconv.ParseFloat(col.Default, 64)
	case schema.String:
		v = col.Default
	case schema.Time:
		// GORM parses with now.Parse at start-up, so a partial value such
		// as "10:30" means that time today, as it does for AutoMigrate.
		v, err = now.Parse(col.Default)
	default:
		return nil, fmt.Errorf("column %s: unknown default kind %q", col.Name, col.DefaultKind)
	}
	if err != nil {
		return nil, fmt.Errorf("column %s: default %q is not a valid %s: %w", col.Name, col.Default, col.DefaultKind, err)
	}
	return v, nil
}

// tagSettings returns the tag settings the drivers consult, and no others:
// MySQL and SQL Server size unsized strings by INDEX and UNIQUE, MySQL
// skips its default datetime precision when PRECISION is set and appends
// COMMENT, SQLite returns TYPE verbatim for time columns, PostgreSQL reads
// GENERATED and SQL Server COMMENT's presence. Only presence or non-emptiness
// of INDEX, UNIQUE and PRECISION matters, so their values are placeholders.
func tagSettings(col *schema.Column) map[string]string {
	s := map[string]string{}
	if col.IndexTag {
		s["INDEX"] = "INDEX"
	}
	if col.UniqueTag {
		s["UNIQUE"] = "UNIQUE"
	}
	if col.PrecisionTag {
		s["PRECISION"] = strconv.Itoa(col.Precision)
	}
	if col.Type != "" {
		s["TYPE"] = col.Type
	}
	if col.Generated != "" {
		s["GENERATED"] = col.Generated
	}
	if col.TagComment != "" {
		s["COMMENT"] = col.TagComment
	} else if col.Comment != "" {
		s["COMMENT"] = col.Comment
	}
	return s
}

// goType picks a Go type of the column's logical kind. Nothing compiles a
// type from it (DataType says everything); it exists because GORM's
// migrator and some drivers call reflect.New on it, which panics on nil.
func goType(col *schema.Column) reflect.Type {
	kind := col.GORMDataType
	if kind == "" {
		kind = col.DataType
	}
	switch kind {
	case schema.Bool:
		return reflect.TypeFor[bool]()
	case schema.Int:
		return reflect.TypeFor[int64]()
	case schema.Uint:
		return reflect.TypeFor[uint64]()
	case schema.Float:
		return reflect.TypeFor[float64]()
	case schema.Time:
		return reflect.TypeFor[time.Time]()
	case schema.Bytes:
		return reflect.TypeFor[[]byte]()
	default:
		return reflect.TypeFor[string]()
	}
}

// dbTyped stands in for a model type with a GormDBDataType method. The
// answers per dialect travel in the Field's struct tag, the one place of a
// Field that no driver interprets while compiling a type.
type dbTyped struct{}

var dbTypedType = reflect.TypeFor[dbTyped]()

const dbTypeTagPrefix = "migragen.dbtype."

// GormDBDataType returns the snapshot's type for db's dialect, or "" so
// that GORM falls back to the dialect's DataTypeOf, as it does when a real
// GormDBDataType method returns "".
func (dbTyped) GormDBDataType(db *gorm.DB, field *gormschema.Field) string {
	return field.Tag.Get(dbTypeTagPrefix + db.Dialector.Name())
}

func dbTypesTag(types map[string]string) reflect.StructTag {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(types)) {
		if types[name] == "" || !validTagKey(name) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(dbTypeTagPrefix + name + ":" + strconv.Quote(types[name]))
	}
	return reflect.StructTag(b.String())
}

// validTagKey reports whether reflect.StructTag.Get can find name as a key.
func validTagKey(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c == ':' || c == '"' || c == 0x7f {
			return false
		}
	}
	return true
}
